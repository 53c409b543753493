package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/history"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// node5 is a node the tests add to one host's tree after a fleet change,
// to push the change's record out of a short history.
var node5 = momoconf.Node{Host: "node5.int.example.com", IP: "10.77.0.98", MTAID: 9}

// laterChange adds node5 to the tree at root, or removes it when it is
// there, keeping only the newest keep records of its history.
func laterChange(t *testing.T, root string, keep int) {
	t.Helper()
	c, err := momoconf.Open(context.Background(), root, momoconf.Options{})
	require.NoError(t, err)
	defer c.Close()
	listed := false
	for _, m := range c.Status().Members {
		listed = listed || m.Host == node5.Host
	}
	p, err := c.AddNode(node5, momoconf.AddOptions{})
	if listed {
		p, err = c.RemoveNode(node5, momoconf.RemoveOptions{})
	}
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), momoconf.ApplyOptions{History: keep}))
}

// historyOf returns the records of the tree at root, newest first.
func historyOf(t *testing.T, root string) []momoconf.HistoryRecord {
	t.Helper()
	c, err := momoconf.Open(context.Background(), root, momoconf.Options{})
	require.NoError(t, err)
	defer c.Close()
	recs, err := c.History()
	require.NoError(t, err)
	return recs
}

// TestUndoTellsReach: the check-mode read of state=undo tells the fleet's
// decision the time of the change where the history holds it, nothing
// more where the history was never pruned, and how far back it reaches
// where it was; a pruned marker that is not trusted fails the read.
func TestUndoTellsReach(t *testing.T) {
	cluster := copyCluster(t)
	holder, never, pruned := filepath.Join(cluster, "node1"), filepath.Join(cluster, "node2"), filepath.Join(cluster, "node3")
	for _, root := range []string{holder, pruned} {
		phased(t, addNode4(root), "prepare", "fleet-1")
		phased(t, map[string]any{"root": root}, "commit", "fleet-1")
	}
	laterChange(t, pruned, 1)
	recs := historyOf(t, pruned)
	require.Len(t, recs, 1, "the fleet's record is pruned")
	require.Empty(t, recs[0].TxID)

	read := func(root string) (*result, int) {
		return runModule(t, map[string]any{"root": root, "state": "undo", "undo_txid": "fleet-1", "txid": "undo-fleet-1", "_ansible_check_mode": true})
	}
	r, code := read(holder)
	require.Equal(t, 0, code, r.Msg)
	assert.Equal(t, historyOf(t, holder)[0].Time.UTC().Format(time.RFC3339Nano), r.RecordTime)
	assert.Empty(t, r.HistorySince)

	r, code = read(never)
	require.Equal(t, 0, code, r.Msg)
	assert.Empty(t, r.RecordTime)
	assert.Empty(t, r.HistorySince, "never pruned: absent")
	assert.Equal(t, "transaction fleet-1: no change of "+never+" was made under it; nothing to undo here", r.Msg)

	since, err := history.Reach(pruned)
	require.NoError(t, err)
	require.False(t, since.IsZero())
	r, code = read(pruned)
	require.Equal(t, 0, code, r.Msg)
	assert.False(t, r.Changed)
	assert.Empty(t, r.RecordTime)
	assert.Equal(t, since.UTC().Format(time.RFC3339Nano), r.HistorySince)
	assert.Contains(t, r.Msg, "which reaches back to "+r.HistorySince+" (older records were pruned)")

	marker := filepath.Join(history.DirOf(pruned), history.PrunedName)
	require.NoError(t, os.Chmod(marker, 0o666))
	tree := readTree(t, pruned)
	r, code = read(pruned)
	assert.Equal(t, 1, code)
	assert.Contains(t, r.Msg, marker+" (owner uid")
	assert.Contains(t, r.Msg, "not trusted: writable by group or others (mode 0666)")
	assert.Empty(t, golden.TreeDiff(tree, readTree(t, pruned)))
}

// undoView is a host's state=undo read as Ansible registers it.
func undoView(extra map[string]any) map[string]any {
	v := map[string]any{"changed": false, "msg": "ok"}
	for k, x := range extra {
		v[k] = x
	}
	return v
}

// The times of the decision's table: the change was made at made (on the
// earliest host), a second later on another.
const (
	beforeMade = "2026-12-07T05:29:59.5Z"
	made       = "2026-12-07T05:30:00Z"
	madeLater  = "2026-12-07T05:30:01Z"
	afterMade  = "2026-12-07T06:00:00Z"
)

