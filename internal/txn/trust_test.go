package txn

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileJournal writes, in dir, a well-formed journal that claims the
// file victim (outside dir) was changed from "pwned\n" to what it holds
// now: replayed, it would write "pwned\n" into victim. Anyone can compute
// such a journal; only its owner and mode can tell it from ours.
func hostileJournal(t *testing.T, dir, victim string) []byte {
	t.Helper()
	now, err := os.ReadFile(victim)
	require.NoError(t, err)
	vdir, err := statRoot(filepath.Dir(victim))
	require.NoError(t, err)
	old := []byte("pwned\n")
	j := &journal{ID: strings.Repeat("66", idBytes), Time: "2026-12-07T05:00:00Z", State: stateApplying, Seq: 1,
		Folder: mustRoot(t, dir), Roots: []journalRoot{vdir},
		Files: []journalFile{{Root: 1, Path: filepath.Base(victim), OldSum: sum(old), NewSum: sum(now)}},
		Olds:  map[string][]byte{sum(old): old}}
	data, err := j.encode()
	require.NoError(t, err)
	return data
}

// A journal planted where another account could have written it is
// refused, naming it and its owner; the victim file outside the cluster
// keeps its content, and the journal itself is left as it is.
func TestPlantedJournalIsRefused(t *testing.T) {
	for _, tt := range []struct {
		desc  string
		root  bool // needs root (chown to another uid)
		plant func(t *testing.T, dir string, data []byte)
		says  string
	}{
		{"owned by another uid", true, func(t *testing.T, dir string, data []byte) {
			require.NoError(t, os.WriteFile(journalPath(dir), data, 0o600))
			require.NoError(t, os.Chown(journalPath(dir), 4242, 4242))
		}, "(owner uid 4242): not trusted: owned by another account"},
		{"writable by group", false, func(t *testing.T, dir string, data []byte) {
			require.NoError(t, os.WriteFile(journalPath(dir), data, 0o600))
			require.NoError(t, os.Chmod(journalPath(dir), 0o620))
		}, "writable by group or others (mode 0620)"},
		{"writable by others", false, func(t *testing.T, dir string, data []byte) {
			require.NoError(t, os.WriteFile(journalPath(dir), data, 0o600))
			require.NoError(t, os.Chmod(journalPath(dir), 0o602))
		}, "writable by group or others (mode 0602)"},
		{"in a folder others may write", false, func(t *testing.T, dir string, data []byte) {
			require.NoError(t, os.WriteFile(journalPath(dir), data, 0o600))
			require.NoError(t, os.Chmod(dir, 0o777))
		}, "the folder is writable by others without the sticky bit (mode 0777)"},
		{"a symbolic link", false, func(t *testing.T, dir string, data []byte) {
			elsewhere := filepath.Join(t.TempDir(), "j")
			require.NoError(t, os.WriteFile(elsewhere, data, 0o600))
			require.NoError(t, os.Symlink(elsewhere, journalPath(dir)))
		}, "not trusted: a symbolic link"},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			if tt.root && os.Geteuid() != 0 {
				t.Skip("needs root to give the journal to another uid (chown)")
			}
			fx := newFixture(t)
			victim := filepath.Join(t.TempDir(), "shadow")
			require.NoError(t, os.WriteFile(victim, []byte("root:secret\n"), 0o600))
			tt.plant(t, fx.journal, hostileJournal(t, fx.journal, victim))
			before := snapshot(t, fx.root)
			lock := fx.lock(t)
			_, err := Recover(context.Background(), lock, fx.journal)
			require.ErrorIs(t, err, ErrUntrusted)
			assert.Contains(t, err.Error(), tt.says)
			assert.Contains(t, err.Error(), fx.journal)
			assert.Equal(t, "root:secret\n", readString(t, victim), "the victim outside the cluster is untouched")
			assert.Equal(t, before, snapshot(t, fx.root), "nothing touched, the journal kept")
			// Apply refuses to start beside it too.
			assert.Error(t, fx.tx().Apply(context.Background(), lock))
			assert.Equal(t, "root:secret\n", readString(t, victim))
		})
	}
}

