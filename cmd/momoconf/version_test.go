package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

var versionTextTests = []struct {
	desc string
	info *debug.BuildInfo
	ok   bool
	want string
}{
	{"no build info", nil, false, "momoconf (unknown version: no build information)\n"},
	{"devel without vcs", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}, true,
		"momoconf (devel)\n  built with go1.26.0\n"},
	{"empty version", &debug.BuildInfo{GoVersion: "go1.26.0"}, true,
		"momoconf (devel)\n  built with go1.26.0\n"},
	{"tagged, clean", &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Version: "v1.2.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "b3be09a1"},
			{Key: "vcs.time", Value: "2026-12-04T17:00:00Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}, true, "momoconf v1.2.0\n  revision b3be09a1\n  commit time 2026-12-04T17:00:00Z\n  built with go1.26.0\n"},
	{"modified tree", &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Version: "v1.2.1-0.20261204170000-b3be09a1+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "b3be09a1"},
			{Key: "vcs.modified", Value: "true"},
		},
	}, true, "momoconf v1.2.1-0.20261204170000-b3be09a1+dirty\n  revision b3be09a1 (modified)\n  built with go1.26.0\n"},
}

func TestVersionText(t *testing.T) {
	for _, tt := range versionTextTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, versionText(tt.info, tt.ok))
		})
	}
}
