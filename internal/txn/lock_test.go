package txn

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every spelling of one folder is the same lock. (flock locks belong to
// an open file description, so a second Acquire in the same process
// conflicts just as another process would.)
func TestLockIsByIdentityNotName(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := t.TempDir()
	sub := filepath.Join(dir, "tree")
	require.NoError(t, os.Mkdir(sub, 0o755))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink("tree", link))

	l, err := Acquire(context.Background(), []string{sub, link, sub + "/../tree"}, 0)
	require.NoError(t, err, "spellings of one folder are locked once")
	assert.Len(t, l.held, 1)
	assert.True(t, l.Holds(link))
	for _, spelling := range []string{sub, link, filepath.Join(sub, "..", "tree")} {
		_, err := Acquire(context.Background(), []string{spelling}, 0)
		require.ErrorIs(t, err, ErrLocked, spelling)
		assert.Contains(t, err.Error(), spelling)
	}
	l.Release()
	l2, err := Acquire(context.Background(), []string{link}, 0)
	require.NoError(t, err, "released")
	l2.Release()

	entries, err := os.ReadDir(sub)
	require.NoError(t, err)
	assert.Empty(t, entries, "no lock file in the folder")
	entries, err = os.ReadDir(os.Getenv("TMPDIR"))
	require.NoError(t, err)
	assert.Empty(t, entries, "no lock file in TMPDIR")
}

func TestLockWaitsForRelease(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), []string{dir}, 0)
	require.NoError(t, err)
	go func() {
		time.Sleep(100 * time.Millisecond)
		l.Release()
	}()
	start := time.Now()
	l2, err := Acquire(context.Background(), []string{dir}, 10*time.Second)
	require.NoError(t, err)
	defer l2.Release()
	assert.GreaterOrEqual(t, time.Since(start), 90*time.Millisecond)
}

func TestLockWaitEndsWithContextOrTimeout(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), []string{dir}, 0)
	require.NoError(t, err)
	defer l.Release()

	_, err = Acquire(context.Background(), []string{dir}, 50*time.Millisecond)
	require.ErrorIs(t, err, ErrLocked)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = Acquire(ctx, []string{dir}, time.Hour)
	require.ErrorIs(t, err, ErrLocked)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// A failed Acquire or Extend leaves nothing of its own locked.
func TestLockFailureReleasesWhatItTook(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	busy, err := Acquire(context.Background(), []string{b}, 0)
	require.NoError(t, err)

	_, err = Acquire(context.Background(), []string{a, b}, 0)
	require.ErrorIs(t, err, ErrLocked)
	la, err := Acquire(context.Background(), []string{a}, 0)
	require.NoError(t, err, "a was released when b failed")

	require.ErrorIs(t, la.Extend(context.Background(), []string{c, b}), ErrLocked)
	assert.True(t, la.Holds(a), "what was held before stays held")
	assert.False(t, la.Holds(c))
	busy.Release()
	require.NoError(t, la.Extend(context.Background(), []string{c, b}))
	assert.True(t, la.Holds(b) && la.Holds(c))
	la.Release()
	la.Release() // twice is fine
}

func TestLockRefusesWhatIsNotAFolder(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(f, nil, 0o644))
	_, err := Acquire(context.Background(), []string{f}, 0)
	require.Error(t, err)
	_, err = Acquire(context.Background(), []string{f + "-missing"}, 0)
	require.Error(t, err)
}

// A bind mount shows the same folder at a second place: same lock.
func TestLockSeesThroughBindMounts(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to bind-mount")
	}
	src, dst := t.TempDir(), t.TempDir()
	if out, err := exec.Command("mount", "--bind", src, dst).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount here: %v: %s", err, out)
	}
	defer func() { _ = exec.Command("umount", dst).Run() }()
	l, err := Acquire(context.Background(), []string{src}, 0)
	require.NoError(t, err)
	defer l.Release()
	_, err = Acquire(context.Background(), []string{dst}, 0)
	require.ErrorIs(t, err, ErrLocked)
	assert.True(t, l.Holds(dst))
}

// Two runs locking the same folders named in opposite orders take them in
// one order (by identity), so neither ever holds one while waiting for
// the other's: both always get through.
func TestOverlappingLocksDoNotDeadlock(t *testing.T) {
	x, y := t.TempDir(), t.TempDir()
	testHookLocked = func() { time.Sleep(time.Millisecond) }
	defer func() { testHookLocked = nil }()
	errs := make(chan error, 2)
	for _, dirs := range [][]string{{x, y}, {y, x}} {
		go func() {
			for range 50 {
				l, err := Acquire(context.Background(), dirs, 2*time.Second)
				if err != nil {
					errs <- err
					return
				}
				time.Sleep(100 * time.Microsecond)
				l.Release()
			}
			errs <- nil
		}()
	}
	require.NoError(t, <-errs)
	require.NoError(t, <-errs)
}
