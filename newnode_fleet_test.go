package momoconf

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
)

// TestNewNodeFilesAcrossHosts: the files exported from node1's tree alone
// and created in an empty tree make, byte for byte, the node4 tree that a
// cluster-folder addition with --new-node-dir node4 --from node1 makes; a
// second plan finds everything already so.
func TestNewNodeFilesAcrossHosts(t *testing.T) {
	dir := exampleCluster(t)
	ctx := context.Background()
	src, err := Open(ctx, filepath.Join(dir, "node1"), Options{})
	require.NoError(t, err)
	files, _, err := src.NewNodeFiles(node4)
	require.NoError(t, err)
	require.NoError(t, src.Close())
	require.NotEmpty(t, files)

	dst := filepath.Join(t.TempDir(), "node4")
	require.NoError(t, os.Mkdir(dst, 0o755))
	c, err := Open(ctx, dst, Options{NewNode: true})
	require.NoError(t, err)
	p, err := c.AddNode(node4, AddOptions{From: "node1", Files: files})
	require.NoError(t, err)
	require.True(t, p.Changed())
	require.NoError(t, p.Apply(ctx, ApplyOptions{}))
	require.NoError(t, c.Close())

	want, err := golden.ReadTree(filepath.Join("testdata", "cluster-after-add-node4", "node4"))
	require.NoError(t, err)
	got, err := golden.ReadTree(dst)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(want, got), "the new tree equals the cluster mode's")

	c, err = Open(ctx, dst, Options{NewNode: true})
	require.NoError(t, err)
	defer c.Close()
	p, err = c.AddNode(node4, AddOptions{From: "node1", Files: files})
	require.NoError(t, err)
	assert.False(t, p.Changed(), "a second run changes nothing")
}

// TestAddNodeWithFilesRefuses: paths outside the copy list or outside the tree,
// and a tree holding other bytes, are refused with nothing written.
func TestAddNodeWithFilesRefuses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"escape", "../etc/passwd", "not a plain relative path"},
		{"absolute", "/etc/passwd", "not a plain relative path"},
		{"outside the copy list", "etc/passwd", "not among the files the runbook copies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := t.TempDir()
			c, err := Open(ctx, dst, Options{NewNode: true})
			require.NoError(t, err)
			defer c.Close()
			_, err = c.AddNode(node4, AddOptions{From: "node1", Files: []NodeFile{{Path: tc.path, Data: []byte("x"), Mode: 0o644}}})
			assert.ErrorContains(t, err, tc.want)
		})
	}
	t.Run("other bytes", func(t *testing.T) {
		dst := t.TempDir()
		rel := "opt/msys/etc/cluster.env"
		require.NoError(t, os.MkdirAll(filepath.Join(dst, "opt/msys/etc"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dst, rel), []byte("mine\n"), 0o644))
		c, err := Open(ctx, dst, Options{NewNode: true})
		require.NoError(t, err)
		defer c.Close()
		_, err = c.AddNode(node4, AddOptions{From: "node1", Files: []NodeFile{{Path: rel, Data: []byte("theirs\n"), Mode: 0o644}}})
		assert.ErrorContains(t, err, "already holds other content than the copy from node1 would: "+rel)
	})
}

// TestNewNodeDirMustBeNew: --new-node-dir names a new folder directly
// under the cluster folder; ".", "..", an absolute path, a nested path and
// another member's tree are refused and nothing is written.
func TestNewNodeDirMustBeNew(t *testing.T) {
	for _, tc := range []struct{ name, dir, want string }{
		{"dot", ".", "must name a new folder directly under the cluster folder"},
		{"dot dot", "..", "must name a new folder directly under the cluster folder"},
		{"absolute", "/tmp/node4", "must name a new folder directly under the cluster folder"},
		{"nested", "node1/node4", "must name a new folder directly under the cluster folder"},
		{"a member's tree", "node2", "is the tree of member node2.int.example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleCluster(t)
			before, err := golden.ReadTree(filepath.Dir(dir))
			require.NoError(t, err)
			_, err = addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: tc.dir, From: "node1"})
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			after, err := golden.ReadTree(filepath.Dir(dir))
			require.NoError(t, err)
			assert.Empty(t, golden.TreeDiff(before, after))
		})
	}
}

// TestNewNodeFoldersFromLinkedTree: with --from a symbolic link to a tree
// kept elsewhere, and a linked folder inside that tree, each new folder
// takes the mode of the folder the link leads to (0750; 0700 for opt/msys/ecelerity), never the
// link's own 0777.
func TestNewNodeFoldersFromLinkedTree(t *testing.T) {
	dir := exampleCluster(t)
	elsewhere := filepath.Join(t.TempDir(), "node1-real")
	require.NoError(t, os.Rename(filepath.Join(dir, "node1"), elsewhere))
	require.NoError(t, os.Symlink(elsewhere, filepath.Join(dir, "node1")))
	ecelerity := filepath.Join(elsewhere, "opt/msys/ecelerity")
	ecelerityReal := filepath.Join(t.TempDir(), "ecelerity-real")
	require.NoError(t, os.Rename(ecelerity, ecelerityReal))
	require.NoError(t, os.Symlink(ecelerityReal, ecelerity))
	require.NoError(t, filepath.WalkDir(elsewhere, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = os.Chmod(p, 0o750)
		}
		return err
	}))
	require.NoError(t, os.Chmod(ecelerityReal, 0o700))

	p := planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"})
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	for rel, want := range map[string]fs.FileMode{
		"node4":                    0o750,
		"node4/opt":                0o750,
		"node4/opt/msys":           0o750,
		"node4/opt/msys/etc":       0o750,
		"node4/opt/msys/ecelerity": 0o700,
	} {
		info, err := os.Lstat(filepath.Join(dir, rel))
		require.NoError(t, err, rel)
		assert.Equal(t, want, info.Mode().Perm(), "mode of %s", rel)
	}
}

