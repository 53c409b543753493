package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const txid = "tx-2026-12-07.1"

// assertPrepared checks the prepared state: every target holds its old
// content, every new content is staged beside it, the journal says
// prepared, and a recovery leaves it all as it is.
func assertPrepared(t *testing.T, fx *fixture, tx *Tx, lock *Lock) {
	t.Helper()
	assert.Equal(t, "old", stateOf(t, tx))
	for _, f := range tx.Files {
		assert.Equal(t, string(f.New), readString(t, tempPath(f.Path)), "staged beside %s", f.Display)
	}
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	require.NotNil(t, rec.Prepared)
	assert.False(t, rec.Found())
	assert.Equal(t, txid, rec.Prepared.TxID)
	assert.Equal(t, "add-node c", rec.Prepared.Description)
	assert.WithinDuration(t, time.Now(), rec.Prepared.Time, time.Minute)
	assert.Equal(t, "old", stateOf(t, tx), "a recovery leaves a prepared change alone")
}

func TestPrepareThenCommit(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	lock := fx.lock(t)
	require.NoError(t, tx.Prepare(context.Background(), lock, txid, "add-node c"))
	assertPrepared(t, fx, tx, lock)
	require.NoError(t, fx.tx().Prepare(context.Background(), lock, txid, "add-node c"), "idempotent")

	// Every other change is refused meanwhile.
	other := &Tx{JournalDir: fx.journal, Files: []File{{Path: filepath.Join(fx.root, "hosts/b/ecelerity.conf"), Old: []byte("b old\n"), New: []byte("other\n")}}}
	err := other.Apply(context.Background(), lock)
	var pe *PreparedError
	require.ErrorAs(t, err, &pe)
	require.ErrorIs(t, err, ErrPrepared)
	assert.Equal(t, txid, pe.TxID)
	assert.Contains(t, err.Error(), "transaction "+txid+" (add-node c), prepared 20")
	require.ErrorIs(t, other.Prepare(context.Background(), lock, "another", ""), ErrPrepared)
	changed := fx.tx()
	changed.Files[0].New = []byte("something else\n")
	require.ErrorIs(t, changed.Prepare(context.Background(), lock, txid, "add-node c"), ErrPrepared, "another change under the same id")
	later := fx.tx()
	later.Files[len(later.Files)-1].New = []byte("record 1, stamped later\n")
	require.NoError(t, later.Prepare(context.Background(), lock, txid, "add-node c"), "the same change, its record stamped at another time")
	assert.Equal(t, "record 1\n", readString(t, tempPath(filepath.Join(fx.root, "history/1.json"))), "the record staged first is kept")
	renamed := fx.tx()
	renamed.Files[len(renamed.Files)-1].Path = filepath.Join(fx.root, "history/2.json")
	require.ErrorIs(t, renamed.Prepare(context.Background(), lock, txid, "add-node c"), ErrPrepared, "a volatile file counts by its path")

	require.NoError(t, CommitPrepared(context.Background(), lock, fx.journal, txid))
	assert.Equal(t, "new", stateOf(t, tx))
	assertNoLeftovers(t, fx.root, tx)
	require.NoError(t, CommitPrepared(context.Background(), lock, fx.journal, txid), "a retried commit succeeds")
	require.ErrorIs(t, CommitPrepared(context.Background(), lock, fx.journal, "never"), ErrNotPrepared)
	assert.Error(t, AbortPrepared(context.Background(), lock, fx.journal, txid), "a committed change cannot be aborted")
	assert.Equal(t, "new", stateOf(t, tx))
}

// A hand edit after prepare makes the commit refuse, naming the file and
// changing nothing; the abort then leaves no trace.
func TestCommitRefusedAfterHandEditThenAbort(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	before := snapshot(t, fx.root)
	lock := fx.lock(t)
	require.NoError(t, tx.Prepare(context.Background(), lock, txid, "add-node c"))
	write(t, fx.root, "hosts/b/ecelerity.conf", "hand edit\n")
	edited := snapshot(t, fx.root)

	err := CommitPrepared(context.Background(), lock, fx.journal, txid)
	require.ErrorIs(t, err, ErrChanged)
	assert.Contains(t, err.Error(), "hosts/b/ecelerity.conf (edited since prepare)")
	assert.Contains(t, err.Error(), "nothing was committed")
	assert.Equal(t, edited, snapshot(t, fx.root), "nothing committed")

	require.NoError(t, AbortPrepared(context.Background(), lock, fx.journal, txid))
	after := snapshot(t, fx.root)
	before["hosts/b/ecelerity.conf"] = edited["hosts/b/ecelerity.conf"]
	assert.Equal(t, before, after, "abort leaves no trace: no staged file, folder or journal")
	assertNoLeftovers(t, fx.root, tx)
	require.NoError(t, AbortPrepared(context.Background(), lock, fx.journal, txid), "nothing prepared: no-op")
	require.ErrorIs(t, CommitPrepared(context.Background(), lock, fx.journal, txid), ErrNotPrepared)
}

