package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/history"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// histories reads every host's history folder, records and pruned marker,
// by host and file name: what a refused undo must leave as it was.
func histories(t *testing.T, f *fleet) map[string]map[string][]byte {
	t.Helper()
	out := map[string]map[string][]byte{}
	for _, h := range f.hosts {
		out[h.name] = map[string][]byte{}
		entries, err := os.ReadDir(history.DirOf(h.root))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(history.DirOf(h.root), e.Name()))
			require.NoError(t, err)
			out[h.name][e.Name()] = data
		}
	}
	return out
}

// TestFleetUndoRefusedWhenAHostForgot: a host that made the fleet change
// and then so many changes of its own that its short history pruned the
// change's record makes undo.yml refuse before anything is prepared,
// naming the host: every host's tree and history stay byte-identical.
func TestFleetUndoRefusedWhenAHostForgot(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	txid := fleetChange(t, f, "add-node.yml", listsArgs...)
	node3 := f.host("node3").root
	laterChange(t, node3, 1)
	for _, r := range historyOf(t, node3) {
		require.NotEqual(t, txid, r.TxID, "node3's record of the fleet change is pruned")
	}
	since, err := history.Reach(node3)
	require.NoError(t, err)
	require.False(t, since.IsZero())
	before, hist := f.trees(), histories(t, f)

	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid)
	require.False(t, ok, out)
	assert.Contains(t, out, "node3: its history no longer reaches back to transaction "+txid+" (records up to "+timeText(since)+" were pruned); cannot tell whether it made that change; nothing undone anywhere")
	assert.NotContains(t, out, "TASK [Prepare", "no host is asked to prepare")
	assertTrees(t, f, before, "a refused undo")
	assert.Equal(t, hist, histories(t, f), "no history written anywhere")
}

// TestFleetUndoPastOldPruning: a host whose history was pruned only
// before the fleet change, and that made nothing under it (it listed the
// node already), counts as having nothing to undo: undo.yml undoes the
// change on every other host and leaves that one as it was.
func TestFleetUndoPastOldPruning(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	node3 := f.host("node3").root
	laterChange(t, node3, 1) // node5 added
	laterChange(t, node3, 1) // and removed: record 1 pruned
	c, err := momoconf.Open(context.Background(), node3, momoconf.Options{})
	require.NoError(t, err)
	p, err := c.AddNode(momoconf.Node{Host: node4.Host, IP: node4.IP}, momoconf.AddOptions{})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), momoconf.ApplyOptions{History: 1})) // record 2 pruned
	require.NoError(t, c.Close())
	since, err := history.Reach(node3)
	require.NoError(t, err)
	require.False(t, since.IsZero())
	before := f.trees()

	txid := fleetChange(t, f, "add-node.yml", listsArgs...)
	recs := historyOf(t, node3)
	require.Len(t, recs, 1, "node3 listed node4 already: the fleet change made nothing there")
	require.NotEqual(t, txid, recs[0].TxID)
	made := historyOf(t, f.host("node1").root)[0]
	require.Equal(t, txid, made.TxID)
	require.True(t, since.Before(made.Time), "node3 pruned only before the change")

	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid, "-e", "momoconf_restart=false")
	require.True(t, ok, out)
	assert.Contains(t, out, "as transaction undo-"+txid+" on 4 host(s); undone already on 0 host(s)")
	assertTrees(t, f, before, "the undone addition")
}