// TestRemoveRootNeedsIP: on a single host tree whose momo_upstream.conf
// names members by IP, a removal without an IP that the peers cannot give
// is refused (codes.NeedIP) with nothing written; given the IP, it removes
// the by-IP entry.
func TestRemoveRootNeedsIP(t *testing.T) {
	dir := exampleCluster(t)
	root := filepath.Join(dir, "analytics1")
	up := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf")
	data, err := os.ReadFile(up)
	require.NoError(t, err)
	byIP := strings.ReplaceAll(string(data), "node2.int.example.com:2081", "10.77.0.94:2081")
	require.NoError(t, os.WriteFile(up, []byte(byIP), 0o644))

	node2 := Node{Host: "node2.int.example.com"}
	_, err = removeNodeAt(root, node2, testOptions{})
	require.ErrorIs(t, err, codes.NeedIP)
	assert.ErrorContains(t, err, "momo_upstream.conf: upstream momo-rest names members by IP address")

	node2.IP = "10.77.0.94"
	p, err := removeNodeAt(root, node2, testOptions{})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	after, err := os.ReadFile(up)
	require.NoError(t, err)
	assert.NotContains(t, string(after), "10.77.0.94:2081;")
	assert.NotContains(t, string(after), "server 10.77.0.94:2081")
}

// TestNextMTAID: the next id without a plan; the node's own id when it
// has one; a disagreement between msg_gen.conf files is an error.
func TestNextMTAID(t *testing.T) {
	dir := exampleCluster(t)
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	require.NoError(t, err)
	defer c.Close()
	id, err := c.NextMTAID(node4)
	require.NoError(t, err)
	assert.Equal(t, 5, id)
	id, err = c.NextMTAID(Node{Host: "node2.int.example.com"})
	require.NoError(t, err)
	assert.Equal(t, c.members["node2.int.example.com"].MTAID, id)
	_, err = c.NextMTAID(Node{Host: node4.Host, MTAID: id})
	assert.ErrorIs(t, err, codes.MTAIDTaken)
}

// TestNewNodeFilesSkipStaged: a change prepared in the source tree (its
// staged files and journal) is not copied to the new node.
func TestNewNodeFilesSkipStaged(t *testing.T) {
	dir := exampleCluster(t)
	root := filepath.Join(dir, "node1")
	ctx := context.Background()
	c, err := Open(ctx, root, Options{})
	require.NoError(t, err)
	p, err := c.AddNode(node4, AddOptions{})
	require.NoError(t, err)
	require.NoError(t, p.Prepare(ctx, "tx1", ApplyOptions{}))
	require.NoError(t, c.Close())

	c, err = Open(ctx, root, Options{})
	require.NoError(t, err)
	defer c.Close()
	require.Len(t, c.Prepared(), 1)
	files, _, err := c.NewNodeFiles(node4)
	require.NoError(t, err)
	for _, f := range files {
		assert.False(t, strings.Contains(f.Path, "momoconf"), "a staged file or journal is copied: %s", f.Path)
	}
	want, err := golden.ReadTree(filepath.Join("testdata", "cluster-after-add-node4", "node4"))
	require.NoError(t, err)
	assert.Len(t, files, len(want))
}

// TestPrepareNewTreeTwice: preparing an addition that creates a new
// node's tree, then planning and preparing it again under the same id (a
// re-run after the controller died), is the same change, not another.
func TestPrepareNewTreeTwice(t *testing.T) {
	dir := exampleCluster(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		c, err := Open(ctx, dir, Options{Cluster: true})
		require.NoError(t, err)
		p, err := c.AddNode(node4, AddOptions{NewNodeDir: "node4", From: "node1"})
		require.NoError(t, err)
		require.NoError(t, p.Prepare(ctx, "tx-node4", ApplyOptions{}), "prepare number %d", i+1)
		require.NoError(t, c.Close())
	}
	require.NoError(t, CommitPrepared(ctx, dir, Options{Cluster: true}, "tx-node4"))
	checkTree(t, dir, "cluster-after-add-node4")
}