// Even a journal this user wrote is resolved under its folders without
// following a symbolic link: a link put on the way leads nowhere.
func TestJournalPathThroughALinkIsLeftAlone(t *testing.T) {
	fx := newFixture(t)
	victimDir := t.TempDir()
	victim := filepath.Join(victimDir, "shadow")
	require.NoError(t, os.WriteFile(victim, []byte("root:secret\n"), 0o600))
	require.NoError(t, os.Symlink(victimDir, filepath.Join(fx.journal, "link")))
	old := []byte("pwned\n")
	j := &journal{ID: strings.Repeat("77", idBytes), Time: "2026-12-07T05:00:00Z", State: stateApplying, Seq: 1,
		Folder: mustRoot(t, fx.journal),
		Files:  []journalFile{{Path: "link/shadow", OldSum: sum(old), NewSum: sum([]byte("root:secret\n"))}},
		Olds:   map[string][]byte{sum(old): old}}
	data, err := j.encode()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(journalPath(fx.journal), data, 0o600))

	rec, err := Recover(context.Background(), fx.lock(t), fx.journal)
	require.ErrorIs(t, err, ErrConflict)
	assert.Contains(t, err.Error(), "link/shadow")
	assert.Empty(t, rec.Restored)
	assert.Equal(t, "root:secret\n", readString(t, victim))
	assert.FileExists(t, journalPath(fx.journal), "kept, for a human to look at")
}

// A journal copied into another folder names the folder it was written
// for by identity, and is refused there.
func TestJournalOfAnotherFolderIsRefused(t *testing.T) {
	fx := newFixture(t)
	data, err := journalOf(t, fx.tx()).encode()
	require.NoError(t, err)
	other := t.TempDir()
	require.NoError(t, os.WriteFile(journalPath(other), data, 0o600))
	lock, err := Acquire(context.Background(), []string{other}, 0)
	require.NoError(t, err)
	defer lock.Release()
	_, err = Recover(context.Background(), lock, other)
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Contains(t, err.Error(), "written for another folder")
}

// OpenTrusted opens a file this user owns, mode 0600, in a plain folder,
// and in a sticky folder others may write to (as /tmp).
func TestOpenTrustedAcceptsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rec"), []byte("x"), 0o644))
	f, err := OpenTrusted(dir, "rec")
	require.NoError(t, err)
	f.Close()
	require.NoError(t, os.Chmod(dir, 0o777|os.ModeSticky))
	f, err = OpenTrusted(dir, "rec")
	require.NoError(t, err)
	f.Close()
	_, err = OpenTrusted(dir, "missing")
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = OpenTrusted(dir, "../rec")
	require.ErrorIs(t, err, ErrUntrusted)
}

// Apply refuses to keep a journal in a folder others may write to without
// the sticky bit: it would not be trusted when read back.
func TestApplyRefusesAnUntrustedJournalFolder(t *testing.T) {
	fx := newFixture(t)
	require.NoError(t, os.Chmod(fx.journal, 0o777))
	before := snapshot(t, fx.root)
	err := fx.tx().Apply(context.Background(), fx.lock(t))
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Equal(t, before, snapshot(t, fx.root))
}

// An old journal put back does not undo the change it belongs to, nor a
// later one: right after its change committed, the commit record names
// it and only the journal is removed; after a later change, it is
// refused and nothing is touched.
func TestReplayedJournalIsRecognised(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	var saved []byte
	testHookAfterRename = func(n int) {
		if n == 2 { // mid-apply: the journal is there
			saved = []byte(readString(t, journalPath(fx.journal)))
		}
	}
	defer func() { testHookAfterRename = nil }()
	lock := fx.lock(t)
	require.NoError(t, tx.Apply(context.Background(), lock))
	testHookAfterRename = nil
	require.NotEmpty(t, saved)
	require.Equal(t, "new", stateOf(t, tx))

	putBack := func() { require.NoError(t, os.WriteFile(journalPath(fx.journal), saved, 0o600)) }
	putBack()
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.True(t, rec.Committed, "the commit record names the journal's change")
	assert.Empty(t, rec.Restored)
	assert.Equal(t, "new", stateOf(t, tx), "the committed change stands")
	assert.NoFileExists(t, journalPath(fx.journal))

	// A later change, then the old journal again.
	later := &Tx{JournalDir: fx.journal, Files: []File{{Path: tx.Files[0].Path, Old: tx.Files[0].New, New: []byte("a later\n")}}}
	require.NoError(t, later.Apply(context.Background(), lock))
	putBack()
	before := snapshot(t, fx.root)
	_, err = Recover(context.Background(), lock, fx.journal)
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Contains(t, err.Error(), "an old journal put back")
	assert.Equal(t, before, snapshot(t, fx.root), "nothing undone, nothing touched")
	assert.Equal(t, "a later\n", readString(t, tx.Files[0].Path))
	assert.Equal(t, "b new\n", readString(t, tx.Files[2].Path), "a file the later change left alone is not rolled back either")
}

