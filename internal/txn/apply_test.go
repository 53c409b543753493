package txn

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplyWritesEverything(t *testing.T) {
	fx := newFixture(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	tx := fx.tx()
	require.NoError(t, tx.Apply(context.Background(), fx.lock(t)))
	assert.Equal(t, "new", stateOf(t, tx))
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written to TMPDIR")

	snap := snapshot(t, fx.root)
	assert.Equal(t, "dgrwxr-x--- 0:0", modeOnly(snap["hosts/c"]), "created folder mode, setgid kept despite the umask")
	assert.Contains(t, snap["hosts/a/nginx.conf"], "grw-r-----", "setgid file keeps its mode")
	assert.Contains(t, snap["hosts/a/extra.conf"], "-rw-------", "created file gets the mode asked for")
	assertNoLeftovers(t, fx.root, fx.tx())
}

// modeOnly keeps the mode and, as root, the owner of a snapshot entry.
func modeOnly(desc string) string {
	if os.Geteuid() != 0 {
		desc = desc[:len("dgrwxr-x---")] + " 0:0"
	}
	return desc
}

// assertNoLeftovers checks that no temporary file or journal remains.
func assertNoLeftovers(t *testing.T, root string, tx *Tx) {
	t.Helper()
	for _, f := range tx.Files {
		assert.NoFileExists(t, tempPath(f.Path))
	}
	assert.NoFileExists(t, journalPath(tx.JournalDir))
	assert.NoFileExists(t, journalTempPath(tx.JournalDir))
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(filepath.Base(p), ".momoconf-tmp") {
			t.Errorf("leftover %s", p)
		}
		return nil
	})
}

var preflightTests = []struct {
	desc   string
	setup  func(t *testing.T, fx *fixture)
	want   error
	naming string
}{
	{"hand edit since read", func(t *testing.T, fx *fixture) {
		write(t, fx.root, "hosts/b/ecelerity.conf", "b edited\n")
	}, ErrChanged, "hosts/b/ecelerity.conf"},
	{"file to create exists", func(t *testing.T, fx *fixture) {
		write(t, fx.root, "hosts/a/extra.conf", "someone's\n")
	}, ErrChanged, "hosts/a/extra.conf"},
	{"folder to create exists", func(t *testing.T, fx *fixture) {
		require.NoError(t, os.Mkdir(filepath.Join(fx.root, "hosts/c"), 0o755))
	}, ErrChanged, "hosts/c"},
	{"hard link", func(t *testing.T, fx *fixture) {
		require.NoError(t, os.Link(filepath.Join(fx.root, "hosts/a/ecelerity.conf"), filepath.Join(fx.root, "hosts/a/link")))
	}, ErrHardLinked, "hosts/a/ecelerity.conf"},
	{"no write bit", func(t *testing.T, fx *fixture) {
		require.NoError(t, os.Chmod(filepath.Join(fx.root, "hosts/b/ecelerity.conf"), 0o444))
	}, ErrReadOnly, "hosts/b/ecelerity.conf"},
	{"symlink target", func(t *testing.T, fx *fixture) {
		p := filepath.Join(fx.root, "hosts/b/ecelerity.conf")
		require.NoError(t, os.Rename(p, p+".real"))
		require.NoError(t, os.Symlink("ecelerity.conf.real", p))
	}, ErrNotRegular, "hosts/b/ecelerity.conf"},
	{"pending journal", func(t *testing.T, fx *fixture) {
		write(t, fx.root, journalName, "whatever")
	}, ErrPending, journalName},
}

func TestPreflightRefusesWritingNothing(t *testing.T) {
	for _, tt := range preflightTests {
		t.Run(tt.desc, func(t *testing.T) {
			fx := newFixture(t)
			tt.setup(t, fx)
			before := snapshot(t, fx.root)
			lock := fx.lock(t)
			fds := openFDs(t)
			err := fx.tx().Apply(context.Background(), lock)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.naming)
			assert.Equal(t, before, snapshot(t, fx.root))
			assert.Equal(t, fds, openFDs(t), "the refused apply closed every folder it opened")
			err = fx.tx().Prepare(context.Background(), lock, "tx-refused", "refused")
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, snapshot(t, fx.root))
			assert.Equal(t, fds, openFDs(t), "the refused prepare closed every folder it opened")
		})
	}
}

// openFDs returns how many descriptors the process holds, once the
// runtime's own (the poller's) exist.
func openFDs(t *testing.T) int {
	t.Helper()
	f, err := os.Open(".")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	entries, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(entries)
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644))
}

func TestApplyNeedsTheLock(t *testing.T) {
	fx := newFixture(t)
	l, err := Acquire(context.Background(), []string{fx.journal}, 0)
	require.NoError(t, err)
	defer l.Release()
	err = fx.tx().Apply(context.Background(), l)
	require.ErrorIs(t, err, ErrNotLocked)
	assert.Regexp(t, regexp.QuoteMeta(fx.root)+"/(cluster|hosts)", err.Error(), "names a folder left unlocked")
}

func TestApplyRefusesMalformedTx(t *testing.T) {
	fx := newFixture(t)
	lock := fx.lock(t)
	tx := fx.tx()
	tx.Files[1].Path = "relative/path"
	require.ErrorIs(t, tx.Apply(context.Background(), lock), ErrInvalid)
	tx = fx.tx()
	tx.Files = append(tx.Files, tx.Files[0])
	require.ErrorIs(t, tx.Apply(context.Background(), lock), ErrInvalid)
	tx = fx.tx()
	tx.Dirs[0], tx.Dirs[1] = tx.Dirs[1], tx.Dirs[0]
	require.ErrorIs(t, tx.Apply(context.Background(), lock), ErrInvalid)
}

