package main

import (
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhases: prepare stages the change and replaces nothing; a query
// reports it; another change is refused, naming the transaction; commit
// puts it in place (and is a no-op when repeated); abort of a second
// prepared change leaves the tree as it was.
func TestPhases(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	before := readTree(t, root)

	args := addNode4(root)
	args["phase"], args["txid"] = "prepare", "tx-add-node4"
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.True(t, r.Prepared)
	staged := readTree(t, root)
	for path, data := range before {
		assert.Equal(t, string(data), string(staged[path]), "prepare replaces nothing: %s", path)
	}
	assert.Greater(t, len(staged), len(before), "staged files and the prepared journal")

	r, code = runModule(t, args)
	require.Equal(t, 0, code, r.Msg)

	q, code := runModule(t, map[string]any{"state": "query", "root": root})
	require.Equal(t, 0, code, q.Msg)
	require.Len(t, q.Pending, 1)
	assert.Equal(t, "tx-add-node4", q.Pending[0].TxID)
	assert.Contains(t, q.Pending[0].Description, "node4.int.example.com")

	other, code := runModule(t, map[string]any{"host": "node5.int.example.com", "ip": "10.77.0.98", "root": root})
	assert.Equal(t, 1, code)
	assert.Contains(t, other.Msg, "tx-add-node4")

	r, code = runModule(t, map[string]any{"phase": "commit", "txid": "tx-add-node4", "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	want := readTree(t, afterAddDir+"/node1")
	assert.Empty(t, golden.TreeDiff(want, readTree(t, root)), "committed: the CLI's bytes, nothing staged left")
	r, code = runModule(t, map[string]any{"phase": "commit", "txid": "tx-add-node4", "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.False(t, r.Changed, "a second commit does nothing")

	rm := map[string]any{"state": "absent", "host": "node4.int.example.com", "root": root, "phase": "prepare", "txid": "tx-rm"}
	r, code = runModule(t, rm)
	require.Equal(t, 0, code, r.Msg)
	r, code = runModule(t, map[string]any{"phase": "abort", "txid": "tx-rm", "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Empty(t, golden.TreeDiff(want, readTree(t, root)), "aborted: as before the prepare, nothing staged left")
}
