package momoconf

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/momoconf/momoconf/internal/txn"
)

// Open locks the host tree dir or, with opts.Cluster, the cluster folder
// dir and every host folder in it, then reads it: who is a member, with
// which address, mta_id and role, which tree is whose (every file that
// fails to parse is reported; a folder with no file that lists members is
// refused, [codes.TargetEmpty]). The locks are taken before anything is
// read, on the folders themselves (every spelling of a folder, through a
// symbolic link or a bind mount, is the same lock, and no lock file is
// created), and held until [Cluster.Close]:
// a plan made from the Cluster is applied under them, so that runs on one
// cluster wait for each other instead of failing. A folder another run
// holds is waited for up to opts.Wait (0: not at all); then the error
// matches [codes.Locked].
//
// Before reading, Open finishes any change an earlier run left unfinished
// (killed, or cut off by a power loss) from its journal: rolled back, or
// finished forward when its commit had begun. The journal of a cluster
// run lies in the cluster folder, that of a host tree run in the tree's
// root. A host tree run also looks in the folder above the tree, for a
// cluster run's journal. What was found is reported by
// [Cluster.Recovered] and, as a warning, by every plan. A journal that
// could have been written by another account, or an old one put back, is
// refused ([codes.Untrusted]) and nothing is done. A prepared change (see
// [Plan.Prepare]) is left as it is: it is reported by [Cluster.Prepared],
// reading works, and writing is refused ([codes.Prepared]). With no journal,
// Open writes nothing, so read-only runs work on a read-only file system.
func Open(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	if opts.NewNode {
		return openNewNode(ctx, dir, opts)
	}
	base, err := folder(dir)
	if err != nil {
		return nil, err
	}
	lock, err := acquire(ctx, lockSet(base, opts), opts.Wait)
	if err != nil {
		return nil, err
	}
	// A host folder created while this run waited is locked too.
	if err := lock.Extend(ctx, lockSet(base, opts)); err != nil {
		lock.Release()
		return nil, lockedError(err, opts.Wait)
	}
	rec, err := recoverJournals(ctx, lock, lockSet(base, opts))
	if err != nil {
		lock.Release()
		return nil, err
	}
	c, err := load(dir, opts)
	if err != nil {
		lock.Release()
		return nil, err
	}
	c.lock, c.recovered = lock, rec
	return c, nil
}

// OpenFiles locks the folders of the named files, finishes any change left
// unfinished in them (see [Open]), then reads the named files only,
// whatever folder they sit in, as one more way into the same [Cluster]: a
// file whose kind cannot be told (a zero [FileRef.Kind] is taken from the
// name) is refused; the journal of a change to named files lies in
// the folder of the first file. [Cluster.Close] releases the locks.
func OpenFiles(ctx context.Context, files []FileRef, wait time.Duration) (*Cluster, error) {
	var dirs []string
	for _, f := range files {
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, filepath.Dir(abs))
	}
	lock, err := acquire(ctx, dirs, wait)
	if err != nil {
		return nil, err
	}
	rec, err := recoverJournals(ctx, lock, dirs)
	if err != nil {
		lock.Release()
		return nil, err
	}
	c, err := openedFiles(files)
	if err != nil {
		lock.Release()
		return nil, err
	}
	c.lock, c.recovered = lock, rec
	return c, nil
}

// Close releases the locks [Open] took. A plan made from the Cluster and
// applied after Close locks again, and finds out if a file changed since
// it was read ([codes.PlanStale]). Close is safe to call more than once.
func (c *Cluster) Close() error {
	if c != nil && c.lock != nil {
		c.lock.Release()
		c.lock = nil
	}
	return nil
}

// Recovered describes each unfinished change Open found and finished
// (rolled back, or, when its commit had begun, carried forward), one line
// each, or nothing. A prepared change is not one: see [Cluster.Prepared].
func (c *Cluster) Recovered() []string {
	var out []string
	for _, r := range c.recovered {
		if r.Found() {
			out = append(out, describeRecovery(r))
		}
	}
	return out
}

