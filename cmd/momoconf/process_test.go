package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run momoconf as real processes: the test binary itself,
// which TestMain turns into momoconf when MOMOCONF_TEST_MAIN=1.

// momoconfCmd returns the command that runs momoconf with args, and env
// added to the environment.
func momoconfCmd(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), "MOMOCONF_TEST_MAIN=1"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// exitCode returns the exit status of a finished command, or -1 when a
// signal killed it.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

func copyExampleCluster(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree(filepath.Join("..", "..", "testdata", "cluster"), dir))
	return dir
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := golden.ReadTree(dir)
	require.NoError(t, err)
	return files
}

// TestConcurrentAddNodes starts eight add-node runs with different hosts
// on one cluster at once, one naming the cluster through a symbolic link:
// they wait for each other, every one succeeds, every node lands in every
// file with its own mta_id, and status finds no drift but the new nodes'
// trees, which add-node without --new-node-dir does not make.
func TestConcurrentAddNodes(t *testing.T) {
	dir := copyExampleCluster(t)
	link := filepath.Join(filepath.Dir(dir), "link")
	require.NoError(t, os.Symlink(dir, link))
	type run struct {
		cmd            *exec.Cmd
		stdout, stderr *bytes.Buffer
	}
	var runs []run
	for i := range 8 {
		target := dir
		if i == 3 {
			target = link
		}
		cmd, stdout, stderr := momoconfCmd(t, nil, "add-node", "--cluster", target,
			"--host", fmt.Sprintf("new%d.int.example.com", i), "--ip", fmt.Sprintf("10.77.1.%d", 10+i))
		require.NoError(t, cmd.Start())
		runs = append(runs, run{cmd, stdout, stderr})
	}
	for i, r := range runs {
		code := exitCode(t, r.cmd.Wait())
		assert.Equal(t, 0, code, "run %d:\n%s%s", i, r.stdout, r.stderr)
	}

	cl, err := momoconf.Open(context.Background(), dir, momoconf.Options{Cluster: true})
	require.NoError(t, err)
	st := cl.Status()
	require.NoError(t, cl.Close())
	for _, d := range st.Drift {
		assert.Regexp(t, `^member new\d\.int\.example\.com has no tree in the cluster folder`, d, "drift after concurrent runs:\n%s", st.Table())
	}
	ids := map[int]string{}
	for i := range 8 {
		host := fmt.Sprintf("new%d.int.example.com", i)
		var m *momoconf.Member
		for _, mm := range st.Members {
			if mm.Host == host {
				m = &mm
			}
		}
		if !assert.NotNil(t, m, "%s is no member", host) {
			continue
		}
		assert.NotZero(t, m.MTAID, host)
		assert.Empty(t, ids[m.MTAID], "%s and %s share mta_id %d", host, ids[m.MTAID], m.MTAID)
		ids[m.MTAID] = host
	}
	cmd, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
	assert.Equal(t, 1, exitCode(t, cmd.Run()), "drift: the new nodes have no trees\n%s%s", stdout, stderr)
	for path := range readTree(t, dir) {
		assert.NotContains(t, path, ".momoconf", "left behind: %s", path)
	}
}

// addNode4 is the command whose result is testdata/cluster-after-add-node4.
func addNode4(dir string) []string {
	return []string{"add-node", "--cluster", dir, "--host", "node4.int.example.com", "--ip", "10.77.0.97", "--new-node-dir", "node4", "--from", "node1"}
}

// startPaused starts addNode4 with the pause hook after the n-th rename
// and waits until it has paused.
func startPaused(t *testing.T, dir string, n int) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd, _, stderr := startPausedArgs(t, n, addNode4(dir)...)
	return cmd, stderr
}

// startPausedArgs is startPaused for any command line; it returns the
// run's stdout too.
func startPausedArgs(t *testing.T, n int, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	marker := filepath.Join(t.TempDir(), "paused")
	cmd, stdout, stderr := momoconfCmd(t, []string{
		fmt.Sprintf("MOMOCONF_TEST_PAUSE_AFTER_RENAME=%d", n), "MOMOCONF_TEST_PAUSE_MARKER=" + marker,
	}, args...)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	require.NoError(t, waitFile(marker), "the run did not pause: %s", stderr)
	return cmd, stdout, stderr
}

