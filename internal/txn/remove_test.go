package txn

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// removalFixture is the change an undo of a node's addition makes: a
// file to rewrite, a host tree (hosts/d, with a setgid folder and a file
// of mode 0640) to remove entirely, and its own history record to create
// in new folders.
func removalFixture(t *testing.T) (root string, tx func() *Tx) {
	t.Helper()
	root = t.TempDir()
	for _, d := range []string{"hosts/d/conf"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	write(t, root, "list.conf", "a\nd\n")
	write(t, root, "hosts/d/conf/ecelerity.conf", "d\n")
	write(t, root, "hosts/d/production.json", "{}\n")
	require.NoError(t, os.Chmod(filepath.Join(root, "hosts/d/conf/ecelerity.conf"), 0o640))
	require.NoError(t, os.Chmod(filepath.Join(root, "hosts/d/conf"), 0o750|fs.ModeSetgid))
	p := func(rel string) string { return filepath.Join(root, rel) }
	return root, func() *Tx {
		return &Tx{
			JournalDir: root,
			Files: []File{
				{Path: p("list.conf"), Display: "list.conf", Old: []byte("a\nd\n"), New: []byte("a\n")},
				{Path: p("hosts/d/conf/ecelerity.conf"), Display: "hosts/d/conf/ecelerity.conf", Old: []byte("d\n"), Remove: true},
				{Path: p("hosts/d/production.json"), Display: "hosts/d/production.json", Old: []byte("{}\n"), Remove: true},
				{Path: p("h/history/2.json"), Display: "h/history/2.json", New: []byte("r\n"), Create: true, Mode: 0o600, UID: -1, GID: -1},
			},
			Dirs:       []Dir{{Path: p("h"), Display: "h", Mode: 0o700, UID: -1, GID: -1}, {Path: p("h/history"), Display: "h/history", Mode: 0o700, UID: -1, GID: -1}},
			RemoveDirs: []Dir{{Path: p("hosts/d/conf"), Display: "hosts/d/conf"}, {Path: p("hosts/d"), Display: "hosts/d"}},
		}
	}
}

func removalLock(t *testing.T, tx *Tx) *Lock {
	t.Helper()
	l, err := Acquire(context.Background(), tx.LockDirs(), 0)
	require.NoError(t, err)
	t.Cleanup(l.Release)
	return l
}

func TestApplyRemoves(t *testing.T) {
	root, mk := removalFixture(t)
	tx := mk()
	require.NoError(t, tx.Apply(context.Background(), removalLock(t, tx)))
	assert.NoDirExists(t, filepath.Join(root, "hosts/d"))
	b, err := os.ReadFile(filepath.Join(root, "list.conf"))
	require.NoError(t, err)
	assert.Equal(t, "a\n", string(b))
	assertNoLeftovers(t, root, tx)
}

// A folder to remove that holds a file the change does not remove stops
// the change, and everything is put back, the removed files with their
// mode.
func TestApplyRemoveDirNotEmpty(t *testing.T) {
	root, mk := removalFixture(t)
	write(t, root, "hosts/d/someone-else.conf", "x\n")
	before := snapshot(t, root)
	tx := mk()
	err := tx.Apply(context.Background(), removalLock(t, tx))
	require.Error(t, err)
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Contains(t, err.Error(), "hosts/d: remove folder")
	assert.Equal(t, before, snapshot(t, root))
	assertNoLeftovers(t, root, tx)
}

// Every call of an apply that removes files and folders fails in turn:
// the tree comes out as it was (content, modes, owners, listing).
func TestApplyRemoveFailEachCall(t *testing.T) {
	_, mk := removalFixture(t)
	ff := newFaultFS()
	tx := mk()
	tx.fs = ff
	require.NoError(t, tx.Apply(context.Background(), removalLock(t, tx)))
	calls := ff.log
	commit := commitIndex(t, calls)
	for i := range calls {
		t.Run(fmt.Sprintf("%03d %s", i, filepath.Base(calls[i])), func(t *testing.T) {
			root, mk := removalFixture(t)
			tx := mk()
			ff := newFaultFS()
			ff.fail = func(n int, _, _ string) bool { return n == i }
			tx.fs = ff
			before := snapshot(t, root)
			err := tx.Apply(context.Background(), removalLock(t, tx))
			require.ErrorIs(t, err, errInjected, "failing %s", calls[i])
			if i > commit {
				var ce *CommittedError
				require.ErrorAs(t, err, &ce, "after the commit point: %s", calls[i])
				assert.NoDirExists(t, filepath.Join(root, "hosts/d"), "committed: the change stands")
				return
			}
			var rbe *RollbackError
			require.False(t, errors.As(err, &rbe), "one fault must not defeat the rollback: %v", err)
			assert.Equal(t, before, snapshot(t, root), "tree unchanged after failing %s", calls[i])
			assertNoLeftovers(t, root, tx)
		})
	}
}

// The process dies at each call of an apply that removes files and
// folders; Recover brings the tree back as it was, or, once the journal
// is gone, the change stands.
func TestApplyRemoveCrashAtEachCallThenRecover(t *testing.T) {
	_, mk := removalFixture(t)
	ff := newFaultFS()
	tx := mk()
	tx.fs = ff
	require.NoError(t, tx.Apply(context.Background(), removalLock(t, tx)))
	calls := ff.log
	commit := commitIndex(t, calls)
	for k := range calls {
		t.Run(fmt.Sprintf("%03d %s", k, filepath.Base(calls[k])), func(t *testing.T) {
			root, mk := removalFixture(t)
			tx := mk()
			ff := newFaultFS()
			ff.crashAt = k
			tx.fs = ff
			before := snapshot(t, root)
			lock := removalLock(t, tx)
			require.Error(t, tx.Apply(context.Background(), lock))
			rec, err := Recover(context.Background(), lock, tx.JournalDir)
			require.NoError(t, err)
			if k > commit {
				assert.NoDirExists(t, filepath.Join(root, "hosts/d"), "committed: the change stands")
			} else {
				assert.Equal(t, before, snapshot(t, root), "recovered: %+v", rec)
			}
			assertNoLeftovers(t, root, tx)
		})
	}
}
