package momoconf

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/hostfs"
)

// A file one byte over the size a read takes (sparse), planted below
// opt/msys/etc of the tree a new node copies (where any file is copied),
// is refused by its size before it is read: the change is refused naming
// it, and nothing is written.
func TestCopyRefusesHugeFile(t *testing.T) {
	dir := exampleCluster(t)
	huge := filepath.Join(dir, "node1", "opt/msys/etc/huge.bin")
	require.NoError(t, os.MkdirAll(filepath.Dir(huge), 0o755))
	f, err := os.Create(huge)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(hostfs.MaxFileSize+1))
	require.NoError(t, f.Close())
	before := readTree(t, dir)
	_, err = addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), huge+": 67108865 bytes, more than the 67108864 a file may hold to be read; not read")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "nothing written")
}

// A named pipe is never waited on: one named like a .conf file in the
// ecelerity configuration, where the Duravip_Preference scan reads every
// .conf, is reported as not checked, and one in the tree a new node
// copies is left out with a warning. Before the careful read, each would
// have blocked the run (holding its locks) until someone wrote to it.
func TestNamedPipesAreNotWaitedOn(t *testing.T) {
	dir := exampleCluster(t)
	pipe := filepath.Join(dir, "node1", "opt/msys/ecelerity/etc/conf/default/vip.conf")
	require.NoError(t, syscall.Mkfifo(pipe, 0o644))
	done := make(chan struct{})
	var rm, add *Plan
	var rmErr, addErr error
	go func() {
		defer close(done)
		rm, rmErr = removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
		add, addErr = addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a plan waited on a named pipe")
	}
	require.NoError(t, rmErr)
	var notChecked []string
	for _, w := range rm.Warnings {
		if w.Code == codes.NotChecked {
			notChecked = append(notChecked, w.Message)
		}
	}
	require.Len(t, notChecked, 1, "%v", rm.Warnings)
	assert.Contains(t, notChecked[0], "not checked for Duravip_Preference")
	require.NoError(t, addErr)
	var notCopied []string
	for _, w := range add.Warnings {
		if w.Code == codes.CopyNotRegular {
			notCopied = append(notCopied, w.Filename)
		}
	}
	assert.Equal(t, []string{"node1/opt/msys/ecelerity/etc/conf/default/vip.conf"}, notCopied)
}

// TestCopyRaceWithASwappedFolder races the copy of a new node's files
// against an account (uid 4242) that owns the source tree and keeps
// swapping one of its folders with a link to a root-only folder outside
// the cluster (renameat2 RENAME_EXCHANGE in a loop). Each plan either
// copies the tree's own files or is refused; the outside file's bytes
// are never in a plan.
func TestCopyRaceWithASwappedFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: the swapping account's link needs lchown to another uid")
	}
	dir := exampleCluster(t)
	secretDir := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.Mkdir(secretDir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(secretDir, "shadow"), []byte("root:SECRET-HASH\n"), 0o600))
	etc := filepath.Join(dir, "node1", "opt/msys/etc")
	sub := filepath.Join(etc, "sub")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "shadow"), []byte("harmless\n"), 0o644))
	alt := filepath.Join(etc, "alt")
	require.NoError(t, os.Symlink(secretDir, alt))
	require.NoError(t, filepath.WalkDir(filepath.Join(dir, "node1"), func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 4242, 4242)
	}))

	stop := make(chan struct{})
	swapped := make(chan int, 1)
	var n int
	halt := sync.OnceFunc(func() { close(stop); n = <-swapped })
	t.Cleanup(halt) // a failed check must not leave the swapping on while the folders are removed
	go func() {
		n := 0
		defer func() { swapped <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if unix.Renameat2(unix.AT_FDCWD, sub, unix.AT_FDCWD, alt, unix.RENAME_EXCHANGE) == nil {
				n++
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	plans, refused := 0, 0
	for i := 0; i < 300 && time.Now().Before(deadline); i++ {
		p, err := addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
		if err != nil {
			refused++
			continue
		}
		plans++
		for _, f := range p.Files {
			require.NotContains(t, string(f.New), "SECRET-HASH", "%s copied from outside the tree", f.Path)
		}
	}
	halt()
	t.Logf("%d plans, %d refused, %d swaps", plans, refused, n)
	require.Positive(t, n, "the folder was never swapped: the race did not run")
	require.Positive(t, plans+refused, "no plan ran")
}
