package txn

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// roFS is a read-only file system through the seam: every call that would
// write fails with EROFS, as the kernel says it, even for a missing file.
type roFS struct{ osFS }

func erofs(op, name string) error { return &fs.PathError{Op: op, Path: name, Err: syscall.EROFS} }

func (roFS) CreateExcl(name string, _ fs.FileMode) (wfile, error) { return nil, erofs("open", name) }
func (roFS) Rename(o, _ string) error                             { return erofs("rename", o) }
func (roFS) Remove(name string) error                             { return erofs("remove", name) }
func (roFS) Mkdir(name string, _ fs.FileMode) error               { return erofs("mkdir", name) }

// checkReadOnly runs, on a fixture whose files cannot be written, what a
// read-only run does (lock, recover: status, --dry-run, check mode) and
// what a write does: the first works, the second fails saying "read-only
// file system" and claims nothing else.
func checkReadOnly(t *testing.T, fx *fixture, tx *Tx, recoverFS fsys) {
	t.Helper()
	before := snapshot(t, fx.root)
	lock := fx.lock(t)
	rec, err := recoverWith(context.Background(), recoverFS, lock, fx.journal)
	require.NoError(t, err, "a read-only run works on a read-only tree")
	assert.False(t, rec.Found())

	err = tx.Apply(context.Background(), lock)
	require.ErrorIs(t, err, syscall.EROFS)
	assert.Contains(t, err.Error(), "read-only file system")
	var rb *RollbackError
	assert.False(t, errors.As(err, &rb), "nothing to undo, no rollback failure claimed: %v", err)
	assert.NotContains(t, err.Error(), "unfinished")
	assert.True(t, strings.HasSuffix(err.Error(), "read-only file system (nothing was changed)"), "claims nothing else: %v", err)
	assert.Equal(t, before, snapshot(t, fx.root))
}

func TestReadOnlyTreeThroughTheSeam(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	tx.fs = roFS{}
	checkReadOnly(t, fx, tx, roFS{})
}

// The same on a real read-only bind mount, made in a private mount
// namespace by unshare(1) (as root, or as a user where user namespaces
// are allowed).
func TestReadOnlyTreeOnAReadOnlyMount(t *testing.T) {
	if dir := os.Getenv("TXN_RO_CHILD"); dir != "" {
		if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
			t.Fatalf("bind mount: %v", err)
		}
		if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
			t.Fatalf("read-only remount: %v", err)
		}
		require.ErrorIs(t, os.WriteFile(dir+"/probe", nil, 0o644), syscall.EROFS)
		fx := &fixture{root: dir, journal: dir}
		checkReadOnly(t, fx, fx.tx(), osFS{})
		return
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare(1) to make a private mount namespace")
	}
	args := []string{"--mount", "--propagation", "private"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	if out, err := exec.Command(unshare, append(args, "true")...).CombinedOutput(); err != nil {
		t.Skipf("cannot make a mount namespace here (%v: %s); the seam test covers the logic", err, strings.TrimSpace(string(out)))
	}
	fx := newFixture(t)
	cmd := exec.Command(unshare, append(args, os.Args[0], "-test.run=^TestReadOnlyTreeOnAReadOnlyMount$", "-test.v")...)
	cmd.Env = append(os.Environ(), "TXN_RO_CHILD="+fx.root)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "--- PASS", "the child ran the checks: %s", out)
	assert.Equal(t, "a old\n", readString(t, fx.tx().Files[0].Path))
}

// A failure after the commit point (here syncing the folder, there
// removing the journal) is reported as committed, not rolled back; the
// next recovery leaves the new content and removes a journal left behind.
func TestFailureAfterCommitIsReportedCommitted(t *testing.T) {
	for _, tt := range []struct {
		fail, says string
	}{
		{"syncdir", "committed; syncing the folder failed"},
		{"remove", "committed; removing the journal failed"},
	} {
		t.Run(tt.fail, func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.tx()
			ff := newFaultFS()
			committed := false
			ff.fail = func(_ int, op, name string) bool {
				if op == "rename" && strings.HasSuffix(name, "/"+recordName) {
					committed = true
				}
				return committed && op == tt.fail
			}
			tx.fs = ff
			lock := fx.lock(t)
			err := tx.Apply(context.Background(), lock)
			var ce *CommittedError
			require.ErrorAs(t, err, &ce)
			assert.True(t, strings.HasPrefix(err.Error(), tt.says), err.Error())
			assert.Equal(t, "new", stateOf(t, tx))
			rec, err := Recover(context.Background(), lock, fx.journal)
			require.NoError(t, err)
			// Either failure comes before the journal's removal (the state
			// folder is synced right after the commit point): the journal
			// is left, and the recovery recognises it as committed.
			assert.Equal(t, journalPath(fx.journal), ce.Journal)
			assert.True(t, rec.Committed, "a journal left behind is recognised as committed")
			assert.Empty(t, rec.Restored)
			assert.Equal(t, "new", stateOf(t, tx))
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}

// The lock names the process that holds it, and a holder that is not
// momoconf is not called another momoconf run.
func TestLockedErrorNamesTheHolder(t *testing.T) {
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Skip("no flock(1) to hold a lock as another program")
	}
	dir := t.TempDir()
	ready := dir + "/ready"
	cmd := exec.Command(flock, dir, "sh", "-c", fmt.Sprintf("touch %s; sleep 30", ready))
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	waitFor(t, ready, 10e9)
	_, err = Acquire(context.Background(), []string{dir}, 0)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	require.ErrorIs(t, err, ErrLocked)
	assert.Equal(t, cmd.Process.Pid, le.Holder.PID)
	assert.Equal(t, "flock", le.Holder.Comm)
	assert.Contains(t, err.Error(), fmt.Sprintf("process %d (flock), not momoconf, holds a lock on this folder", cmd.Process.Pid))
	assert.NotContains(t, err.Error(), "momoconf run")
}

// A run that waits while another run recovers (which removes the folders
// of a new tree it rolls back) gets the lock within its wait, instead of
// failing on the folder that is gone.
func TestLockWaitSurvivesAFolderRemovedMeanwhile(t *testing.T) {
	root := t.TempDir()
	a, b := root+"/a", root+"/b"
	require.NoError(t, os.Mkdir(a, 0o755))
	require.NoError(t, os.Mkdir(b, 0o755))
	ia, _ := statID(a)
	ib, _ := statID(b)
	if ib.ino < ia.ino {
		a, b = b, a // the waiter must wait on a before it opens b
	}
	first, err := Acquire(context.Background(), []string{a, b}, 0)
	require.NoError(t, err)
	got := make(chan error, 1)
	waiting := make(chan struct{})
	var once sync.Once
	testHookWaiting = func() { once.Do(func() { close(waiting) }) }
	defer func() { testHookWaiting = nil }()
	var second *Lock
	go func() {
		var err error
		second, err = Acquire(context.Background(), []string{a, b}, 20e9)
		got <- err
	}()
	<-waiting
	require.NoError(t, os.Remove(b)) // the recovery removes a created folder
	first.Release()
	require.NoError(t, <-got)
	defer second.Release()
	assert.True(t, second.Holds(a))
}
