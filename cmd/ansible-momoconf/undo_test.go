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

// phased runs the module with args and the phase and txid given.
func phased(t *testing.T, args map[string]any, phase, txid string) *result {
	t.Helper()
	a := map[string]any{"phase": phase, "txid": txid}
	for k, v := range args {
		a[k] = v
	}
	r, code := runModule(t, a)
	require.Equal(t, 0, code, r.Msg)
	return r
}

// TestUndoPhases: a change made in two phases is undone in two phases,
// named by its transaction id: check mode says what would change, prepare
// replaces nothing, abort leaves the change in place, commit puts the tree
// back; run again, the undo finds itself done. A tree where nothing was
// made under that transaction has nothing to undo; a hand edit is refused,
// naming the file.
func TestUndoPhases(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	before := readTree(t, root)
	phased(t, addNode4(root), "prepare", "fleet-1")
	phased(t, map[string]any{"root": root}, "commit", "fleet-1")
	added := readTree(t, root)
	require.NotEqual(t, before, added)

	undoArgs := map[string]any{"root": root, "state": "undo", "undo_txid": "fleet-1"}
	check := map[string]any{"_ansible_check_mode": true, "txid": "undo-fleet-1"}
	for k, v := range undoArgs {
		check[k] = v
	}
	r, code := runModule(t, check)
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, "change 1 of "+root+" would be undone: 3 file(s) would change (check mode)", r.Msg)
	assert.Equal(t, []service{{"ecelerity", "restart"}, {"msys-nginx", "reload"}}, r.Services)

	r = phased(t, undoArgs, "prepare", "undo-fleet-1")
	assert.True(t, r.Prepared)
	assert.Contains(t, r.Msg, "prepared to be undone in transaction undo-fleet-1")
	phased(t, undoArgs, "prepare", "undo-fleet-1") // the same change again
	r = phased(t, map[string]any{"root": root}, "abort", "undo-fleet-1")
	assert.True(t, r.Changed)
	assert.Empty(t, golden.TreeDiff(added, readTree(t, root)), "aborted: the change stands, nothing staged left")

	phased(t, undoArgs, "prepare", "undo-fleet-1")
	r = phased(t, map[string]any{"root": root}, "commit", "undo-fleet-1")
	assert.True(t, r.Changed)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)), "undone, byte for byte")

	r = phased(t, undoArgs, "prepare", "undo-fleet-1")
	assert.False(t, r.Changed)
	assert.False(t, r.Prepared)
	assert.Equal(t, "transaction fleet-1: undone already in "+root+" by change 2 (transaction undo-fleet-1); nothing to do", r.Msg)

	other := filepath.Join(cluster, "node2")
	r = phased(t, map[string]any{"root": other, "state": "undo", "undo_txid": "fleet-1"}, "prepare", "undo-fleet-1")
	assert.False(t, r.Changed)
	assert.Equal(t, "transaction fleet-1: no change of "+other+" was made under it; nothing to undo here", r.Msg)
}

// TestUndoPhaseRefusesHandEdit: a file edited by hand since the change
// makes the prepare of its undo fail, naming the file; nothing is staged.
func TestUndoPhaseRefusesHandEdit(t *testing.T) {
	root := filepath.Join(copyCluster(t), "node1")
	phased(t, addNode4(root), "prepare", "fleet-1")
	phased(t, map[string]any{"root": root}, "commit", "fleet-1")
	conf := filepath.Join(root, "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	data, err := os.ReadFile(conf)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(conf, append(data, "# by hand\n"...), 0o644))
	edited := readTree(t, root)
	r, code := runModule(t, map[string]any{"root": root, "state": "undo", "undo_txid": "fleet-1", "phase": "prepare", "txid": "undo-fleet-1"})
	assert.Equal(t, 1, code)
	assert.Contains(t, r.Msg, "opt/msys/ecelerity/etc/conf/default/msg_gen.conf (edited since)")
	assert.Empty(t, golden.TreeDiff(edited, readTree(t, root)))
	q, code := runModule(t, map[string]any{"state": "query", "root": root})
	require.Equal(t, 0, code, q.Msg)
	assert.Empty(t, q.Pending)
}
