package main

import (
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	twoTierDir     = "../../testdata/two-tier"
	afterAddA3Dir  = "../../testdata/two-tier-after-add-analytics3"
	afterRemA2Dir  = "../../testdata/two-tier-after-remove-analytics2"
	analytics3Host = "analytics3.int.example.com"
)

// copyAnalytics1 copies the two-tier example's analytics1 host tree into a
// temporary folder, as the host's / would hold it.
func copyAnalytics1(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "analytics1")
	require.NoError(t, golden.CopyTree(filepath.Join(twoTierDir, "analytics1"), dir))
	return dir
}

// TestAnalyticsNode runs the module binary with role=analytics on the
// analytics1 tree: adding analytics3 (no ip, no mta_id) changes it as
// the library changes that tree in a cluster-wide run, a second run
// changes nothing, and removing analytics2 likewise.
func TestAnalyticsNode(t *testing.T) {
	tests := []struct {
		desc string
		args map[string]any
		want string // the cluster-wide result whose analytics1 tree is expected
	}{
		{"present", map[string]any{"host": analytics3Host, "role": "analytics"}, afterAddA3Dir},
		{"absent", map[string]any{"host": "analytics2.int.example.com", "role": "analytics", "state": "absent"}, afterRemA2Dir},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			root := copyAnalytics1(t)
			tt.args["root"] = root
			r, code := runModule(t, tt.args)
			require.Equal(t, 0, code, r.Msg)
			assert.False(t, r.Failed, r.Msg)
			assert.True(t, r.Changed, r.Msg)
			assert.Contains(t, r.Msg, "Analytics node ")
			assert.NotContains(t, r.Msg, "mta_id", "an Analytics node has no mta_id")
			assert.Zero(t, r.MTAID)
			assert.Contains(t, r.Files, filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf"))
			assert.Empty(t, golden.TreeDiff(readTree(t, filepath.Join(tt.want, "analytics1")), readTree(t, root)))

			again, code := runModule(t, tt.args)
			require.Equal(t, 0, code, again.Msg)
			assert.False(t, again.Changed, again.Msg)
			assert.Contains(t, again.Msg, "nothing to change")
		})
	}
}

// TestAnalyticsCheckMode: check mode with role=analytics says what would
// change and writes nothing.
func TestAnalyticsCheckMode(t *testing.T) {
	root := copyAnalytics1(t)
	before := readTree(t, root)
	r, code := runModule(t, map[string]any{"host": analytics3Host, "role": "analytics", "root": root, "_ansible_check_mode": true})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Contains(t, r.Msg, "would be added")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)))
}

// TestAnalyticsRefusals: an mta_id with role=analytics fails with a
// message that says why, and writes nothing; a query with
// role=analytics and a host gives no mta_id for it.
func TestAnalyticsRefusals(t *testing.T) {
	root := copyAnalytics1(t)
	before := readTree(t, root)
	r, code := runModule(t, map[string]any{"host": analytics3Host, "role": "analytics", "mta_id": 7, "root": root})
	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.False(t, r.Changed)
	assert.Equal(t, "mta_id is for Platform nodes only: an Analytics node has none (leave mta_id out with role=analytics)", r.Msg)

	r, code = runModule(t, map[string]any{"host": analytics3Host, "role": "analytics", "state": "query", "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.Contains(t, r.Nodes, "analytics2.int.example.com")
	assert.Zero(t, r.MTAID, "an Analytics node has no mta_id")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)))
}
