package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// addedCluster returns a copy of the example cluster after addNode4 (a
// new tree node4 included), with its history record, and the tree before.
func addedCluster(t *testing.T) (dir string, before map[string][]byte) {
	t.Helper()
	dir = copyExampleCluster(t)
	before = readTree(t, dir)
	cmd, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	require.Equal(t, 0, exitCode(t, cmd.Run()), "%s%s", stdout, stderr)
	return dir, before
}

// historyNames lists the record files of the cluster dir.
func historyNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, ".momoconf", "history"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestKillMidUndo kills an undo with SIGKILL after each of its steps (the
// renames and removals of its files, the creation of its own record): the
// next run (status) rolls the undo back, so the cluster is again as the
// add left it, node4's tree and the one record included; undo run again
// then gives back the tree before the add, byte for byte.
func TestKillMidUndo(t *testing.T) {
	// An undo of addNode4 replaces 12 files, removes the 10 of node4's
	// tree and creates its record: 23 steps.
	for n := 1; n <= 23; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir, before := addedCluster(t)
			added := readTree(t, dir)
			cmd, _, _ := startPausedArgs(t, n, "undo", "--cluster", dir)
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			_ = cmd.Wait()
			assert.Contains(t, readTree(t, dir), ".momoconf-journal", "kill -9 leaves the journal")

			st, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
			require.Equal(t, 0, exitCode(t, st.Run()), "%s%s", stdout, stderr)
			assert.Contains(t, stderr.String(), "was rolled back")
			assert.Empty(t, golden.TreeDiff(added, readTree(t, dir)), "as the add left it")
			assert.Equal(t, []string{"1.json"}, historyNames(t, dir), "the killed undo left no record")

			again, stdout, stderr := momoconfCmd(t, nil, "undo", "--cluster", dir)
			require.Equal(t, 0, exitCode(t, again.Run()), "%s%s", stdout, stderr)
			assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "as before the add")
			assert.NoDirExists(t, filepath.Join(dir, "node4"))
			assert.Equal(t, []string{"1.json", "2.json"}, historyNames(t, dir))
		})
	}
}

// TestSignalMidUndo: SIGTERM after the undo's fifth step rolls it back,
// exit 143; nothing is changed and no record is left.
func TestSignalMidUndo(t *testing.T) {
	dir, _ := addedCluster(t)
	added := readTree(t, dir)
	cmd, _, stderr := startPausedArgs(t, 5, "undo", "--cluster", dir)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assert.Equal(t, 143, exitCode(t, cmd.Wait()), "%s", stderr)
	assert.Empty(t, golden.TreeDiff(added, readTree(t, dir)))
	assert.Equal(t, []string{"1.json"}, historyNames(t, dir))
}

// TestPlantedHistoryRecord: a history record another uid owns (root gives
// it away; a normal user cannot) is refused by history and undo, exit 2,
// naming it and its owner, and nothing is touched.
func TestPlantedHistoryRecord(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot chown a history record to another uid")
	}
	dir, _ := addedCluster(t)
	rec := filepath.Join(dir, ".momoconf", "history", "1.json")
	require.NoError(t, os.Chown(rec, 4242, 4242))
	added := readTree(t, dir)
	for _, verb := range []string{"history", "undo"} {
		cmd, stdout, stderr := momoconfCmd(t, nil, verb, "--cluster", dir)
		assert.Equal(t, 2, exitCode(t, cmd.Run()), "%s%s", stdout, stderr)
		assert.Contains(t, stderr.String(), rec+" (owner uid 4242): not trusted", verb)
	}
	assert.Empty(t, golden.TreeDiff(added, readTree(t, dir)), "nothing touched")
	assert.Equal(t, []string{"1.json"}, historyNames(t, dir))
}
