package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionText describes the build from its build information: the main
// module's version ("(devel)" for a build from a checkout without a tag),
// the VCS revision, whether the work tree had changes, the commit time,
// when the build recorded them, and the Go version.
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "momoconf (unknown version: no build information)\n"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "momoconf %s\n", version)
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "  revision %s", rev)
		if settings["vcs.modified"] == "true" {
			b.WriteString(" (modified)")
		}
		b.WriteString("\n")
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "  commit time %s\n", t)
	}
	fmt.Fprintf(&b, "  built with %s\n", info.GoVersion)
	return b.String()
}
