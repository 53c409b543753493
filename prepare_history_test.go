package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/history"
)

// clockAt is a clock stopped at t.
func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

var (
	firstClock  = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	secondClock = firstClock.Add(90 * time.Minute)
)

// prepareAt plans the addition of node4 (its tree too, or the lists only)
// on the cluster folder dir and prepares it under id with the clock at.
func prepareAt(t *testing.T, dir, id string, withTree bool, at time.Time) error {
	t.Helper()
	c := openCluster(t, dir)
	opts := AddOptions{}
	if withTree {
		opts = AddOptions{NewNodeDir: "node4", From: "node1"}
	}
	p, err := c.AddNode(node4, opts)
	require.NoError(t, err)
	err = p.Prepare(context.Background(), id, ApplyOptions{Now: clockAt(at)})
	require.NoError(t, c.Close())
	return err
}

// historyOf returns the history of the cluster folder dir, read under
// its lock, released before it returns.
func historyOf(t *testing.T, dir string) ([]HistoryRecord, error) {
	t.Helper()
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	require.NoError(t, err)
	defer c.Close()
	return c.History()
}

// visible is the tree of dir without what a prepare stages: the new
// contents beside their targets, and the journal.
func visible(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := readTree(t, dir)
	for p := range files {
		if strings.HasSuffix(p, ".momoconf-tmp") || p == ".momoconf-journal" {
			delete(files, p)
		}
	}
	return files
}

// A change made in two phases leaves one record, carrying its
// transaction id and the time of the first prepare, even when prepared
// again later; undoing it gives back the tree before, byte for byte.
func TestPreparedChangeIsRecorded(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	before := readTree(t, dir)
	require.NoError(t, prepareAt(t, dir, "fleet-1", true, firstClock))
	require.NoError(t, prepareAt(t, dir, "fleet-1", true, secondClock), "the same change, prepared again at another time")
	recs, err := historyOf(t, dir)
	require.NoError(t, err)
	assert.Empty(t, recs, "nothing is recorded before the commit")

	require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1"))
	checkTree(t, dir, "cluster-after-add-node4")
	recs, err = historyOf(t, dir)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "1", recs[0].ID)
	assert.Equal(t, "fleet-1", recs[0].TxID)
	assert.Equal(t, firstClock, recs[0].Time, "the record staged by the first prepare")
	assert.Equal(t, "add-node node4.int.example.com", recs[0].Command)
	assert.Contains(t, recs[0].Files, HistoryFile{Path: "node4/opt/msys/ecelerity/etc/conf/default/msg_gen.conf", Change: "created"})
	info, err := os.Stat(filepath.Join(history.DirOf(dir), "1.json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	undoLatest(t, dir)
	assert.Equal(t, before, readTree(t, dir), "undo gives back the tree before the prepared change")
	recs, err = historyOf(t, dir)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "undo 1", recs[0].Command)
	assert.Empty(t, recs[0].TxID, "an undo applied at once has no transaction id")
}

// A different change under the id of a prepared one is refused, and the
// prepared one stays as it was, record included.
func TestPrepareOtherChangeSameIDRefused(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	require.NoError(t, prepareAt(t, dir, "fleet-1", false, firstClock))
	staged := readStaged(t, dir)
	require.Len(t, staged, 1, "the record is staged: %v", staged)
	err := prepareAt(t, dir, "fleet-1", true, firstClock)
	require.ErrorIs(t, err, codes.Prepared)
	assert.Contains(t, err.Error(), "another change is prepared under the same id")
	assert.Equal(t, staged, readStaged(t, dir))
}

// readStaged returns the staged files of the history folder of dir.
func readStaged(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(history.DirOf(dir))
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(history.DirOf(dir), e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(data)
	}
	return out
}

// An abort removes the staged record with the change: no record, no
// history folder, the tree as before.
func TestAbortedChangeLeavesNoRecord(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	before := readTree(t, dir)
	require.NoError(t, prepareAt(t, dir, "fleet-1", true, firstClock))
	require.NoError(t, AbortPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1"))
	assert.Equal(t, before, readTree(t, dir))
	assert.NoDirExists(t, history.DirOf(dir), "the history folder the prepare made is gone")
	recs, err := historyOf(t, dir)
	require.NoError(t, err)
	assert.Empty(t, recs)
}

// An undo of a change that only edited files can itself be prepared and
// committed, as a fleet undoes a change on every host.
func TestUndoInTwoPhases(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	before := readTree(t, dir)
	require.NoError(t, prepareAt(t, dir, "fleet-1", false, firstClock))
	require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1"))
	added := readTree(t, dir)
	require.NotEqual(t, before, added)

	c := openCluster(t, dir)
	p, err := c.Undo("1")
	require.NoError(t, err)
	require.NoError(t, p.Prepare(context.Background(), "fleet-1-undo", ApplyOptions{Now: clockAt(secondClock), Command: "undo txid fleet-1"}))
	require.NoError(t, c.Close())
	assert.Equal(t, added, visible(t, dir), "prepared: nothing replaced")
	require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1-undo"))
	assert.Equal(t, before, readTree(t, dir))
	recs, err := historyOf(t, dir)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "fleet-1-undo", recs[0].TxID)
	assert.Equal(t, "undo txid fleet-1", recs[0].Command)
}

// An undo that removes files and folders (those of a new node's tree)
// can be prepared too: nothing is removed until the commit, and the
// commit gives back the tree from before the change.
func TestUndoRemovingFilesInTwoPhases(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	before := readTree(t, dir)
	require.NoError(t, prepareAt(t, dir, "fleet-1", true, firstClock))
	require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1"))
	after := readTree(t, dir)
	c := openCluster(t, dir)
	p, err := c.Undo("")
	require.NoError(t, err)
	require.NoError(t, p.Prepare(context.Background(), "fleet-1-undo", ApplyOptions{}))
	require.NoError(t, c.Close())
	assert.Equal(t, after, visible(t, dir), "prepared: nothing removed yet")
	require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true}, "fleet-1-undo"))
	assert.Equal(t, before, readTree(t, dir))
	assert.NoDirExists(t, filepath.Join(dir, "node4"))
}

// The history limit holds for changes committed in two phases: the
// oldest records go first, after the commit.
func TestPreparedChangesKeepTheLimit(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	ids := []string{"fleet-1", "fleet-2", "fleet-3"}
	for i, id := range ids {
		c := openCluster(t, dir)
		var p *Plan
		var err error
		if i%2 == 0 {
			p, err = c.AddNode(node4, AddOptions{})
		} else {
			p, err = c.RemoveNode(node4, RemoveOptions{})
		}
		require.NoError(t, err)
		require.NoError(t, p.Prepare(context.Background(), id, ApplyOptions{}))
		require.NoError(t, c.Close())
		require.NoError(t, CommitPrepared(context.Background(), dir, Options{Cluster: true, History: 2}, id))
	}
	recs, err := historyOf(t, dir)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, []string{"3", "2"}, []string{recs[0].ID, recs[1].ID})
	assert.Equal(t, []string{"fleet-3", "fleet-2"}, []string{recs[0].TxID, recs[1].TxID})
}
