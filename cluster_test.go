package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
)

// exampleCluster copies testdata/cluster to a fresh folder.
func exampleCluster(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree(filepath.Join("testdata", "cluster"), dir))
	return dir
}

// checkTree compares dir with the golden tree testdata/<name>, byte for
// byte; with -update it replaces the golden tree with dir.
func checkTree(t *testing.T, dir, name string) {
	t.Helper()
	want := filepath.Join("testdata", name)
	if golden.Updating() {
		require.NoError(t, os.RemoveAll(want))
		require.NoError(t, golden.CopyTree(dir, want))
		return
	}
	got, err := golden.ReadTree(dir)
	require.NoError(t, err)
	exp, err := golden.ReadTree(want)
	require.NoError(t, err)
	diffs := golden.TreeDiff(exp, got)
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Errorf("testdata/%s (-want +got): %s", name, d)
	}
	for name, data := range got {
		if w, ok := exp[name]; ok && string(w) != string(data) {
			t.Errorf("%s:\n%s", name, golden.Diff(string(w), string(data)))
		}
	}
}

// checkText compares got with the golden file testdata/<name>.
func checkText(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if golden.Updating() {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "testdata/%s (-want +got):\n%s", name, golden.Diff(string(want), got))
}

// TestExampleClusterAddNode4 adds node4 to the example cluster, with a
// new host tree copied from node1, and compares the whole cluster after
// the change, and the plan's diff, with golden copies.
func TestExampleClusterAddNode4(t *testing.T) {
	dir := exampleCluster(t)
	node := Node{Host: "node4.int.example.com", IP: "10.77.0.97"}
	p, err := addNodeAt(dir, node, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	require.NoError(t, err)
	assert.Equal(t, 5, p.Node.MTAID, "mta_id 4 is retired by a commented-out stanza")
	assert.Empty(t, p.Warnings)
	checkText(t, "add-node4.diff", p.Diff())
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	checkTree(t, dir, "cluster-after-add-node4")

	again, err := addNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.False(t, again.Changed(), "a second AddNode must change nothing:\n%s", again.Diff())
	assert.Equal(t, 5, again.Node.MTAID)
}

// TestExampleClusterRemoveNode2 removes node2 and compares the whole
// cluster after the change with a golden copy; node2's own tree is kept.
func TestExampleClusterRemoveNode2(t *testing.T) {
	dir := exampleCluster(t)
	p, err := removeNodeAt(dir, Node{Host: "node2.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, "10.77.0.94", p.Node.IP, "the address comes from the peers")
	assert.Equal(t, []string{"node2: skipped, it is the node being removed (listen_address 10.77.0.94)"}, p.Skipped)
	require.Len(t, p.Warnings, 2, "one seeds warning per remaining Platform tree: %v", p.Warnings)
	checkText(t, "remove-node2.diff", p.Diff())
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	checkTree(t, dir, "cluster-after-remove-node2")

	again, err := removeNodeAt(dir, Node{Host: "node2.int.example.com", IP: "10.77.0.94"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.False(t, again.Changed(), "a second RemoveNode must change nothing:\n%s", again.Diff())
}

// TestAddThenRemoveRestores checks that removing a node just added gives
// every file back byte for byte.
func TestAddThenRemoveRestores(t *testing.T) {
	dir := exampleCluster(t)
	before, err := golden.ReadTree(dir)
	require.NoError(t, err)
	node := Node{Host: "node4.int.example.com", IP: "10.77.0.97"}
	p, err := addNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	p, err = removeNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	after, err := golden.ReadTree(dir)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(before, after))
}
