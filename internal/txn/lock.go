package txn

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A Lock holds an exclusive flock(2) on each of a set of folders. The lock
// is taken on the folder itself, identified by device and inode, so every
// spelling of a folder (relative, with "..", through a symlink, through a
// bind mount) is the same lock and no lock file is ever created. It is
// released when the process ends, however it ends.
//
// A Lock is not safe for concurrent use.
type Lock struct {
	held map[dirID]*os.File
	wait time.Duration
}

type dirID struct{ dev, ino uint64 }

// testHookWaiting, when set, runs each time a lock is found held and
// will be tried again; tests use it to act while a run waits.
var testHookWaiting func()

// testHookLocked, when set, runs after each folder is locked; tests use it
// to widen the window between two folders.
var testHookLocked func()

// Acquire locks every folder in dirs. Duplicates (by identity, not by
// name) are locked once, and folders are locked in order of device and
// inode so that two runs locking overlapping sets cannot deadlock. A
// folder another process holds is retried until wait has passed (wait 0
// tries once); then the error matches [ErrLocked] and names the folder.
// Acquire gives up early when ctx is done. On error nothing stays locked.
func Acquire(ctx context.Context, dirs []string, wait time.Duration) (*Lock, error) {
	l := &Lock{held: map[dirID]*os.File{}, wait: wait}
	if err := l.Extend(ctx, dirs); err != nil {
		return nil, err
	}
	return l, nil
}

// Extend adds the folders in dirs to the lock, with the same rules and
// wait as [Acquire]: one wait for all the folders, not one each. Folders
// already held are skipped, and so is a folder that was removed while
// this run waited for another (a recovery removes the folders of a new
// tree it rolls back): there is nothing left to lock there. On error the
// folders Extend added are released again; those held before stay held.
// Since Extend waits while holding the folders locked before, two runs
// extending into each other's folders can only wait each other out up to
// the wait given to Acquire, then one fails with [ErrLocked]; locking
// everything with one Acquire avoids that.
func (l *Lock) Extend(ctx context.Context, dirs []string) error {
	todo, err := l.identify(dirs)
	if err != nil {
		return err
	}
	var added []dirID
	deadline := time.Now().Add(l.wait)
	for _, d := range todo {
		f, err := lockDir(ctx, d.name, d.id, time.Until(deadline))
		if err != nil {
			for _, id := range added {
				l.release(id)
			}
			return err
		}
		if f == nil {
			continue // removed meanwhile
		}
		l.held[d.id] = f
		added = append(added, d.id)
		if testHookLocked != nil {
			testHookLocked()
		}
	}
	return nil
}

// Holds reports whether dir is one of the locked folders.
func (l *Lock) Holds(dir string) bool {
	if l == nil {
		return false
	}
	id, err := statID(dir)
	if err != nil {
		return false
	}
	_, ok := l.held[id]
	return ok
}

// Release unlocks every folder. It is safe to call more than once.
func (l *Lock) Release() {
	if l == nil {
		return
	}
	for id := range l.held {
		l.release(id)
	}
}

// holdsID reports whether the folder of identity id is locked.
func (l *Lock) holdsID(id dirID) bool {
	if l == nil {
		return false
	}
	_, ok := l.held[id]
	return ok
}

func (l *Lock) release(id dirID) {
	if f := l.held[id]; f != nil {
		_ = f.Close() // closing the last descriptor drops the flock
	}
	delete(l.held, id)
}

type namedDir struct {
	name string
	id   dirID
}

// identify returns the folders of dirs not yet held, one per identity,
// in locking order.
func (l *Lock) identify(dirs []string) ([]namedDir, error) {
	seen := map[dirID]bool{}
	var todo []namedDir
	for _, d := range dirs {
		id, err := statID(d)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", d, err)
		}
		if seen[id] || l.held[id] != nil {
			continue
		}
		seen[id] = true
		todo = append(todo, namedDir{d, id})
	}
	slices.SortFunc(todo, func(a, b namedDir) int {
		return cmp.Or(cmp.Compare(a.id.dev, b.id.dev), cmp.Compare(a.id.ino, b.id.ino))
	})
	return todo, nil
}

func statID(dir string) (dirID, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return dirID{}, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return dirID{}, syscall.ENOTDIR
	}
	return dirID{uint64(st.Dev), st.Ino}, nil
}

// lockDir opens the folder and flocks it, polling until wait has passed.
// It checks that the folder opened is the one identified, so a rename
// between stat and open cannot lock the wrong folder. A folder removed
// before it could be opened, or while the lock was awaited, gives nil
// and no error.
func lockDir(ctx context.Context, name string, id dirID, wait time.Duration) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", name, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil || (dirID{uint64(st.Dev), st.Ino}) != id {
		f.Close()
		return nil, fmt.Errorf("locking %s: the folder was replaced while it was being locked", name)
	}
	if err := flockWait(ctx, f, wait); err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, &LockedError{Dir: name, Holder: holderOf(id), Err: err}
		}
		return nil, fmt.Errorf("locking %s: %w", name, err)
	}
	if unix.Fstat(int(f.Fd()), &st) == nil && st.Nlink == 0 { // removed while this run waited
		f.Close()
		return nil, nil
	}
	return f, nil
}

func flockWait(ctx context.Context, f *os.File, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	backoff := 5 * time.Millisecond
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case !errors.Is(err, unix.EWOULDBLOCK):
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return ErrLocked
		}
		if testHookWaiting != nil {
			testHookWaiting()
		}
		t := time.NewTimer(min(backoff, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (gave up waiting: %w)", ErrLocked, ctx.Err())
		case <-t.C:
		}
		backoff = min(2*backoff, 100*time.Millisecond)
	}
}
