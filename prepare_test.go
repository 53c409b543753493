package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/txn"
)

// prepareNode4 prepares the addition of node4 to a copy of the example
// cluster under id, and returns the cluster folder and its options.
func prepareNode4(t *testing.T, id string) (string, Options) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree("testdata/cluster", dir))
	opts := Options{Cluster: true}
	c, err := Open(context.Background(), dir, opts)
	require.NoError(t, err)
	defer c.Close()
	p, err := c.AddNode(node4, AddOptions{NewNodeDir: "node4", From: "node1"})
	require.NoError(t, err)
	require.NoError(t, p.Prepare(context.Background(), id, ApplyOptions{}))
	require.NoError(t, p.Prepare(context.Background(), id, ApplyOptions{}), "idempotent")
	return dir, opts
}

func TestPrepareOpenCommit(t *testing.T) {
	dir, opts := prepareNode4(t, "tx-1")
	before, err := golden.ReadTree(filepath.Join("testdata", "cluster"))
	require.NoError(t, err)
	got, err := golden.ReadTree(dir)
	require.NoError(t, err)
	for p := range got {
		if filepath.Base(p) != ".momoconf-journal" && filepath.Ext(p) != ".momoconf-tmp" {
			assert.Contains(t, before, p, "prepare replaces and creates nothing visible")
		}
	}

	c, err := Open(context.Background(), dir, opts)
	require.NoError(t, err)
	prepared := c.Prepared()
	require.Len(t, prepared, 1)
	assert.Equal(t, "tx-1", prepared[0].ID)
	assert.Contains(t, prepared[0].Description, "add-node node4.int.example.com 10.77.0.97")
	assert.Empty(t, c.Recovered())
	assert.Empty(t, c.Status().Drift, "reading works while prepared")
	p, err := c.RemoveNode(Node{Host: "node3.int.example.com"}, RemoveOptions{})
	require.NoError(t, err, "planning works")
	err = p.Apply(context.Background(), ApplyOptions{})
	require.ErrorIs(t, err, codes.Prepared)
	assert.Contains(t, err.Error(), "transaction tx-1")
	require.ErrorIs(t, p.Prepare(context.Background(), "tx-2", ApplyOptions{}), codes.Prepared)
	require.NoError(t, c.Close())

	// The package-level functions, which lock for themselves, refuse too.
	p, err = removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.ErrorIs(t, p.Apply(context.Background(), ApplyOptions{}), codes.Prepared)

	require.NoError(t, CommitPrepared(context.Background(), dir, opts, "tx-1"))
	checkTree(t, dir, "cluster-after-add-node4")
	require.NoError(t, CommitPrepared(context.Background(), dir, opts, "tx-1"), "a retried commit succeeds")
	require.ErrorIs(t, CommitPrepared(context.Background(), dir, opts, "tx-9"), codes.NotPrepared)
	c, err = Open(context.Background(), dir, opts)
	require.NoError(t, err)
	assert.Empty(t, c.Prepared())
	require.NoError(t, c.Close())
}

func TestCommitRefusedAfterHandEditThenAbort(t *testing.T) {
	dir, opts := prepareNode4(t, "tx-1")
	edited := filepath.Join(dir, "node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf")
	data, err := os.ReadFile(edited)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(edited, append(data, "# hand edit\n"...), 0o644))

	err = CommitPrepared(context.Background(), dir, opts, "tx-1")
	require.ErrorIs(t, err, codes.PlanStale)
	assert.Contains(t, err.Error(), "node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf (edited since prepare)")

	require.NoError(t, AbortPrepared(context.Background(), dir, opts, "tx-1"))
	want, err := golden.ReadTree("testdata/cluster")
	require.NoError(t, err)
	want["node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"] = append(data, "# hand edit\n"...)
	got, err := golden.ReadTree(dir)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(want, got), "abort leaves no trace")
	assert.NoDirExists(t, filepath.Join(dir, "node4"), "the folders prepare made are gone")
	require.NoError(t, AbortPrepared(context.Background(), dir, opts, "tx-1"), "nothing prepared: no-op")
}

// A failure after the commit point (here the journal cannot be removed:
// something put a folder in its place) is a warning, not an error: the
// change stands, as committed.
func TestFailureAfterCommitIsAWarning(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree("testdata/cluster", dir))
	journal := filepath.Join(dir, ".momoconf-journal")
	txn.SetTestHookAtCommit(func(string) {
		require.NoError(t, os.Rename(journal, journal+".saved"))
		require.NoError(t, os.MkdirAll(filepath.Join(journal, "x"), 0o755))
	})
	defer txn.SetTestHookAtCommit(nil)
	p := planNode4(t, dir, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	require.NotEmpty(t, p.Warnings)
	last := p.Warnings[len(p.Warnings)-1]
	assert.Equal(t, codes.Committed, last.Code)
	assert.Contains(t, last.Message, "committed; removing the journal failed")
	require.NoError(t, os.RemoveAll(journal))
	require.NoError(t, os.Remove(journal+".saved"))
	checkTree(t, dir, "cluster-after-add-node4")
}
