package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A change is a fixture and the Tx to apply to it.
type change func(t *testing.T) (*fixture, *Tx)

func plainChange(t *testing.T) (*fixture, *Tx) {
	fx := newFixture(t)
	return fx, fx.tx()
}

// attrsChange is the fixture's change with attributes to carry through
// the descriptor: a rewritten file with a user extended attribute and,
// as root, a created file and folder owned by another user.
func attrsChange(t *testing.T) (*fixture, *Tx) {
	fx := newFixture(t)
	setUserXattr(t, filepath.Join(fx.root, "hosts/a/ecelerity.conf"), "user.origin", "cluster")
	tx := fx.tx()
	if os.Geteuid() == 0 {
		tx.Files[4].UID, tx.Files[4].GID = 4242, 4242
		tx.Dirs[0].UID, tx.Dirs[0].GID = 4242, 4242
	}
	return fx, tx
}

// cleanRunCallsOf applies the change once through a counting faultFS and
// returns the log of its file-system calls.
func cleanRunCallsOf(t *testing.T, ch change) []string {
	t.Helper()
	fx, tx := ch(t)
	ff := newFaultFS()
	tx.fs = ff
	require.NoError(t, tx.Apply(context.Background(), fx.lock(t)))
	return ff.log
}

// Every call of an apply fails in turn: the tree must come out
// byte-identical (content, modes, owners, listing), with nothing left
// behind, and the error must name what failed.
func TestApplyFailEachCall(t *testing.T) { failEachCall(t, plainChange) }

// The same with the calls that set attributes through the descriptor:
// fsetxattr, and as root fchown of a file and of a folder.
func TestApplyFailEachCallWithAttrs(t *testing.T) {
	calls := cleanRunCallsOf(t, attrsChange)
	want := []string{"fsetxattr", "fchmod", "fstat"}
	if os.Geteuid() == 0 {
		want = append(want, "fchown")
	} else {
		t.Log("not root: no file is given another owner, so fchown is not among the calls")
	}
	for _, op := range want {
		assert.True(t, slices.ContainsFunc(calls, func(c string) bool { return strings.HasPrefix(c, op+" ") }), "the run calls %s", op)
	}
	failEachCall(t, attrsChange)
}

