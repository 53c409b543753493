package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/txn"
)

var node4 = Node{Host: "node4.int.example.com", IP: "10.77.0.97"}

func planNode4(t *testing.T, dir string, opts testOptions) *Plan {
	t.Helper()
	opts.Cluster = true
	p, err := addNodeAt(dir, node4, opts)
	require.NoError(t, err)
	require.True(t, p.Changed())
	return p
}

// TestApplyRefusesReadOnlyFile: a file with no write bit is refused in the
// preflight, before anything is written or created.
func TestApplyRefusesReadOnlyFile(t *testing.T) {
	dir := exampleCluster(t)
	late := filepath.Join(dir, "node3", "opt/msys/ecelerity/etc/conf/global/msgc_server.conf")
	require.NoError(t, os.Chmod(late, 0o444))
	before, err := golden.ReadTree(dir)
	require.NoError(t, err)
	p := planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"})

	err = p.Apply(context.Background(), ApplyOptions{})
	require.Error(t, err)
	assert.ErrorIs(t, err, txn.ErrReadOnly, "refused before anything is written")
	assert.Contains(t, err.Error(), "node3/opt/msys/ecelerity/etc/conf/global/msgc_server.conf: is read-only (mode 0444)")
	after, err := golden.ReadTree(dir)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(before, after), "every file must be as it was")
	assert.NoDirExists(t, filepath.Join(dir, "node4"), "created folders must go")
}

// TestApplyRefusesAFileWhereANewFolderGoes: a file standing where a folder
// of the new node's tree must be created is refused while locking, before
// anything is written. (Rolling back created files and folders after a
// failure mid-apply is tested at every file-system call in internal/txn.)
func TestApplyRefusesAFileWhereANewFolderGoes(t *testing.T) {
	dir := exampleCluster(t)
	p := planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"})
	last := p.Files[len(p.Files)-1]
	require.True(t, last.Created)
	require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Dir(last.abs)), 0o755))
	require.NoError(t, os.WriteFile(filepath.Dir(last.abs), nil, 0o644))
	before, err := golden.ReadTree(dir)
	require.NoError(t, err)

	err = p.Apply(context.Background(), ApplyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a directory")
	after, err := golden.ReadTree(dir)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(before, after))
}

func TestApplyRefusesChangedFile(t *testing.T) {
	dir := exampleCluster(t)
	p := planNode4(t, dir, testOptions{})
	file := filepath.Join(dir, "node2", "opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf")
	require.NoError(t, os.WriteFile(file, []byte("upstream click_proxy { }\n"), 0o644))
	before, err := golden.ReadTree(dir)
	require.NoError(t, err)

	err = p.Apply(context.Background(), ApplyOptions{})
	require.Error(t, err)
	assert.ErrorIs(t, err, codes.PlanStale)
	assert.Contains(t, err.Error(), "node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf: changed since it was read")
	assert.Equal(t, 1, strings.Count(err.Error(), "plan again"), "said once: %v", err)
	after, err := golden.ReadTree(dir)
	require.NoError(t, err)
	assert.Empty(t, golden.TreeDiff(before, after))
}

func TestApplyRefusesWhileLocked(t *testing.T) {
	dir := exampleCluster(t)
	p := planNode4(t, dir, testOptions{})
	// Another run holds the cluster folder, through another spelling.
	held, err := txn.Acquire(context.Background(), []string{dir + "/node1/.."}, 0)
	require.NoError(t, err)
	err = p.Apply(context.Background(), ApplyOptions{})
	held.Release()
	require.Error(t, err)
	assert.ErrorIs(t, err, codes.Locked)
	assert.Contains(t, err.Error(), "another momoconf run is editing")
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}), "once the lock is released")
}

func TestApplyKeepsModeAndOwner(t *testing.T) {
	dir := exampleCluster(t)
	file := filepath.Join(dir, "node1", "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	require.NoError(t, os.Chmod(file, 0o640))
	root := os.Geteuid() == 0
	if root {
		require.NoError(t, os.Chown(file, 4242, 4343))
	}
	require.NoError(t, planNode4(t, dir, testOptions{}).Apply(context.Background(), ApplyOptions{}))
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())
	if !root {
		t.Log("not root: ownership check skipped")
		return
	}
	st := info.Sys().(*syscall.Stat_t)
	assert.Equal(t, uint32(4242), st.Uid)
	assert.Equal(t, uint32(4343), st.Gid)
}

// TestNewTreeFoldersLikeSource checks that the folders of a new node's
// tree get the owner and mode (setgid included) of the source tree's
// corresponding folders, whatever the umask, and its files theirs.
func TestNewTreeFoldersLikeSource(t *testing.T) {
	dir := exampleCluster(t)
	root := os.Geteuid() == 0
	msys := filepath.Join(dir, "node1", "opt", "msys")
	conf := filepath.Join(msys, "ecelerity", "etc", "conf")
	require.NoError(t, os.Chmod(msys, 0o750|os.ModeSetgid))
	require.NoError(t, os.Chmod(conf, 0o710))
	if root {
		require.NoError(t, os.Chown(msys, 4242, 4343))
		require.NoError(t, os.Chown(filepath.Join(conf, "default", "msg_gen.conf"), 4242, 4343))
	}
	defer syscall.Umask(syscall.Umask(0o077))
	require.NoError(t, planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"}).Apply(context.Background(), ApplyOptions{}))

	for _, rel := range []string{"opt/msys", "opt/msys/ecelerity/etc/conf", "opt", "opt/msys/ecelerity/etc/conf/default/msg_gen.conf"} {
		want, err := os.Stat(filepath.Join(dir, "node1", rel))
		require.NoError(t, err)
		got, err := os.Stat(filepath.Join(dir, "node4", rel))
		require.NoError(t, err)
		assert.Equal(t, want.Mode(), got.Mode(), rel)
		if root {
			assert.Equal(t, want.Sys().(*syscall.Stat_t).Uid, got.Sys().(*syscall.Stat_t).Uid, rel)
			assert.Equal(t, want.Sys().(*syscall.Stat_t).Gid, got.Sys().(*syscall.Stat_t).Gid, rel)
		}
	}
	if !root {
		t.Log("not root: ownership checks skipped")
	}
}

// TestOpenHoldsTheLock checks that a plan from an open cluster applies
// under the lock Open took, that another run meanwhile finds the cluster
// locked (through another spelling of the folder), and that Close
// releases it.
func TestOpenHoldsTheLock(t *testing.T) {
	dir := exampleCluster(t)
	ctx := context.Background()
	c, err := Open(ctx, dir, Options{Cluster: true})
	require.NoError(t, err)
	_, err = Open(ctx, filepath.Join(dir, "node1", ".."), Options{Cluster: true})
	assert.ErrorIs(t, err, codes.Locked)
	_, err = Open(ctx, filepath.Join(dir, "node2"), Options{})
	assert.ErrorIs(t, err, codes.Locked, "a host tree of an open cluster is locked too")
	p, err := c.AddNode(node4, AddOptions{})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	require.NoError(t, c.Close())

	again, err := Open(ctx, dir, Options{Cluster: true})
	require.NoError(t, err)
	defer again.Close()
	assert.Empty(t, again.Recovered())
	p, err = again.AddNode(node4, AddOptions{})
	require.NoError(t, err)
	assert.False(t, p.Changed())
}
