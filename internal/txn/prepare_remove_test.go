package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// removalState reports whether the tree of removalFixture is as before
// the change ("old"), as after it ("new"), or neither ("mixed").
func removalState(t *testing.T, root string) string {
	t.Helper()
	list := readString(t, filepath.Join(root, "list.conf"))
	_, dErr := os.Lstat(filepath.Join(root, "hosts/d"))
	rec, recErr := os.ReadFile(filepath.Join(root, "h/history/2.json"))
	switch {
	case list == "a\nd\n" && dErr == nil && errors.Is(recErr, os.ErrNotExist) &&
		readString(t, filepath.Join(root, "hosts/d/conf/ecelerity.conf")) == "d\n" &&
		readString(t, filepath.Join(root, "hosts/d/production.json")) == "{}\n":
		return "old"
	case list == "a\n" && errors.Is(dErr, os.ErrNotExist) && recErr == nil && string(rec) == "r\n":
		return "new"
	}
	return "mixed"
}

// preparedRemoval returns the removal fixture with its change prepared.
func preparedRemoval(t *testing.T) (string, *Tx, *Lock) {
	t.Helper()
	root, mk := removalFixture(t)
	tx := mk()
	lock := removalLock(t, tx)
	require.NoError(t, tx.Prepare(context.Background(), lock, txid, "undo 1"))
	return root, tx, lock
}

// A change that removes files and folders can be prepared: nothing is
// removed until the commit; preparing it again is the same change, one
// that removes something else is not; the commit removes them; an abort
// leaves everything as it was.
func TestPrepareRemovals(t *testing.T) {
	t.Run("commit", func(t *testing.T) {
		root, mk := removalFixture(t)
		tx := mk()
		lock := removalLock(t, tx)
		require.NoError(t, tx.Prepare(context.Background(), lock, txid, "undo 1"))
		assert.Equal(t, "old", removalState(t, root), "prepared: nothing removed yet")
		require.NoError(t, mk().Prepare(context.Background(), lock, txid, "undo 1"), "idempotent")
		fewer := mk()
		fewer.Files = append(fewer.Files[:2], fewer.Files[3:]...)
		fewer.Files[1].Remove = false
		fewer.Files[1].New = []byte("d\n")
		assert.ErrorIs(t, fewer.Prepare(context.Background(), lock, txid, "undo 1"), ErrPrepared, "a change that keeps a file is another change")
		require.NoError(t, CommitPrepared(context.Background(), lock, root, txid))
		assert.Equal(t, "new", removalState(t, root))
		assertNoLeftovers(t, root, tx)
	})
	t.Run("abort", func(t *testing.T) {
		root, mk := removalFixture(t)
		before := snapshot(t, root)
		tx := mk()
		lock := removalLock(t, tx)
		require.NoError(t, tx.Prepare(context.Background(), lock, txid, "undo 1"))
		require.NoError(t, AbortPrepared(context.Background(), lock, root, txid))
		assert.Equal(t, before, snapshot(t, root))
		assertNoLeftovers(t, root, tx)
	})
	t.Run("edited since prepare", func(t *testing.T) {
		root, tx, lock := preparedRemoval(t)
		write(t, root, "hosts/d/production.json", "{\"mine\":1}\n")
		err := CommitPrepared(context.Background(), lock, root, txid)
		require.ErrorIs(t, err, ErrChanged)
		assert.Contains(t, err.Error(), "hosts/d/production.json (edited since prepare)")
		assert.Equal(t, "{\"mine\":1}\n", readString(t, filepath.Join(root, "hosts/d/production.json")))
		assert.Equal(t, "a\nd\n", readString(t, filepath.Join(root, "list.conf")), "nothing committed")
		require.NoError(t, AbortPrepared(context.Background(), lock, root, txid))
		assertNoLeftovers(t, root, tx)
	})
	// A file put, after the prepare, in a folder the change removes would
	// keep the folder from being removed once the commit point is passed,
	// leaving the change half done for good: the commit refuses it first.
	t.Run("file added to a folder it removes", func(t *testing.T) {
		root, tx, lock := preparedRemoval(t)
		write(t, root, "hosts/d/conf/someone-else.conf", "theirs\n")
		err := CommitPrepared(context.Background(), lock, root, txid)
		require.ErrorIs(t, err, ErrChanged)
		assert.Contains(t, err.Error(), "hosts/d/conf/someone-else.conf (in a folder the change removes, and not removed by it)")
		assert.Equal(t, "old", removalState(t, root), "nothing committed")
		require.NoError(t, AbortPrepared(context.Background(), lock, root, txid), "still prepared, so it can be aborted")
		assert.Equal(t, "old", removalState(t, root))
		assertNoLeftovers(t, root, tx)
	})
}

// Every call of the Prepare of a removal fails in turn: the tree comes
// out unchanged with nothing left behind.
func TestPrepareRemovalFailEachCall(t *testing.T) {
	_, mk := removalFixture(t)
	ff := newFaultFS()
	tx := mk()
	tx.fs = ff
	require.NoError(t, tx.Prepare(context.Background(), removalLock(t, tx), txid, "undo 1"))
	calls := ff.log
	for i := 1; i < len(calls); i++ { // call 0 only looks for an identical prepared change
		t.Run(fmt.Sprintf("%03d %s", i, filepath.Base(calls[i])), func(t *testing.T) {
			root, mk := removalFixture(t)
			before := snapshot(t, root)
			tx := mk()
			ff := newFaultFS()
			ff.fail = func(n int, _, _ string) bool { return n == i }
			tx.fs = ff
			err := tx.Prepare(context.Background(), removalLock(t, tx), txid, "undo 1")
			require.ErrorIs(t, err, errInjected, "failing %s", calls[i])
			assert.Equal(t, before, snapshot(t, root))
			assertNoLeftovers(t, root, tx)
		})
	}
}

// Every call of the commit of a prepared removal fails in turn, or the
// process dies there. The tree is never left mixed but while the journal
// says committing; the next runs (recovery, then a commit if still
// prepared) finish it: the files and folders are removed, the rest new.
func TestCommitRemovalFailOrCrashAtEachCall(t *testing.T) {
	var calls []string
	{
		root, _, lock := preparedRemoval(t)
		ff := newFaultFS()
		require.NoError(t, commitWith(context.Background(), ff, lock, root, txid))
		calls = ff.log
	}
	for _, crash := range []bool{false, true} {
		for i := range calls {
			t.Run(fmt.Sprintf("crash=%v/%03d %s", crash, i, filepath.Base(calls[i])), func(t *testing.T) {
				root, tx, lock := preparedRemoval(t)
				ff := newFaultFS()
				if crash {
					ff.crashAt = i
				} else {
					ff.fail = func(n int, _, _ string) bool { return n == i }
				}
				err := commitWith(context.Background(), ff, lock, root, txid)
				var ce *CommittedError
				if err == nil || errors.As(err, &ce) {
					assert.Equal(t, "new", removalState(t, root))
				} else if j, jerr := readJournal(osFS{}, root); jerr != nil || j.State != stateCommitting {
					assert.Equal(t, "old", removalState(t, root), "not committing: nothing removed (%v)", err)
				}
				rec, err := Recover(context.Background(), lock, root)
				require.NoError(t, err)
				if rec.Prepared != nil {
					require.NoError(t, CommitPrepared(context.Background(), lock, root, txid))
				}
				assert.Equal(t, "new", removalState(t, root))
				assertNoLeftovers(t, root, tx)
			})
		}
	}
}