func failEachCall(t *testing.T, ch change) {
	calls := cleanRunCallsOf(t, ch)
	require.Greater(t, len(calls), 50, "the fixture exercises every step")
	for i := 0; i <= len(calls); i++ {
		op := "none (clean run)"
		if i < len(calls) {
			op = calls[i]
		}
		t.Run(fmt.Sprintf("%03d %s", i, filepath.Base(op)), func(t *testing.T) {
			fx, tx := ch(t)
			ff := newFaultFS()
			ff.fail = func(n int, _, _ string) bool { return n == i }
			tx.fs = ff
			before := snapshot(t, fx.root)
			lock := fx.lock(t)
			err := tx.Apply(context.Background(), lock)
			if i == len(calls) {
				require.NoError(t, err)
				assert.Equal(t, "new", stateOf(t, tx))
				return
			}
			if i > commitIndex(t, calls) {
				// After the commit point: reported as committed, never
				// rolled back.
				var ce *CommittedError
				require.ErrorAs(t, err, &ce, "failing %s", op)
				require.ErrorIs(t, err, errInjected)
				assert.True(t, strings.HasPrefix(err.Error(), "committed; "), err.Error())
				assert.Equal(t, "new", stateOf(t, tx))
				lock.Release()
				assertRecoverLeavesNew(t, fx, tx)
				return
			}
			require.ErrorIs(t, err, errInjected, "failing %s", op)
			var rb *RollbackError
			require.False(t, errors.As(err, &rb), "one fault must not defeat the rollback: %v", err)
			assert.True(t, strings.Contains(err.Error(), fx.root) || strings.Contains(err.Error(), "hosts/") ||
				strings.Contains(err.Error(), "cluster/"), "error names the file: %v", err)
			assert.Equal(t, before, snapshot(t, fx.root), "tree unchanged after failing %s", op)
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}

// A fault that stops the apply after some renames, then a fault during
// the rollback: the error lists what is still changed and keeps the
// journal, and Recover brings everything back.
func TestRollbackFailureKeepsJournalForRecover(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	renames := 0
	ff := newFaultFS()
	ff.fail = func(_ int, op, name string) bool {
		if op != "rename" || strings.Contains(name, journalName) {
			return false
		}
		renames++
		// The 4th rename stops the apply; the first rename of the
		// rollback (putting a file back) fails too.
		return renames == 4 || renames == 5
	}
	tx.fs = ff
	before := snapshot(t, fx.root)
	lock := fx.lock(t)
	err := tx.Apply(context.Background(), lock)
	var rb *RollbackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, []string{"hosts/b/ecelerity.conf"}, rb.Changed)
	assert.Equal(t, journalPath(fx.journal), rb.Journal)
	assert.Contains(t, err.Error(), "still changed: hosts/b/ecelerity.conf")
	assert.Contains(t, err.Error(), journalPath(fx.journal))
	assert.FileExists(t, journalPath(fx.journal))
	assert.Equal(t, "mixed", stateOf(t, tx))

	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, []string{"hosts/b/ecelerity.conf"}, rec.Restored)
	assert.Equal(t, before, snapshot(t, fx.root))
	assertNoLeftovers(t, fx.root, tx)
}

// The process dies (kill -9, power cut) right at each call of an apply;
// nothing after it reaches the disk. Recover must bring all back.
func TestCrashAtEachCallThenRecover(t *testing.T) { crashEachCall(t, plainChange) }

// The same with the calls that set attributes through the descriptor.
func TestCrashAtEachCallWithAttrsThenRecover(t *testing.T) { crashEachCall(t, attrsChange) }

func crashEachCall(t *testing.T, ch change) {
	calls := cleanRunCallsOf(t, ch)
	commit := commitIndex(t, calls)
	for k := range calls {
		t.Run(fmt.Sprintf("%03d %s", k, filepath.Base(calls[k])), func(t *testing.T) {
			fx, tx := ch(t)
			ff := newFaultFS()
			ff.crashAt = k
			tx.fs = ff
			before := snapshot(t, fx.root)
			lock := fx.lock(t)
			require.Error(t, tx.Apply(context.Background(), lock))
			lock.Release()

			lock2, err := Acquire(context.Background(), []string{fx.journal}, 0)
			require.NoError(t, err)
			defer lock2.Release()
			_, err = Recover(context.Background(), lock2, fx.journal)
			require.NoError(t, err)
			if k > commit { // the commit record was in place: the change stands
				assert.Equal(t, "new", stateOf(t, tx))
			} else {
				assert.Equal(t, before, snapshot(t, fx.root))
			}
			assertNoLeftovers(t, fx.root, tx)
		})
	}
}

// commitIndex is the index in calls of the commit point: the rename of
// the commit record.
func commitIndex(t *testing.T, calls []string) int {
	t.Helper()
	for i, c := range calls {
		if strings.HasPrefix(c, "rename ") && strings.HasSuffix(c, recordPathSuffix) {
			return i
		}
	}
	t.Fatalf("no rename of the commit record in %q", calls)
	return -1
}

const recordPathSuffix = "/" + recordName

// assertRecoverLeavesNew recovers after a change that committed: the
// files keep their new content and nothing is left behind.
func assertRecoverLeavesNew(t *testing.T, fx *fixture, tx *Tx) {
	t.Helper()
	lock, err := Acquire(context.Background(), []string{fx.journal}, 0)
	require.NoError(t, err)
	defer lock.Release()
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.Empty(t, rec.Restored, "nothing rolled back after the commit point")
	assert.Equal(t, "new", stateOf(t, tx))
	assertNoLeftovers(t, fx.root, tx)
}

// The recovery itself is cut short at each of its calls; the next
// recovery finishes the work.
func TestRecoveryCrashAtEachCallThenRecoverAgain(t *testing.T) {
	crashMidApply := func(t *testing.T) (*fixture, map[string]string, *Lock) {
		fx := newFixture(t)
		tx := fx.tx()
		before := snapshot(t, fx.root)
		ff := newFaultFS()
		renames := 0
		ff.before = func(i int, op, name string) {
			if op == "rename" && !strings.Contains(name, journalName) {
				renames++
				if renames == 5 {
					ff.crashAt = i + 1 // die right after this rename
				}
			}
		}
		tx.fs = ff
		lock := fx.lock(t)
		require.Error(t, tx.Apply(context.Background(), lock))
		require.Equal(t, "mixed", stateOf(t, tx))
		return fx, before, lock
	}
	_, _, _ = crashMidApply(t)
	counter := newFaultFS()
	{
		fx, _, lock := crashMidApply(t)
		_, err := recoverWith(context.Background(), counter, lock, fx.journal)
		require.NoError(t, err)
	}
	for k := range counter.log {
		t.Run(fmt.Sprintf("%03d %s", k, filepath.Base(counter.log[k])), func(t *testing.T) {
			fx, before, lock := crashMidApply(t)
			ff := newFaultFS()
			ff.crashAt = k
			_, err := recoverWith(context.Background(), ff, lock, fx.journal)
			require.Error(t, err)
			_, err = Recover(context.Background(), lock, fx.journal)
			require.NoError(t, err)
			assert.Equal(t, before, snapshot(t, fx.root))
			assertNoLeftovers(t, fx.root, fx.tx())
		})
	}
}

func TestRecoverReportsConflictAndKeepsJournal(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	ff := newFaultFS()
	renames := 0
	ff.before = func(i int, op, name string) {
		if op == "rename" && !strings.Contains(name, journalName) {
			if renames++; renames == 3 {
				ff.crashAt = i + 1
			}
		}
	}
	tx.fs = ff
	lock := fx.lock(t)
	require.Error(t, tx.Apply(context.Background(), lock))
	// Someone edits a file the crashed run had already replaced.
	write(t, fx.root, "hosts/a/nginx.conf", "hand edit\n")

	rec, err := Recover(context.Background(), lock, fx.journal)
	require.ErrorIs(t, err, ErrConflict)
	assert.Contains(t, err.Error(), "hosts/a/nginx.conf")
	assert.Contains(t, err.Error(), journalPath(fx.journal))
	assert.FileExists(t, journalPath(fx.journal))
	assert.Equal(t, []string{"hosts/a/ecelerity.conf", "hosts/b/ecelerity.conf"}, rec.Restored)
	assert.Equal(t, "hand edit\n", readString(t, filepath.Join(fx.root, "hosts/a/nginx.conf")))
}

func TestRecoverWithoutJournalDoesNothing(t *testing.T) {
	fx := newFixture(t)
	before := snapshot(t, fx.root)
	rec, err := Recover(context.Background(), fx.lock(t), fx.journal)
	require.NoError(t, err)
	assert.False(t, rec.Found())
	assert.Equal(t, before, snapshot(t, fx.root))
}

func TestRecoverRefusesCorruptJournal(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	ff := newFaultFS()
	ff.before = func(i int, op, name string) {
		if op == "mkdir" {
			ff.crashAt = i // die before the first folder is made
		}
	}
	tx.fs = ff
	lock := fx.lock(t)
	require.Error(t, tx.Apply(context.Background(), lock))
	data := []byte(readString(t, journalPath(fx.journal)))
	for _, bad := range [][]byte{data[:len(data)-1], append([]byte("x"), data[1:]...)} {
		write(t, fx.root, journalName, string(bad))
		before := snapshot(t, fx.root)
		_, err := Recover(context.Background(), lock, fx.journal)
		require.ErrorIs(t, err, ErrCorruptJournal)
		assert.Equal(t, before, snapshot(t, fx.root))
	}
}

// FuzzApplyPrefix cuts an apply short after any number of file-system
// calls, for any subset of the fixture's files, then recovers: the files
// are then all old or all new, never mixed, and nothing is left behind.
func FuzzApplyPrefix(f *testing.F) {
	for _, seed := range []struct {
		k    uint16
		mask uint8
	}{{0, 0xff}, {20, 0xff}, {40, 0x0f}, {70, 0x70}, {1000, 0xff}} {
		f.Add(seed.k, seed.mask)
	}
	f.Fuzz(func(t *testing.T, k uint16, mask uint8) {
		fx := newFixture(t)
		tx := fx.tx()
		var files []File
		for i, file := range tx.Files {
			if mask&(1<<i) != 0 {
				files = append(files, file)
			}
		}
		tx.Files = files
		ff := newFaultFS()
		ff.crashAt = int(k)
		tx.fs = ff
		lock := fx.lock(t)
		_ = tx.Apply(context.Background(), lock)
		_, err := Recover(context.Background(), lock, fx.journal)
		require.NoError(t, err)
		state := stateOf(t, tx)
		require.Contains(t, []string{"old", "new"}, state)
		if state == "old" && len(tx.Files) > 0 && k < uint16(ff.calls) {
			for _, d := range tx.Dirs {
				assert.NoDirExists(t, d.Path)
			}
		}
		assertNoLeftovers(t, fx.root, tx)
	})
}

// A created folder that someone filled meanwhile is left in place by the
// recovery, and said so.
func TestRecoverKeepsCreatedFolderOthersFilled(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	ff := newFaultFS()
	ff.before = func(i int, op, name string) {
		if op == "syncdir" && name != fx.journal {
			ff.crashAt = i // die after every rename, before the folder syncs
		}
	}
	tx.fs = ff
	lock := fx.lock(t)
	require.Error(t, tx.Apply(context.Background(), lock))
	require.Equal(t, "new", stateOf(t, tx))
	write(t, fx.root, "hosts/c/conf/someone.conf", "theirs\n")

	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, "old", stateOf(t, tx))
	assert.Equal(t, []string{"hosts/a/extra.conf", "hosts/c/conf/ecelerity.conf", "hosts/c/production.json", "history/1.json", "history"}, rec.Removed,
		"the created files, then the created folder left empty")
	assert.Len(t, rec.Restored, 4)
	assert.Equal(t, []string{"hosts/c/conf", "hosts/c"}, rec.Kept)
	assert.Equal(t, "theirs\n", readString(t, filepath.Join(fx.root, "hosts/c/conf/someone.conf")))
	assertNoLeftovers(t, fx.root, tx)
}