func describeRecovery(r *txn.Recovery) string {
	var b strings.Builder
	switch {
	case r.Committed:
		fmt.Fprintf(&b, "an earlier change had committed, but its journal %s remained; it was removed, no file was touched", r.Journal)
		return b.String()
	case r.Forward:
		fmt.Fprintf(&b, "an interrupted commit (its journal %s) was finished", r.Journal)
		if len(r.Finished) > 0 {
			fmt.Fprintf(&b, "; new content put in place: %s", strings.Join(r.Finished, ", "))
		}
		return b.String()
	}
	fmt.Fprintf(&b, "an unfinished change (its journal %s) was rolled back", r.Journal)
	if len(r.Restored) > 0 {
		fmt.Fprintf(&b, "; old content put back: %s", strings.Join(r.Restored, ", "))
	}
	if len(r.Removed) > 0 {
		fmt.Fprintf(&b, "; %d created file(s) and folder(s) removed", len(r.Removed))
	}
	if len(r.Kept) > 0 {
		fmt.Fprintf(&b, "; created folders kept, not empty: %s", strings.Join(r.Kept, ", "))
	}
	if len(r.Unchanged) > 0 {
		fmt.Fprintf(&b, "; %d file(s) were not yet changed", len(r.Unchanged))
	}
	return b.String()
}

// folder returns dir as an absolute path, if it is a folder.
func folder(dir string) (string, error) {
	base, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(base)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", fmt.Errorf("%s: not a folder", dir)
	}
	return base, nil
}

// lockSet returns the folders a run on base locks before it reads: base
// itself; for a cluster folder, each host folder in it; for a host tree,
// the folder above it too when a cluster run's journal waits there.
func lockSet(base string, opts Options) []string {
	dirs := []string{base}
	if opts.Cluster {
		names, _ := hostDirs(base) // an unreadable folder fails in Load
		for _, n := range names {
			dirs = append(dirs, filepath.Join(base, n))
		}
	} else if parent := filepath.Dir(base); parent != base && hasJournal(parent) {
		dirs = append(dirs, parent)
	}
	return dirs
}

func hasJournal(dir string) bool {
	_, err := os.Lstat(txn.JournalPath(dir))
	return err == nil
}

// acquire locks dirs, waiting up to wait for another run.
func acquire(ctx context.Context, dirs []string, wait time.Duration) (*txn.Lock, error) {
	lock, err := txn.Acquire(ctx, dirs, wait)
	if err != nil {
		return nil, lockedError(err, wait)
	}
	return lock, nil
}

// lockedError says how long a run waited for a lock another run held.
func lockedError(err error, wait time.Duration) error {
	if !errors.Is(err, txn.ErrLocked) {
		return err
	}
	if wait <= 0 {
		return fmt.Errorf("%w; not waiting for it (wait 0): try again when it has finished; nothing written", err)
	}
	return fmt.Errorf("%w; gave up after waiting %v: try again when it has finished, or wait longer; nothing written", err, wait)
}

// recoverJournals finishes the unfinished change whose journal lies in
// any of dirs (and notes a prepared one) (locked: the run's own journal folder, and those where
// another kind of run keeps its journal), and returns what was found.
func recoverJournals(ctx context.Context, lock *txn.Lock, dirs []string) ([]*txn.Recovery, error) {
	var found []*txn.Recovery
	for _, d := range dirs {
		if _, err := os.Stat(d); errors.Is(err, fs.ErrNotExist) {
			continue // a folder an earlier recovery removed (a new node's tree)
		}
		r, err := txn.Recover(ctx, lock, d)
		if errors.Is(err, txn.ErrUntrusted) {
			return nil, fmt.Errorf("refusing the journal found in %s: %w; nothing written", d, err)
		}
		if err != nil {
			return nil, fmt.Errorf("an earlier run left an unfinished change in %s and finishing it failed: %w; nothing written", d, err)
		}
		if r.Found() || r.Prepared != nil {
			found = append(found, r)
		}
	}
	return found, nil
}
