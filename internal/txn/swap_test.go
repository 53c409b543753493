package txn

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Whoever may write a folder of the change (the owner of one host tree)
// can rename its entries while the change runs. These tests do it at the
// worst moments: the victim outside the tree, and every other folder,
// must come out byte-identical.

// newVictim is a root-only file outside the fixture, and its snapshot.
func newVictim(t *testing.T) (path string, snap map[string]string) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "victim")
	require.NoError(t, os.WriteFile(path, []byte("secret\n"), 0o600))
	return path, snapshot(t, dir)
}

// exchange swaps the names a and b atomically, as renameat2(2) with
// RENAME_EXCHANGE does.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// Right after the exclusive create, the temporary file is replaced by a
// symbolic link to the victim: the owner, mode and extended attributes
// (set through the descriptor) cannot reach the victim, and the link is
// not renamed into place.
func TestTempFileSwappedForLinkToVictim(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	victim, victimBefore := newVictim(t)
	target := filepath.Join(fx.root, "hosts/a/nginx.conf") // mode 02640
	setUserXattr(t, target, "user.origin", "cluster")
	tx.Files[1].Old = []byte(readString(t, target))
	ff := newFaultFS()
	swapped := false
	ff.before = func(_ int, op, name string) {
		if op == "write" && name == tempPath(target) && !swapped {
			swapped = true
			require.NoError(t, os.Remove(tempPath(target)))
			require.NoError(t, os.Symlink(victim, tempPath(target)))
		}
	}
	tx.fs = ff
	before := snapshot(t, fx.root)
	err := tx.Apply(context.Background(), fx.lock(t))
	require.True(t, swapped, "the hook ran")
	assert.Equal(t, victimBefore, snapshot(t, filepath.Dir(victim)), "the victim is untouched")
	require.ErrorIs(t, err, ErrChanged)
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Contains(t, err.Error(), "hosts/a/nginx.conf")
	assert.Contains(t, err.Error(), "temporary file was replaced")
	assert.Equal(t, before, snapshot(t, fx.root), "rolled back, the stranger's link removed")
	assertNoLeftovers(t, fx.root, tx)
}

// otherTree is a folder outside the fixture holding what hosts/b holds,
// so that an apply led there would find the content it expects.
func otherTree(t *testing.T) (dir string, snap map[string]string) {
	t.Helper()
	dir = t.TempDir()
	write(t, dir, "ecelerity.conf", "b old\n")
	return dir, snapshot(t, dir)
}

// Between preflight and the creation of its temporary file, hosts/b is
// exchanged with a symbolic link to another tree: the apply keeps working
// in the folder it opened (now named hosts/alt), and the other tree stays
// byte-identical.
func TestFolderSwappedForLinkMidApply(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	other, otherBefore := otherTree(t)
	hostB, alt := filepath.Join(fx.root, "hosts/b"), filepath.Join(fx.root, "hosts/alt")
	require.NoError(t, os.Symlink(other, alt))
	ff := newFaultFS()
	swapped := false
	ff.before = func(_ int, op, name string) {
		if op == "create" && filepath.Base(name) == ".ecelerity.conf.momoconf-tmp" && filepath.Dir(name) == hostB && !swapped {
			swapped = true
			require.NoError(t, exchange(hostB, alt))
		}
	}
	tx.fs = ff
	err := tx.Apply(context.Background(), fx.lock(t))
	require.True(t, swapped, "the hook ran")
	assert.Equal(t, otherBefore, snapshot(t, other), "the other tree is untouched")
	require.NoError(t, err)
	assert.Equal(t, "b new\n", readString(t, filepath.Join(alt, "ecelerity.conf")), "the change landed in the real folder")
	link, err := os.Readlink(hostB)
	require.NoError(t, err)
	assert.Equal(t, other, link)
}

// A folder swapped for a link before the change starts is refused,
// naming it, and nothing is written. The link leads to another folder of
// the change (another host's tree, locked too), so the lock's check
// passes and the resolution below the journal's folder must refuse it.
func TestFolderSwappedForLinkBeforeApply(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	lock := fx.lock(t)
	hostB, alt := filepath.Join(fx.root, "hosts/b"), filepath.Join(fx.root, "hosts/alt")
	require.NoError(t, os.Symlink(filepath.Join(fx.root, "hosts/a"), alt))
	require.NoError(t, exchange(hostB, alt))
	before := snapshot(t, fx.root)
	err := tx.Apply(context.Background(), lock)
	require.ErrorIs(t, err, ErrChanged)
	assert.ErrorIs(t, err, unix.ELOOP)
	assert.Contains(t, err.Error(), "hosts/b")
	assert.Contains(t, err.Error(), "symbolic link")
	assert.Equal(t, before, snapshot(t, fx.root), "nothing written")
	assertNoLeftovers(t, fx.root, tx)
}