// A hand edit made to a file after Apply replaced it survives the
// rollback: the file is reported, not overwritten.
func TestRollbackLeavesAHandEditAlone(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	edited := tx.Files[0].Path
	ff := newFaultFS()
	renames := 0
	ff.fail = func(_ int, op, name string) bool {
		if op != "rename" || strings.Contains(name, journalName) {
			return false
		}
		if renames++; renames == 3 {
			require.NoError(t, os.WriteFile(edited, []byte("hand edit\n"), 0o644))
			return true
		}
		return false
	}
	tx.fs = ff
	err := tx.Apply(context.Background(), fx.lock(t))
	var rb *RollbackError
	require.ErrorAs(t, err, &rb)
	require.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, []string{"hosts/a/ecelerity.conf"}, rb.Changed)
	assert.Equal(t, "hand edit\n", readString(t, edited))
	assert.Equal(t, "upstream x {\n}\n", readString(t, tx.Files[1].Path), "the other file is put back")
	assert.FileExists(t, rb.Journal)
}

// A path the journal lists as a created folder that now holds a file
// (someone replaced the empty folder) is left alone by the recovery, not
// removed as if it were the folder.
func TestRecoverLeavesAFileInPlaceOfACreatedFolder(t *testing.T) {
	dir := t.TempDir()
	j := &journal{Folder: mustRoot(t, dir)}
	rs := resolvedFor(t, dir, j)
	path := filepath.Join(dir, "conf")
	require.NoError(t, os.WriteFile(path, []byte("theirs\n"), 0o644))
	r := &Recovery{}
	require.NoError(t, r.dirBack(osFS{}, rs, j, journalDir{Path: "conf"}))
	assert.Equal(t, []string{"conf"}, r.Kept)
	assert.Empty(t, r.Removed)
	assert.Equal(t, "theirs\n", readString(t, path), "the file is not removed")

	require.NoError(t, os.Mkdir(filepath.Join(dir, "made"), 0o755))
	require.NoError(t, r.dirBack(osFS{}, rs, j, journalDir{Path: "made"}))
	assert.Equal(t, []string{"made"}, r.Removed, "an empty created folder goes")
	assert.NoDirExists(t, filepath.Join(dir, "made"))
}