// TestKillMidApply kills a run with SIGKILL after three files were
// replaced: the files are half changed and the journal remains. The next
// run (status) rolls the change back, says so, and finds every file as
// before; the same add-node run again then completes the change, byte for
// byte as a run never interrupted.
func TestKillMidApply(t *testing.T) {
	dir := copyExampleCluster(t)
	before := readTree(t, dir)
	cmd, _ := startPaused(t, dir, 3)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	half := readTree(t, dir)
	assert.Contains(t, half, ".momoconf-journal", "kill -9 leaves the journal")
	assert.NotEmpty(t, golden.TreeDiff(before, half), "three files were replaced")

	st, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
	code := exitCode(t, st.Run())
	assert.Equal(t, 0, code, "%s%s", stdout, stderr)
	assert.Regexp(t, `warning: an unfinished change \(its journal .*\.momoconf-journal\) was rolled back; old content put back: \w+/.*; \d+ created file\(s\) and folder\(s\) removed`, stderr.String())
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "every file is as before, nothing left behind")

	again, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	assert.Equal(t, 0, exitCode(t, again.Run()), "%s%s", stdout, stderr)
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster-after-add-node4"))
	assert.Empty(t, golden.TreeDiff(want, readTree(t, dir)))
}

// TestKillThenSameCommand re-runs the killed command itself: it recovers
// first, then completes the change (the --new-node-dir folder the killed
// run had made is rolled back, so it is created again).
func TestKillThenSameCommand(t *testing.T) {
	dir := copyExampleCluster(t)
	cmd, _ := startPaused(t, dir, 12)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	require.DirExists(t, filepath.Join(dir, "node4"), "the killed run had created the new tree")

	again, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	assert.Equal(t, 0, exitCode(t, again.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), "was rolled back")
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster-after-add-node4"))
	assert.Empty(t, golden.TreeDiff(want, readTree(t, dir)))
}

// TestSignalMidApply sends a real SIGTERM (and SIGINT) to a run paused
// after its second rename: it rolls back and exits 143 (130), and every
// file is as before, with no journal or temporary file left.
func TestSignalMidApply(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := copyExampleCluster(t)
			before := readTree(t, dir)
			cmd, stderr := startPaused(t, dir, 2)
			require.NoError(t, cmd.Process.Signal(tc.sig))
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				assert.Equal(t, tc.code, exitCode(t, err), stderr.String())
			case <-time.After(30 * time.Second):
				t.Fatal("the run did not stop")
			}
			assert.Contains(t, stderr.String(), "interrupted")
			assert.Contains(t, stderr.String(), "nothing was changed")
			assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
			assert.False(t, strings.Contains(stderr.String(), "CHANGED"))
		})
	}
}