// POSIX ACLs travel with a rewritten file, like the other extended
// attributes.
func TestACLIsKept(t *testing.T) {
	setfacl, err1 := exec.LookPath("setfacl")
	getfacl, err2 := exec.LookPath("getfacl")
	if err1 != nil || err2 != nil {
		t.Skip("setfacl/getfacl not installed (Debian package acl)")
	}
	fx := newFixture(t)
	tx := fx.tx()
	path := tx.Files[0].Path
	if out, err := exec.Command(setfacl, "-m", "u:4242:rw,g:4243:r", path).CombinedOutput(); err != nil {
		t.Skipf("the file system of %s keeps no ACL: %s", path, out)
	}
	acl := func() string {
		out, err := exec.Command(getfacl, "--omit-header", "--numeric", path).Output()
		require.NoError(t, err)
		return string(out)
	}
	want := acl()
	require.Contains(t, want, "user:4242:rw-")
	require.NoError(t, tx.Apply(context.Background(), fx.lock(t)))
	assert.Equal(t, "a new\n", readString(t, path))
	assert.Equal(t, want, acl())
}

// A folder made like a template reached through a symbolic link takes
// the mode and owner of the link's target, not the link's 0777.
func TestDirLikeFollowsALinkedTemplate(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "conf")
	require.NoError(t, os.Mkdir(target, 0o750))
	require.NoError(t, os.Chmod(target, 0o750))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, link))
	d, err := DirLike(filepath.Join(dir, "new"), "new", link)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o750), d.Mode)
	_, err = DirLike(filepath.Join(dir, "new"), "new", filepath.Join(dir, "missing"))
	assert.Error(t, err)
}

// A change whose files lie outside the journal's folder (named files in
// several folders) journals those folders by path and identity: a crash
// is recovered through them, and a folder put in the place of one is
// refused, touching nothing.
func TestJournalRootsOutsideItsFolder(t *testing.T) {
	for _, swap := range []bool{false, true} {
		t.Run(fmt.Sprintf("folder replaced=%v", swap), func(t *testing.T) {
			fx := newFixture(t)
			fx.journal = filepath.Join(fx.root, "cluster") // files in ../hosts/... are outside it
			tx := fx.tx()
			before := snapshot(t, fx.root)
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
			require.Equal(t, "mixed", stateOf(t, tx))
			j, err := readJournal(osFS{}, fx.journal)
			require.NoError(t, err)
			require.NotEmpty(t, j.Roots, "folders outside the journal's are roots")
			if !swap {
				_, err := Recover(context.Background(), lock, fx.journal)
				require.NoError(t, err)
				assert.Equal(t, before, snapshot(t, fx.root))
				return
			}
			a := filepath.Join(fx.root, "hosts/a")
			require.NoError(t, os.Rename(a, a+".moved"))
			require.NoError(t, os.Mkdir(a, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(a, "ecelerity.conf"), []byte("a new\n"), 0o644))
			lock.Release()
			lock2, err := Acquire(context.Background(), []string{fx.journal}, 0)
			require.NoError(t, err)
			defer lock2.Release()
			_, err = Recover(context.Background(), lock2, fx.journal)
			require.ErrorIs(t, err, ErrUntrusted)
			assert.Contains(t, err.Error(), "another folder was put in its place")
			assert.Equal(t, "a new\n", readString(t, filepath.Join(a, "ecelerity.conf")), "the impostor folder is untouched")
		})
	}
}