func mustRoot(t *testing.T, dir string) journalRoot {
	t.Helper()
	r, err := statRoot(dir)
	require.NoError(t, err)
	r.Path = ""
	return r
}

func resolvedFor(t *testing.T, dir string, j *journal) *resolved {
	t.Helper()
	lock, err := Acquire(context.Background(), []string{dir}, 0)
	require.NoError(t, err)
	t.Cleanup(lock.Release)
	rs, err := resolveJournal(context.Background(), lock, dir, j)
	require.NoError(t, err)
	t.Cleanup(rs.close)
	return rs
}

// Watched leaves out a signal the process ignores, so that a run under
// nohup keeps ignoring SIGHUP. The check runs in a child started through
// nohup (SIGHUP ignored from the start) and in one started plainly.
func TestWatchedKeepsIgnoredSignalsIgnored(t *testing.T) {
	if os.Getenv("TXN_WATCHED_CHILD") == "1" {
		if slices.Contains(Watched(syscall.SIGINT, syscall.SIGHUP), os.Signal(syscall.SIGHUP)) {
			os.Exit(3) // SIGHUP watched
		}
		os.Exit(0)
	}
	nohup, err := exec.LookPath("nohup")
	if err != nil {
		t.Skip("no nohup on PATH")
	}
	run := func(name string, args ...string) int {
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), "TXN_WATCHED_CHILD=1")
		cmd.Dir = t.TempDir() // nohup may write nohup.out here
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		require.NoError(t, err)
		return 0
	}
	self := []string{"-test.run=^TestWatchedKeepsIgnoredSignalsIgnored$"}
	hupDefault(t) // the plain child must not inherit a nohup of this test
	assert.Equal(t, 0, run(nohup, append([]string{os.Args[0]}, self...)...), "under nohup SIGHUP is not watched")
	assert.Equal(t, 3, run(os.Args[0], self...), "without nohup SIGHUP is watched")
}