// TestRollbackFails makes the rollback fail for real: a run paused after
// its first rename gets SIGTERM while that file's folder cannot be
// written (read-only for a normal user; immutable, chattr +i, for root).
// The run exits 3, names the file still changed and the journal, and
// never says nothing was written; once the folder is writable again, the
// next run puts the old content back.
func TestRollbackFails(t *testing.T) {
	dir := copyExampleCluster(t)
	before := readTree(t, dir)
	folder := filepath.Join(dir, "analytics1/opt/msys/3rdParty/nginx/conf.d")
	cmd, stderr := startPaused(t, dir, 1)
	lockFolder(t, folder)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	code := exitCode(t, cmd.Wait())
	unlockFolder(t, folder)

	assert.Equal(t, 3, code, stderr.String())
	assert.Contains(t, stderr.String(), "CHANGED, not put back: analytics1/opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf\n")
	assert.Contains(t, stderr.String(), filepath.Join(dir, ".momoconf-journal"))
	assert.NotContains(t, stderr.String(), "nothing written")
	assert.NotContains(t, stderr.String(), "nothing was changed")

	st, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
	assert.Equal(t, 0, exitCode(t, st.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), "old content put back: analytics1/opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
}

// lockFolder makes folder unwritable, even for root.
func lockFolder(t *testing.T, folder string) {
	t.Helper()
	if os.Geteuid() != 0 {
		require.NoError(t, os.Chmod(folder, 0o555))
		return
	}
	if out, err := exec.Command("chattr", "+i", folder).CombinedOutput(); err != nil {
		t.Skipf("root cannot be kept from writing %s without chattr +i: %v: %s", folder, err, out)
	}
}

func unlockFolder(t *testing.T, folder string) {
	t.Helper()
	if os.Geteuid() != 0 {
		require.NoError(t, os.Chmod(folder, 0o755))
		return
	}
	require.NoError(t, exec.Command("chattr", "-i", folder).Run())
}

// TestRootRunRecoversClusterJournal kills a --cluster run mid-apply, then
// runs on one host tree (--root): the tree run finds the cluster run's
// journal in the folder above and rolls the whole change back first.
func TestRootRunRecoversClusterJournal(t *testing.T) {
	dir := copyExampleCluster(t)
	before := readTree(t, dir)
	cmd, _ := startPaused(t, dir, 5)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()

	st, stdout, stderr := momoconfCmd(t, nil, "status", "--root", filepath.Join(dir, "node2"))
	assert.Equal(t, 0, exitCode(t, st.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), "was rolled back")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
}

// TestClosedStdout runs add-node with its stdout a pipe whose reader is
// already gone (momoconf ... | head, head long exited): the write of the
// summary fails, but SIGPIPE does not kill the run, the change is applied
// and the exit status is 0.
func TestClosedStdout(t *testing.T) {
	dir := copyExampleCluster(t)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	require.NoError(t, r.Close())
	cmd, _, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	assert.Equal(t, 0, exitCode(t, err), stderr.String())
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster-after-add-node4"))
	assert.Empty(t, golden.TreeDiff(want, readTree(t, dir)))
}

// TestHandEditDuringApply edits a file by hand while a run is writing
// (after its first rename, before the file's own): the run does not
// overwrite the edit; it rolls back (exit 2) and every other file is as
// before.
func TestHandEditDuringApply(t *testing.T) {
	dir := copyExampleCluster(t)
	before := readTree(t, dir)
	rel := "node3/opt/msys/ecelerity/etc/conf/global/msgc_server.conf"
	cmd, stdout, stderr := momoconfCmd(t, []string{
		"MOMOCONF_TEST_PAUSE_AFTER_RENAME=1", "MOMOCONF_TEST_HAND_EDIT=" + filepath.Join(dir, rel),
	}, addNode4(dir)...)
	assert.Equal(t, 2, exitCode(t, cmd.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), rel+": edited meanwhile: changed since it was read (nothing was changed: the change was rolled back)")
	before[rel] = append(before[rel], "# hand edit\n"...)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "only the hand edit, kept")
}

// TestRecoveryToldOnceByUndoAndHistory: undo and history, run after a
// killed change, say once each that they rolled it back (undo's plan
// carries it as a warning; history has no plan, so it says it itself).
func TestRecoveryToldOnceByUndoAndHistory(t *testing.T) {
	dir := copyExampleCluster(t)
	add, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	require.Equal(t, 0, exitCode(t, add.Run()), "%s%s", stdout, stderr)
	for _, verb := range [][]string{{"undo", "--cluster", dir, "--dry-run"}, {"history", "--cluster", dir}} {
		t.Run(verb[0], func(t *testing.T) {
			killed, _, _ := startPausedArgs(t, 2, "remove-node", "--cluster", dir, "--host", "node3.int.example.com")
			require.NoError(t, killed.Process.Signal(syscall.SIGKILL))
			_ = killed.Wait()
			run, stdout, stderr := momoconfCmd(t, nil, verb...)
			code := exitCode(t, run.Run())
			assert.Contains(t, []int{0, 1}, code, "%s%s", stdout, stderr)
			assert.Equal(t, 1, strings.Count(stderr.String(), "was rolled back"), "told once:\n%s", stderr)
		})
	}
}