// TestDecideUndo: the fleet's one decision on an undo, from every host's
// view.
func TestDecideUndo(t *testing.T) {
	holds := func(at string) map[string]any { return undoView(map[string]any{"changed": true, "record_time": at}) }
	for _, tc := range []struct {
		name  string
		views map[string]any
		want  string // the failure, or the message of success
	}{
		{"every host holds it",
			map[string]any{"h1": holds(made), "h2": holds(madeLater), "h3": holds(made)},
			"undo fleet-1 as transaction undo-fleet-1 on 3 host(s); undone already on 0 host(s)"},
		{"a host that never made it, never pruned",
			map[string]any{"h1": holds(made), "h2": undoView(nil), "h3": holds(made)},
			"undo fleet-1 as transaction undo-fleet-1 on 2 host(s); undone already on 0 host(s)"},
		{"a host that pruned only before the change",
			map[string]any{"h1": holds(made), "h2": undoView(map[string]any{"history_since": beforeMade}), "h3": holds(madeLater)},
			"undo fleet-1 as transaction undo-fleet-1 on 2 host(s); undone already on 0 host(s)"},
		{"a host that pruned after the change",
			map[string]any{"h1": holds(made), "h2": undoView(map[string]any{"history_since": afterMade}), "h3": holds(made)},
			"h2: its history no longer reaches back to transaction fleet-1 (records up to " + afterMade + " were pruned); cannot tell whether it made that change; nothing undone anywhere"},
		{"pruned at the change's very time",
			map[string]any{"h1": holds(made), "h2": undoView(map[string]any{"history_since": made}), "h3": holds(madeLater)},
			"h2: its history no longer reaches back to transaction fleet-1 (records up to " + made + " were pruned)"},
		{"the earliest holder's time counts",
			map[string]any{"h1": holds(madeLater), "h2": undoView(map[string]any{"history_since": made}), "h3": holds(made)},
			"h2: its history no longer reaches back"},
		{"two hosts that pruned after the change",
			map[string]any{"h1": undoView(map[string]any{"history_since": afterMade}), "h2": holds(made), "h3": undoView(map[string]any{"history_since": madeLater})},
			"h1: its history no longer reaches back to transaction fleet-1 (records up to " + afterMade + " were pruned); cannot tell whether it made that change\n" +
				"h3: its history no longer reaches back to transaction fleet-1 (records up to " + madeLater + " were pruned); cannot tell whether it made that change; nothing undone anywhere"},
		{"no host holds it, one pruned",
			map[string]any{"h1": undoView(nil), "h2": undoView(map[string]any{"history_since": beforeMade}), "h3": undoView(nil)},
			"h2: its history no longer reaches back to transaction fleet-1"},
		{"no host made it",
			map[string]any{"h1": undoView(nil), "h2": undoView(nil), "h3": undoView(nil)},
			"no host made a change under transaction fleet-1: nothing to undo"},
		{"undone already on every host",
			map[string]any{"h1": undoView(map[string]any{"undone_already": true, "record_time": made}), "h2": undoView(map[string]any{"undone_already": true}), "h3": undoView(nil)},
			"undo fleet-1 as transaction undo-fleet-1 on 0 host(s); undone already on 2 host(s)"},
		{"undone on some, pruned after on another",
			map[string]any{"h1": undoView(map[string]any{"undone_already": true, "record_time": made}), "h2": holds(made), "h3": undoView(map[string]any{"history_since": afterMade})},
			"h3: its history no longer reaches back"},
		{"an unreachable host",
			map[string]any{"h1": holds(made), "h2": map[string]any{"unreachable": true, "msg": "ssh: connect refused"}, "h3": holds(made)},
			"h2: unreachable: ssh: connect refused"},
		{"a host whose read failed",
			map[string]any{"h1": holds(made), "h2": undoView(nil), "h3": map[string]any{"failed": true, "msg": "pruned (owner uid 0): not trusted"}},
			"h3: pruned (owner uid 0): not trusted"},
		{"a host that did not answer",
			map[string]any{"h1": holds(made), "h2": holds(made)},
			"h3: no answer to the read"},
		{"a time that is not one",
			map[string]any{"h1": holds("yesterday"), "h2": holds(made), "h3": holds(made)},
			`h1: record_time "yesterday": expected an RFC 3339 time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, code := runModule(t, map[string]any{"state": "decide", "change": "undo", "undo_txid": "fleet-1", "txid": "undo-fleet-1",
				"hosts": []string{"h1", "h2", "h3"}, "views": tc.views})
			assert.False(t, r.Changed)
			if code == 0 {
				assert.Equal(t, tc.want, r.Msg)
				return
			}
			assert.Equal(t, 1, code)
			assert.True(t, r.Failed)
			assert.Contains(t, r.Msg, tc.want)
		})
	}
}