// A created folder that someone filled while the change ran is kept by
// the rollback and reported, as Recover does: the rollback succeeds (a
// *RolledBackError, not a *RollbackError), the other's file stays, and
// nothing of the change is left.
func TestRollbackKeepsCreatedFolderOthersFilled(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	ff := newFaultFS()
	renames := 0
	ff.fail = func(_ int, op, name string) bool {
		if op != "rename" || strings.Contains(name, journalName) {
			return false
		}
		if renames++; renames == 6 { // every created file is in place
			write(t, fx.root, "hosts/c/conf/someone.conf", "theirs\n")
			return true
		}
		return false
	}
	tx.fs = ff
	err := tx.Apply(context.Background(), fx.lock(t))
	var rb *RollbackError
	require.False(t, errors.As(err, &rb), "keeping a filled folder is no failed rollback: %v", err)
	var rolled *RolledBackError
	require.ErrorAs(t, err, &rolled)
	require.ErrorIs(t, err, errInjected)
	assert.Equal(t, []string{"hosts/c/conf", "hosts/c"}, rolled.Kept)
	assert.Contains(t, err.Error(), "kept the folders it created that others have put entries in meanwhile: hosts/c/conf, hosts/c")
	assert.Equal(t, "old", stateOf(t, tx))
	assert.Equal(t, "theirs\n", readString(t, filepath.Join(fx.root, "hosts/c/conf/someone.conf")))
	assert.NoFileExists(t, filepath.Join(fx.root, "hosts/c/production.json"))
	assertNoLeftovers(t, fx.root, tx)
}

// A created folder replaced by a file meanwhile is kept, not removed:
// removeMadeDir must not unlink someone's file in its place.
func TestRollbackKeepsAFileInPlaceOfACreatedFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "conf")
	require.NoError(t, os.WriteFile(path, []byte("theirs\n"), 0o644))
	kept, err := removeMadeDir(osFS{}, path)
	require.NoError(t, err)
	assert.True(t, kept)
	assert.Equal(t, "theirs\n", readString(t, path))
	require.NoError(t, os.Remove(path))
	require.NoError(t, os.Mkdir(path, 0o755))
	kept, err = removeMadeDir(osFS{}, path)
	require.NoError(t, err)
	assert.False(t, kept)
	assert.NoDirExists(t, path)
	kept, err = removeMadeDir(osFS{}, path)
	require.NoError(t, err, "a folder already gone is fine")
	assert.False(t, kept)
}
