package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/nginxcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidateAnalyticsUpstream: validate covers every nginx kind, not
// only click_proxy and momo-rest. An Analytics upstream (api_users) with a
// directive that momoconf reads but nginx refuses fails the Analytics
// change at that file and line, with real nginx -t, and writes nothing.
func TestValidateAnalyticsUpstream(t *testing.T) {
	if !nginxcheck.Available() {
		t.Skip("nginx is not installed: nothing to validate with")
	}
	root := copyAnalytics1(t)
	path := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/api_users_upstream.conf")
	breakFile(t, path, "least_conn;", "least_connections;")
	before := readTree(t, root)
	r, code := runModule(t, map[string]any{"host": analytics3Host, "role": "analytics", "root": root, "validate": true})
	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.False(t, r.Changed)
	assert.Equal(t, "nginx -t refused the new content", r.Validation)
	assert.Regexp(t, `^`+regexp.QuoteMeta(path)+`:\d+:\d+: nginx -t: unknown directive "least_connections"`, r.Msg)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)), "nothing written after a refusal")

	// The same tree unbroken passes, every changed upstream checked.
	root = copyAnalytics1(t)
	r, code = runModule(t, map[string]any{"host": analytics3Host, "role": "analytics", "root": root, "validate": true, "_ansible_check_mode": true})
	require.Equal(t, 0, code, r.Msg)
	assert.Equal(t, "nginx -t accepted 5 file(s)", r.Validation)
}