// Swapped for a link to a folder the lock does not hold, the folder is
// refused by the lock's check already.
func TestFolderSwappedForLinkOutsideBeforeApply(t *testing.T) {
	fx := newFixture(t)
	tx := fx.tx()
	other, otherBefore := otherTree(t)
	lock := fx.lock(t)
	hostB, alt := filepath.Join(fx.root, "hosts/b"), filepath.Join(fx.root, "hosts/alt")
	require.NoError(t, os.Symlink(other, alt))
	require.NoError(t, exchange(hostB, alt))
	before := snapshot(t, fx.root)
	err := tx.Apply(context.Background(), lock)
	require.ErrorIs(t, err, ErrNotLocked)
	assert.Contains(t, err.Error(), "hosts/b")
	assert.Equal(t, before, snapshot(t, fx.root), "nothing written")
	assert.Equal(t, otherBefore, snapshot(t, other))
}

// The review's attack, for real: an account (uid 4242) owns one host
// tree and exchanges a folder of it with a link to its own folder, where
// a link named like the temporary file leads to a root-only victim, in a
// tight loop, while root applies change after change to a setuid file of
// the tree. The victim must never change.
func TestRaceFolderExchangeNeverReachesVictim(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the attacker's files belong to uid 4242, and root is the one to be misled")
	}
	const attacker = 4242
	root := t.TempDir()
	conf := filepath.Join(root, "node1/conf")
	def, alt := filepath.Join(conf, "default"), filepath.Join(conf, "alt")
	target := filepath.Join(def, "msg_gen.conf")
	require.NoError(t, os.MkdirAll(def, 0o755))
	require.NoError(t, os.WriteFile(target, []byte("v0\n"), 0o644))
	require.NoError(t, os.Chmod(target, 0o755|fs.ModeSetuid)) // the attacker picks the mode
	victim, victimBefore := newVictim(t)
	lair := t.TempDir()
	require.NoError(t, os.Symlink(victim, filepath.Join(lair, ".msg_gen.conf.momoconf-tmp")))
	require.NoError(t, os.Symlink(lair, alt))
	for _, p := range []string{filepath.Join(root, "node1"), filepath.Join(root, "node1/conf"), def, target, alt, lair,
		filepath.Join(lair, ".msg_gen.conf.momoconf-tmp")} {
		require.NoError(t, os.Lchown(p, attacker, attacker))
	}

	var stop atomic.Bool
	done := make(chan int, 1)
	swaps := 0
	halt := sync.OnceFunc(func() { stop.Store(true); swaps = <-done })
	t.Cleanup(halt) // a failed check must not leave the exchanges running while the folders are removed
	go func() {
		n := 0
		for !stop.Load() {
			if exchange(def, alt) == nil {
				n++
			}
		}
		done <- n
	}()
	ok, failed := 0, 0
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; i < 200 && time.Now().Before(deadline); i++ {
		cur := readRealTarget(t, conf)
		tx := &Tx{JournalDir: root, Files: []File{{Path: target, Display: "node1/conf/default/msg_gen.conf", Old: cur, New: []byte("v" + time.Now().Format(time.RFC3339Nano) + "\n")}}}
		lock, err := Acquire(context.Background(), tx.LockDirs(), 0)
		if err != nil {
			failed++
			continue
		}
		if err := tx.Apply(context.Background(), lock); err != nil {
			failed++
			if _, serr := os.Lstat(journalPath(root)); serr == nil {
				_, _ = Recover(context.Background(), lock, root)
			}
		} else {
			ok++
		}
		lock.Release()
		require.Equal(t, victimBefore, snapshot(t, filepath.Dir(victim)), "the victim changed after apply %d", i)
	}
	halt()
	t.Logf("%d applies succeeded, %d refused or rolled back, %d exchanges", ok, failed, swaps)
	assert.Equal(t, victimBefore, snapshot(t, filepath.Dir(victim)))
	assert.Positive(t, ok, "some applies went through between the exchanges")
	assert.Positive(t, failed, "some applies met a folder swapped for a link")
}

// readRealTarget reads msg_gen.conf from whichever of conf/default and
// conf/alt is the real folder at the moment.
func readRealTarget(t *testing.T, conf string) []byte {
	t.Helper()
	for range 10000 {
		for _, name := range []string{"default", "alt"} {
			fd, err := unix.Open(filepath.Join(conf, name), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
			if err != nil {
				continue
			}
			b, err := os.ReadFile(fdPath(fd, "msg_gen.conf"))
			unix.Close(fd)
			if err == nil {
				return b
			}
			if !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
		}
	}
	t.Fatal("no real folder found under " + conf)
	return nil
}
