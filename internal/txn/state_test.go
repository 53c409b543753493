package txn

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The first change creates the state folder, 0700 and owned by the
// effective user, with the commit record in it; nothing else of
// momoconf's stays in the journal's folder.
func TestStateFolderIsCreatedPrivate(t *testing.T) {
	fx := newFixture(t)
	require.NoError(t, fx.tx().Apply(context.Background(), fx.lock(t)))
	info, err := os.Lstat(filepath.Join(fx.root, stateDirName))
	require.NoError(t, err)
	require.True(t, info.IsDir())
	assert.Equal(t, os.FileMode(stateDirMode), info.Mode().Perm())
	uid, _ := owner(info)
	assert.Equal(t, os.Geteuid(), uid)
	rec, _, found, err := readRecord(osFS{}, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, recordName, found)
	assert.Equal(t, uint64(1), rec.Seq)
	assert.NoFileExists(t, filepath.Join(fx.root, legacyRecordName))
	entries, err := os.ReadDir(fx.root)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".momoconf") && e.Name() != stateDirName, "left in the folder: %s", e.Name())
	}
}

// plantLegacy writes an old-layout commit record, .momoconf-commit, naming
// change seq.
func plantLegacy(t *testing.T, fx *fixture, seq uint64, mode os.FileMode) record {
	t.Helper()
	r := record{Seq: seq, ID: strings.Repeat("ab", idBytes)}
	p := filepath.Join(fx.journal, legacyRecordName)
	require.NoError(t, os.WriteFile(p, r.encode(), mode))
	require.NoError(t, os.Chmod(p, mode))
	return r
}

// An old .momoconf-commit is read when .momoconf/commit is missing, the
// change numbered after it, and the old record removed by the commit.
func TestLegacyRecordIsReadThenRemoved(t *testing.T) {
	fx := newFixture(t)
	old := plantLegacy(t, fx, 5, 0o644)
	require.NoError(t, fx.tx().Apply(context.Background(), fx.lock(t)))
	rec, _, found, err := readRecord(osFS{}, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, recordName, found)
	assert.Equal(t, old.Seq+1, rec.Seq)
	assert.NoFileExists(t, filepath.Join(fx.root, legacyRecordName))
}

// The process dies at each call of a change that migrates an old record:
// before the commit point Recover rolls back by the old record (which
// stays); after it, by the new one (the old one goes). Either way the
// tree is all old or all new and the record follows.
func TestLegacyRecordCrashAtEachCall(t *testing.T) {
	probe := newFixture(t)
	plantLegacy(t, probe, 5, 0o644)
	tx := probe.tx()
	counter := newFaultFS()
	tx.fs = counter
	require.NoError(t, tx.Apply(context.Background(), probe.lock(t)))
	commit := commitIndex(t, counter.log)
	for k := range counter.log {
		fx := newFixture(t)
		plantLegacy(t, fx, 5, 0o644)
		before := snapshot(t, fx.root)
		tx := fx.tx()
		ff := newFaultFS()
		ff.crashAt = k
		tx.fs = ff
		lock := fx.lock(t)
		require.Error(t, tx.Apply(context.Background(), lock), "crash at %d %s", k, counter.log[k])
		_, err := Recover(context.Background(), lock, fx.journal)
		require.NoError(t, err, "crash at %d %s", k, counter.log[k])
		rec, _, found, err := readRecord(osFS{}, fx.journal)
		require.NoError(t, err)
		if k > commit {
			assert.Equal(t, "new", stateOf(t, tx), "crash at %s", counter.log[k])
			assert.Equal(t, recordName, found)
			assert.Equal(t, uint64(6), rec.Seq)
			assert.NoFileExists(t, filepath.Join(fx.root, legacyRecordName), "crash at %s", counter.log[k])
		} else {
			assert.Equal(t, before, snapshot(t, fx.root), "crash at %s", counter.log[k])
		}
		assertNoLeftovers(t, fx.root, tx)
		lock.Release()
	}
}