// A hand edit made after preflight, while the temporary files are being
// written, must stop the change rather than be overwritten.
func TestHandEditJustBeforeRenameIsKept(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	victim := filepath.Join(fx.root, "hosts/b/ecelerity.conf")
	ff := newFaultFS()
	ff.before = func(i int, op, name string) {
		if op == "rename" && name == tempPath(tx.Files[0].Path)+" -> "+tx.Files[0].Path {
			require.NoError(t, os.WriteFile(victim, []byte("hand edit\n"), 0o644))
		}
	}
	tx.fs = ff
	before := snapshot(t, fx.root)
	err := tx.Apply(context.Background(), fx.lock(t))
	require.ErrorIs(t, err, ErrChanged)
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Contains(t, err.Error(), "hosts/b/ecelerity.conf")
	before["hosts/b/ecelerity.conf"] = "-rw-r--r-- " + ownerOf(t, victim) + " hand edit\n"
	assert.Equal(t, before, snapshot(t, fx.root))
	assertNoLeftovers(t, fx.root, tx)
}

func ownerOf(t *testing.T, p string) string {
	info, err := os.Lstat(p)
	require.NoError(t, err)
	uid, gid := owner(info)
	return itoa(uid) + ":" + itoa(gid)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestSpecialModeBitsSurvive(t *testing.T) {
	fx := newFixture(t)
	p := filepath.Join(fx.root, "hosts/a/ecelerity.conf")
	want := fs.FileMode(0o755) | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
	require.NoError(t, os.Chmod(p, want))
	info, err := os.Stat(p)
	require.NoError(t, err)
	if info.Mode()&modeBits != want {
		t.Skipf("this system does not keep %v on a regular file (got %v)", want, info.Mode())
	}
	require.NoError(t, fx.tx().Apply(context.Background(), fx.lock(t)))
	info, err = os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, want, info.Mode()&modeBits)
	assert.Equal(t, "a new\n", readString(t, p))
}

func TestUserXattrsSurvive(t *testing.T) {
	fx := newFixture(t)
	p := filepath.Join(fx.root, "hosts/a/ecelerity.conf")
	setUserXattr(t, p, "user.momoconf.test", "kept")
	require.NoError(t, fx.tx().Apply(context.Background(), fx.lock(t)))
	v, err := getXattr(p, "user.momoconf.test")
	require.NoError(t, err)
	assert.Equal(t, "kept", string(v))
}

func TestOwnerKeptAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	fx := newFixture(t)
	p := filepath.Join(fx.root, "hosts/a/nginx.conf")
	require.NoError(t, os.Chown(p, 4242, 4343))
	require.NoError(t, os.Chmod(p, 0o640|fs.ModeSetgid)) // chown cleared setgid
	tx := fx.tx()
	tx.Files[4].UID, tx.Files[4].GID = 4444, 4545
	tx.Dirs[0].UID, tx.Dirs[0].GID = 4646, 4747
	require.NoError(t, tx.Apply(context.Background(), fx.lock(t)))
	assert.Equal(t, "4242:4343", ownerOf(t, p))
	assert.Equal(t, "4444:4545", ownerOf(t, tx.Files[4].Path))
	assert.Equal(t, "4646:4747", ownerOf(t, tx.Dirs[0].Path))
	info, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, 0o640|fs.ModeSetgid, info.Mode()&modeBits, "setgid survives the chown")
}

func TestDirLikeCopiesModeAndOwner(t *testing.T) {
	tmpl := t.TempDir()
	require.NoError(t, os.Chmod(tmpl, 0o750|fs.ModeSetgid))
	d, err := DirLike("/x/y", "y", tmpl)
	require.NoError(t, err)
	assert.Equal(t, 0o750|fs.ModeSetgid, d.Mode)
	assert.Equal(t, os.Geteuid(), d.UID)
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

func TestInterruptedByContext(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	ctx, cancel := context.WithCancel(context.Background())
	ff := newFaultFS()
	ff.before = func(i int, op, name string) {
		if op == "rename" && name == tempPath(tx.Files[1].Path)+" -> "+tx.Files[1].Path {
			cancel()
		}
	}
	tx.fs = ff
	before := snapshot(t, fx.root)
	err := tx.Apply(ctx, fx.lock(t))
	require.ErrorIs(t, err, ErrInterrupted)
	assert.Equal(t, before, snapshot(t, fx.root))
	assertNoLeftovers(t, fx.root, tx)
	require.False(t, errors.Is(err, ErrChanged))
}

func TestFileLikeCopiesModeAndOwner(t *testing.T) {
	tmpl := filepath.Join(t.TempDir(), "sibling.conf")
	require.NoError(t, os.WriteFile(tmpl, nil, 0o600))
	require.NoError(t, os.Chmod(tmpl, 0o640))
	f, err := FileLike("/x/new.conf", "new.conf", tmpl, []byte("x\n"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o640), f.Mode)
	assert.True(t, f.Create)
	assert.Equal(t, os.Geteuid(), f.UID)
}

func TestCreateNeedsAMode(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	tx.Files[4].Mode = 0
	err := tx.Apply(context.Background(), fx.lock(t))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "hosts/a/extra.conf")
}