// TestNewNodeDirHoldingOtherFiles: an existing folder that is no member's
// tree but holds other content where a copy goes is refused, naming it.
func TestNewNodeDirHoldingOtherFiles(t *testing.T) {
	dir := exampleCluster(t)
	env := filepath.Join(dir, "node4", "opt/msys/etc/cluster.env")
	require.NoError(t, os.MkdirAll(filepath.Dir(env), 0o755))
	require.NoError(t, os.WriteFile(env, []byte("mine\n"), 0o644))
	_, err := addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	assert.ErrorContains(t, err, "already exists and holds other content than the copy of node1 would: node4/opt/msys/etc/cluster.env")
}

// TestNewNodeCopyLeavesOutStateFolder: a change to named files keeps its
// commit record (and history) in a .momoconf folder beside them, inside a
// folder the runbook copies to a new node; the copy leaves that folder out.
func TestNewNodeCopyLeavesOutStateFolder(t *testing.T) {
	dir := exampleCluster(t)
	// The same edit in every Platform tree's msg_gen.conf, so that they agree;
	// its state folder lies beside the first file, in node1's copied folder.
	var refs []FileRef
	for _, n := range []string{"node1", "node2", "node3"} {
		refs = append(refs, FileRef{Path: filepath.Join(dir, n, "opt", "msys", "ecelerity", "etc", "conf", "default", "msg_gen.conf")})
	}
	msgGen := refs[0].Path
	p, err := addNodeToFiles(refs, Node{Host: "node9.int.example.com", IP: "10.77.0.99", MTAID: 9})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	require.DirExists(t, filepath.Join(filepath.Dir(msgGen), ".momoconf"), "the change to named files left no state folder to test with")

	c, err := Open(context.Background(), dir, Options{Cluster: true})
	require.NoError(t, err)
	defer c.Close()
	p, err = c.AddNode(node4, AddOptions{NewNodeDir: "node4", From: "node1"})
	require.NoError(t, err)
	created := 0
	for _, f := range p.Files {
		if f.Created {
			created++
		}
		assert.NotContains(t, f.Path, ".momoconf", "momoconf's own state is copied to the new node")
	}
	assert.NotZero(t, created, "no file of the new node's tree was planned")
}

// TestAddNodeWithFilesSetuid: a file sent with setuid and setgid keeps them
// when root plans it (with its owner), and loses them when another
// account does, since the copy then belongs to that account.
func TestAddNodeWithFilesSetuid(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "node4")
	require.NoError(t, os.Mkdir(dst, 0o755))
	c, err := Open(context.Background(), dst, Options{NewNode: true})
	require.NoError(t, err)
	defer c.Close()
	files := []NodeFile{{Path: "opt/msys/etc/tool", Data: []byte("#!/bin/sh\n"), Mode: 0o755 | fs.ModeSetuid | fs.ModeSetgid, UID: 4242, GID: 4242}}
	p, err := c.AddNode(node4, AddOptions{From: "node1", Files: files})
	require.NoError(t, err)
	require.Len(t, p.Files, 1)
	f := p.Files[0]
	if os.Geteuid() == 0 {
		assert.Equal(t, 0o755|fs.ModeSetuid|fs.ModeSetgid, f.mode, "root keeps the bits, with the owner")
		assert.Equal(t, [2]int{4242, 4242}, [2]int{f.uid, f.gid})
		asAccount(t, 1000)
		p, err := c.AddNode(node4, AddOptions{From: "node1", Files: files})
		require.NoError(t, err)
		f = p.Files[0]
	}
	assert.Equal(t, fs.FileMode(0o755), f.mode, "setuid and setgid dropped with the owner")
	assert.Equal(t, [2]int{-1, -1}, [2]int{f.uid, f.gid})
}

// asAccount makes the copy rules see uid as the running account until t
// ends.
func asAccount(t *testing.T, uid int) {
	t.Helper()
	old := effectiveUID
	effectiveUID = func() int { return uid }
	t.Cleanup(func() { effectiveUID = old })
}

// TestCopyOfAnotherAccountsFile: copied by an account other than root, a
// file of the --from tree owned by another account becomes the copier's,
// without setuid and setgid; its own files keep theirs.
func TestCopyOfAnotherAccountsFile(t *testing.T) {
	dir := exampleCluster(t)
	tool := filepath.Join(dir, "node1", "opt/msys/etc/tool")
	require.NoError(t, os.MkdirAll(filepath.Dir(tool), 0o755))
	require.NoError(t, os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755))
	require.NoError(t, os.Chmod(tool, 0o755|fs.ModeSetuid|fs.ModeSetgid))
	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(tool, &st))
	planned := func() *FileChange {
		p, err := addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
		require.NoError(t, err)
		for _, f := range p.Files {
			if f.Path == "node4/opt/msys/etc/tool" {
				return f
			}
		}
		t.Fatal("the tool is not copied")
		return nil
	}
	asAccount(t, int(st.Uid))
	f := planned()
	assert.Equal(t, 0o755|fs.ModeSetuid|fs.ModeSetgid, f.mode, "the copier's own file keeps its bits")
	asAccount(t, int(st.Uid)+4242)
	f = planned()
	assert.Equal(t, fs.FileMode(0o755), f.mode, "another account's file loses setuid and setgid")
	assert.Equal(t, [2]int{-1, -1}, [2]int{f.uid, f.gid}, "and becomes the copier's")
}