// Every call of a Prepare fails in turn: the tree comes out unchanged
// with nothing left behind.
func TestPrepareFailEachCall(t *testing.T) {
	count := func() []string {
		fx := newFixture(t)
		tx := fx.tx()
		ff := newFaultFS()
		tx.fs = ff
		require.NoError(t, tx.Prepare(context.Background(), fx.lock(t), txid, "add-node c"))
		return ff.log
	}
	calls := count()
	for i := range calls {
		t.Run(fmt.Sprintf("%03d %s", i, filepath.Base(calls[i])), func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.tx()
			ff := newFaultFS()
			ff.fail = func(n int, _, _ string) bool { return n == i }
			tx.fs = ff
			before := snapshot(t, fx.root)
			err := tx.Prepare(context.Background(), fx.lock(t), txid, "add-node c")
			if i == 0 {
				// Only the look for an identical prepared change: what
				// follows checks for a journal anew.
				require.True(t, strings.HasPrefix(calls[0], "readtrusted "), calls[0])
				require.NoError(t, err)
				require.True(t, journalSays(t, fx, statePrepared))
				return
			}
			require.ErrorIs(t, err, errInjected, "failing %s", calls[i])
			var rb *RollbackError
			require.False(t, errors.As(err, &rb), "one fault must not defeat the rollback: %v", err)
			assert.Equal(t, before, snapshot(t, fx.root))
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}

// prepared returns a fixture with the change prepared, and the lock.
func prepared(t *testing.T) (*fixture, *Tx, *Lock) {
	t.Helper()
	fx := newFixture(t)
	tx := fx.tx()
	lock := fx.lock(t)
	require.NoError(t, tx.Prepare(context.Background(), lock, txid, "add-node c"))
	return fx, tx, lock
}

// finish brings a fixture whose commit was cut short to its end the way
// the next runs do: recover (which finishes a committing change), then
// commit again if the change is still prepared.
func finish(t *testing.T, fx *fixture, lock *Lock) {
	t.Helper()
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	if rec.Prepared != nil {
		require.NoError(t, CommitPrepared(context.Background(), lock, fx.journal, txid))
	}
}

// Every call of a commit fails in turn; or the process dies right there
// (nothing after it reaches the disk). The tree is never left mixed: a
// commit that had not yet marked the journal committing is still
// prepared; one that had is finished forward by the next recovery. In
// the end every file holds its new content, nothing is left behind.
func TestCommitFailOrCrashAtEachCall(t *testing.T) {
	var calls []string
	{
		fx, _, lock := prepared(t)
		ff := newFaultFS()
		require.NoError(t, commitWith(context.Background(), ff, lock, fx.journal, txid))
		calls = ff.log
	}
	require.Greater(t, len(calls), 30)
	for _, crash := range []bool{false, true} {
		for i := range calls {
			t.Run(fmt.Sprintf("crash=%v/%03d %s", crash, i, filepath.Base(calls[i])), func(t *testing.T) {
				fx, tx, lock := prepared(t)
				ff := newFaultFS()
				if crash {
					ff.crashAt = i
				} else {
					ff.fail = func(n int, _, _ string) bool { return n == i }
				}
				err := commitWith(context.Background(), ff, lock, fx.journal, txid)
				var ce *CommittedError
				if err == nil || errors.As(err, &ce) {
					assert.Equal(t, "new", stateOf(t, tx))
				} else {
					assert.False(t, stateOf(t, tx) == "mixed" && !journalSays(t, fx, stateCommitting),
						"a mixed tree only while the journal says committing: %v", err)
				}
				finish(t, fx, lock)
				assert.Equal(t, "new", stateOf(t, tx))
				assertNoLeftovers(t, fx.root, tx)
			})
		}
	}
}

// journalSays reports whether the journal of fx is in state.
func journalSays(t *testing.T, fx *fixture, state string) bool {
	t.Helper()
	j, err := readJournal(osFS{}, fx.journal)
	return err == nil && j.State == state
}

// A commit killed with SIGKILL after its second rename, in a process
// other than the one that prepared (which exited), is finished forward
// by the next recovery.
func TestKilledCommitIsFinishedForward(t *testing.T) {
	fx := newFixture(t)
	prep := child(t, "TXN_CHILD=prepare", "TXN_ROOT="+fx.root)
	out, err := prep.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.True(t, journalSays(t, fx, statePrepared), "the preparing process exited; the change stays prepared")
	assert.Equal(t, "old", stateOf(t, fx.tx()))

	ready := filepath.Join(t.TempDir(), "ready")
	cmd := child(t, "TXN_CHILD=commit", "TXN_ROOT="+fx.root, "TXN_PAUSE_AFTER=2", "TXN_READY="+ready)
	require.NoError(t, cmd.Start())
	waitFor(t, ready, 30*time.Second)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	require.Error(t, cmd.Wait())
	require.Equal(t, "mixed", stateOf(t, fx.tx()), "the child died mid-commit")
	require.True(t, journalSays(t, fx, stateCommitting))

	lock, err := Acquire(context.Background(), []string{fx.journal}, 5*time.Second)
	require.NoError(t, err)
	defer lock.Release()
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.True(t, rec.Forward)
	assert.NotEmpty(t, rec.Finished)
	assert.Equal(t, "new", stateOf(t, fx.tx()))
	assertNoLeftovers(t, fx.root, fx.tx())
}

// childPrepare prepares the fixture at TXN_ROOT and exits.
func childPrepare() error {
	fx := &fixture{root: os.Getenv("TXN_ROOT"), journal: os.Getenv("TXN_ROOT")}
	tx := fx.tx()
	lock, err := Acquire(context.Background(), tx.LockDirs(), time.Minute)
	if err != nil {
		return err
	}
	defer lock.Release()
	return tx.Prepare(context.Background(), lock, txid, "add-node c")
}

// childCommit commits the change prepared at TXN_ROOT, pausing (to be
// killed) after rename TXN_PAUSE_AFTER once TXN_READY exists.
func childCommit() error {
	root := os.Getenv("TXN_ROOT")
	lock, err := Acquire(context.Background(), []string{root}, time.Minute)
	if err != nil {
		return err
	}
	defer lock.Release()
	pauseAfter := os.Getenv("TXN_PAUSE_AFTER")
	testHookAfterRename = func(n int) {
		if fmt.Sprint(n) == pauseAfter {
			if err := os.WriteFile(os.Getenv("TXN_READY"), nil, 0o644); err != nil {
				panic(err)
			}
			select {}
		}
	}
	return CommitPrepared(context.Background(), lock, root, txid)
}

// The process dies at each call of a Prepare: the next recovery either
// finds nothing to do or rolls the partial preparation back, or finds a
// complete prepared change (every staged file in place), never a half one.
func TestPrepareCrashAtEachCall(t *testing.T) {
	var calls []string
	{
		fx := newFixture(t)
		tx := fx.tx()
		ff := newFaultFS()
		tx.fs = ff
		require.NoError(t, tx.Prepare(context.Background(), fx.lock(t), txid, "add-node c"))
		calls = ff.log
	}
	for k := range calls {
		t.Run(fmt.Sprintf("%03d %s", k, filepath.Base(calls[k])), func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.tx()
			before := snapshot(t, fx.root)
			ff := newFaultFS()
			ff.crashAt = k
			tx.fs = ff
			lock := fx.lock(t)
			require.Error(t, tx.Prepare(context.Background(), lock, txid, "add-node c"))
			rec, err := Recover(context.Background(), lock, fx.journal)
			require.NoError(t, err)
			if rec.Prepared != nil {
				for _, f := range tx.Files {
					assert.Equal(t, string(f.New), readString(t, tempPath(f.Path)), "a prepared change is complete")
				}
				require.NoError(t, AbortPrepared(context.Background(), lock, fx.journal, txid))
			}
			assert.Equal(t, before, snapshot(t, fx.root))
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}

// Every call of an abort fails in turn: what was removed stays removed,
// the journal is kept while anything is left, and a second abort leaves
// no trace.
func TestAbortFailEachCall(t *testing.T) {
	var calls []string
	{
		fx, _, lock := prepared(t)
		ff := newFaultFS()
		require.NoError(t, abortWith(context.Background(), ff, lock, fx.journal, txid))
		calls = ff.log
	}
	for i := range calls {
		t.Run(fmt.Sprintf("%03d %s", i, filepath.Base(calls[i])), func(t *testing.T) {
			fx := newFixture(t)
			before := snapshot(t, fx.root)
			tx := fx.tx()
			lock := fx.lock(t)
			require.NoError(t, tx.Prepare(context.Background(), lock, txid, "add-node c"))
			ff := newFaultFS()
			ff.fail = func(n int, _, _ string) bool { return n == i }
			err := abortWith(context.Background(), ff, lock, fx.journal, txid)
			if err == nil {
				assert.NoFileExists(t, journalPath(fx.journal))
			}
			require.NoError(t, AbortPrepared(context.Background(), lock, fx.journal, txid))
			assert.Equal(t, "old", stateOf(t, tx))
			assert.Equal(t, before, snapshot(t, fx.root))
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}
