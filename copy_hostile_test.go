package momoconf

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
