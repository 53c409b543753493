package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUndo: state=undo on a host tree puts back the change the module
// made there: in check mode (with diff) it says what would change and
// writes nothing; then it undoes it, byte for byte; a second undo redoes
// it; undoing the first change then is refused, naming the later one.
func TestUndo(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	before := readTree(t, root)
	r, code := runModule(t, addNode4(root))
	require.Equal(t, 0, code, r.Msg)
	added := readTree(t, root)

	r, code = runModule(t, map[string]any{"root": root, "state": "undo", "_ansible_check_mode": true, "_ansible_diff": true})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, "change 1 of "+root+" would be undone: 3 file(s) would change (check mode)", r.Msg)
	require.Len(t, r.Diff, 3)
	for _, d := range r.Diff {
		rel, err := filepath.Rel(root, d.AfterHeader)
		require.NoError(t, err)
		assert.Equal(t, string(added[rel]), d.Before, rel)
		assert.Equal(t, string(before[rel]), d.After, rel)
	}
	assert.Empty(t, golden.TreeDiff(added, readTree(t, root)), "check mode writes nothing")

	r, code = runModule(t, map[string]any{"root": root, "state": "undo", "id": 1})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, "change 1 of "+root+" undone: 3 file(s) changed", r.Msg)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)))

	r, code = runModule(t, map[string]any{"root": root, "state": "undo"})
	require.Equal(t, 0, code, r.Msg)
	assert.Empty(t, golden.TreeDiff(added, readTree(t, root)), "the undo of the undo")

	r, code = runModule(t, map[string]any{"root": root, "state": "undo", "id": "1"})
	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.False(t, r.Changed)
	assert.Contains(t, r.Msg, "undo change 3 first")
	assert.Empty(t, golden.TreeDiff(added, readTree(t, root)))
}

// TestUndoRefusesUntrustedHistory: a record group or others can write is
// refused, in check mode too, and nothing is written.
func TestUndoRefusesUntrustedHistory(t *testing.T) {
	root := filepath.Join(copyCluster(t), "node1")
	r, code := runModule(t, addNode4(root))
	require.Equal(t, 0, code, r.Msg)
	require.NoError(t, os.Chmod(filepath.Join(root, ".momoconf", "history", "1.json"), 0o666))
	added := readTree(t, root)
	for _, check := range []bool{true, false} {
		r, code = runModule(t, map[string]any{"root": root, "state": "undo", "_ansible_check_mode": check})
		assert.Equal(t, 1, code)
		assert.Contains(t, r.Msg, "1.json (owner uid")
		assert.Contains(t, r.Msg, "not trusted: writable by group or others (mode 0666)")
	}
	assert.Empty(t, golden.TreeDiff(added, readTree(t, root)))
}