// A prepared change commits into .momoconf/commit and removes an old
// record too.
func TestLegacyRecordRemovedByCommitPrepared(t *testing.T) {
	fx := newFixture(t)
	plantLegacy(t, fx, 2, 0o644)
	lock := fx.lock(t)
	require.NoError(t, fx.tx().Prepare(context.Background(), lock, "t-1", "test"))
	assert.FileExists(t, filepath.Join(fx.root, legacyRecordName), "prepare replaces nothing")
	require.NoError(t, CommitPrepared(context.Background(), lock, fx.journal, "t-1"))
	rec, _, found, err := readRecord(osFS{}, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, recordName, found)
	assert.Equal(t, record{Seq: 3, ID: rec.ID, TxID: "t-1"}, rec)
	assert.NoFileExists(t, filepath.Join(fx.root, legacyRecordName))
	assert.Equal(t, "new", stateOf(t, fx.tx()))
}

// An old record is read under the same rules as the new: writable by
// others, it is refused and nothing is done.
func TestLegacyRecordUntrustedIsRefused(t *testing.T) {
	fx := newFixture(t)
	plantLegacy(t, fx, 5, 0o666)
	before := snapshot(t, fx.root)
	err := fx.tx().Apply(context.Background(), fx.lock(t))
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Contains(t, err.Error(), legacyRecordName)
	assert.Equal(t, before, snapshot(t, fx.root))
}

// A state folder that is not momoconf's own (a symbolic link, a file, a
// folder group members can write to, one owned by another account) is
// refused by Apply and by Recover, touching nothing, not even the
// folder a link leads to.
func TestUntrustedStateFolderIsRefused(t *testing.T) {
	for _, tt := range []struct {
		desc   string
		root   bool
		plant  func(t *testing.T, state, elsewhere string)
		reason string
	}{
		{"symbolic link", false, func(t *testing.T, state, elsewhere string) {
			forged := record{Seq: 41, ID: strings.Repeat("cd", idBytes)}
			require.NoError(t, os.WriteFile(filepath.Join(elsewhere, recordBase), forged.encode(), 0o600))
			require.NoError(t, os.Symlink(elsewhere, state))
		}, "a symbolic link"},
		{"a file", false, func(t *testing.T, state, _ string) {
			require.NoError(t, os.WriteFile(state, []byte("x\n"), 0o600))
		}, "not a folder"},
		{"group-writable", false, func(t *testing.T, state, _ string) {
			require.NoError(t, os.Mkdir(state, 0o700))
			require.NoError(t, os.Chmod(state, 0o770))
		}, "writable by group or others (mode 0770)"},
		{"owned by another uid", true, func(t *testing.T, state, _ string) {
			require.NoError(t, os.Mkdir(state, 0o700))
			require.NoError(t, os.Lchown(state, 4242, 4242))
		}, "owned by another account"},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			if tt.root && os.Geteuid() != 0 {
				t.Skip("needs root to give the state folder to another uid")
			}
			for _, via := range []string{"apply", "recover"} {
				t.Run(via, func(t *testing.T) {
					fx := newFixture(t)
					elsewhere := t.TempDir()
					lock := fx.lock(t)
					if via == "recover" {
						crashBeforeFirstMkdir(t, fx, lock)
					}
					tt.plant(t, filepath.Join(fx.root, stateDirName), elsewhere)
					before, beforeElse := snapshot(t, fx.root), snapshot(t, elsewhere)
					var err error
					if via == "apply" {
						err = fx.tx().Apply(context.Background(), lock)
					} else {
						_, err = Recover(context.Background(), lock, fx.journal)
					}
					require.ErrorIs(t, err, ErrUntrusted)
					assert.Contains(t, err.Error(), filepath.Join(fx.root, stateDirName))
					assert.Contains(t, err.Error(), tt.reason)
					assert.Equal(t, before, snapshot(t, fx.root), "nothing touched")
					assert.Equal(t, beforeElse, snapshot(t, elsewhere), "nothing touched where a link leads")
				})
			}
		})
	}
}

// crashBeforeFirstMkdir leaves the journal of an apply that died before
// its first folder (the state folder) was made.
func crashBeforeFirstMkdir(t *testing.T, fx *fixture, lock *Lock) {
	t.Helper()
	tx := fx.tx()
	ff := newFaultFS()
	ff.before = func(i int, op, _ string) {
		if op == "mkdir" {
			ff.crashAt = i
		}
	}
	tx.fs = ff
	require.Error(t, tx.Apply(context.Background(), lock))
	require.FileExists(t, journalPath(fx.journal))
	require.NoDirExists(t, filepath.Join(fx.root, stateDirName))
}
