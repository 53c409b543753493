package momoconf

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/txn"
)

// ApplyOptions says how [Plan.Apply] and [Plan.Prepare] write a plan.
type ApplyOptions struct {
	// Backup keeps the previous content of each rewritten file beside it,
	// named NAME.20261204T162233Z~ (the time of the run, UTC; ".1", ".2"...
	// before the "~" when that name is taken), with the file's owner and
	// mode. The name ends in "~" so that nginx's "include conf.d/*.conf"
	// skips it. The backups are created by the same all-or-nothing change
	// as the edits, and listed in [Plan.Backups].
	Backup bool
	// Validate checks the new content of every changed nginx file with
	// "nginx -t", each host tree's files together, before anything is
	// written; see [Plan.Validate].
	Validate bool
	// Wait is how long to wait for another run's lock when the plan's
	// cluster is not held open; 0 gives up at once.
	Wait time.Duration
	// Now is the clock of backup names and history records; nil is
	// time.Now.
	Now func() time.Time
	// History is how many changes the folder's history keeps (see
	// [Cluster.History]): 0 keeps the last 20; below 0, this change is not
	// recorded and no record is removed.
	History int
	// Command is how the history names the change (the command line, say);
	// "" names it by the plan's Op and Node.
	Command string
}

// begin starts writing the plan, for Apply and Prepare alike: it checks
// the new contents with nginx when opts.Validate asks (nginx missing is a
// warning), and returns the transaction of the plan's files (the undo's
// removals included), the backups it makes, and the time of the change.
func (p *Plan) begin(opts ApplyOptions) (*txn.Tx, []string, time.Time, error) {
	if opts.Validate {
		if err := p.Validate(); errors.Is(err, codes.NotValidated) {
			p.warn(Warning{Code: codes.NotValidated, Message: err.Error()})
		} else if err != nil {
			return nil, nil, time.Time{}, err
		}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	at := now()
	tx, backups, err := p.transaction(at, opts.Backup)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	p.undo.addTo(tx)
	return tx, backups, at, nil
}

// Apply writes every changed file of the plan as one transaction:
// either every file gets its new content, or every file keeps its old one,
// whatever happens meanwhile.
//
// A plan from an open [Cluster] is applied under the locks [Open] holds;
// a plan whose Cluster was closed first locks the folders it touches
// (waiting up to opts.Wait) and rolls back any change an earlier run left
// unfinished.
// Each file must still hold what the plan read ([codes.PlanStale]), be a
// regular file with one link and a write bit. The old content of every
// file is kept in a journal (a hidden file, .momoconf-journal, in the
// cluster folder, the host tree, or the folder of the first named file)
// until the change is complete; each new content goes to a temporary file
// beside its target that keeps the target's owner, mode (setgid and sticky
// included) and extended attributes, and is renamed over it after the
// target is read once more, so that a hand edit made meanwhile stops the
// change instead of being lost. The folders of a new node's tree get the
// owner and mode of the source tree's folders.
//
// SIGINT, SIGTERM and SIGHUP, or ctx ending, stop the change and roll it
// back: the error matches [codes.Interrupted]. Any failure rolls back too,
// and the error, matching [codes.RolledBack], says which file failed and that
// nothing was changed. If the rollback fails as well, the error is a
// [*RollbackError] naming the files still changed and the journal that
// keeps their old content; the next run rolls them back.
//
// The change commits at one point: when its commit record is renamed
// into place, after every file holds its new content. A failure after it
// (syncing the folder, removing the journal) is not rolled back: the
// change stands, Apply returns nil and the plan carries a warning
// [codes.Committed] that reads "committed; syncing the folder failed: ...".
// While a prepared change waits in the folder (see [Plan.Prepare]), the
// error matches [codes.Prepared] and nothing is written.
func (p *Plan) Apply(ctx context.Context, opts ApplyOptions) error {
	tx, backups, at, err := p.begin(opts)
	if err != nil {
		return err
	}
	if err := p.cluster.refusePrepared(""); err != nil {
		return err
	}
	if benchNoJournal {
		txn.SkipJournalForBenchmark(tx)
	}
	if len(tx.Files) == 0 {
		return nil
	}
	lock, release, err := p.lockFor(ctx, tx, opts.Wait, "")
	if err != nil {
		return err
	}
	defer release()
	if err := p.recordHistory(ctx, tx, lock, opts, at, ""); err != nil {
		return err
	}
	if err := tx.Apply(ctx, lock); err != nil {
		var ce *txn.CommittedError
		if !errors.As(err, &ce) {
			return applyError(err)
		}
		p.warn(Warning{Code: codes.Committed, Message: ce.Error()})
	}
	p.Backups = backups
	p.pruneHistory(opts)
	return nil
}

// benchNoJournal, set only by a benchmark, applies without the journal to
// measure its cost.
var benchNoJournal bool

// lockFor returns a lock holding every folder tx touches: the open
// cluster's, extended, or a new one (after recovering any journal).
// A prepared change other than txid ("" for none) is refused.
func (p *Plan) lockFor(ctx context.Context, tx *txn.Tx, wait time.Duration, txid string) (*txn.Lock, func(), error) {
	if p.cluster != nil && p.cluster.lock != nil {
		if err := p.cluster.lock.Extend(ctx, tx.LockDirs()); err != nil {
			return nil, nil, lockedError(err, p.cluster.opts.Wait)
		}
		return p.cluster.lock, func() {}, nil
	}
	lock, err := acquire(ctx, tx.LockDirs(), wait)
	if err != nil {
		return nil, nil, err
	}
	found, err := recoverJournals(ctx, lock, []string{tx.JournalDir})
	if err == nil {
		err = (&Cluster{recovered: found}).refusePrepared(txid)
	}
	if err != nil {
		lock.Release()
		return nil, nil, err
	}
	return lock, lock.Release, nil
}

// applyError makes a file found changed before anything was written a
// stale plan, and gives any other failure the root's shape (rootError).
func applyError(err error) error {
	var rb *txn.RolledBackError
	if errors.Is(err, txn.ErrChanged) && !errors.As(err, &rb) && !errors.As(err, new(*txn.RollbackError)) {
		return &staleError{err: err}
	}
	return rootError(err)
}

// transaction turns the changed files of the plan into one txn.Tx, with
// the folders a new tree needs and, if asked, a backup of each rewritten
// file. It returns the backups' names too.
func (p *Plan) transaction(now time.Time, backup bool) (*txn.Tx, []string, error) {
	tx := &txn.Tx{JournalDir: p.journalDir}
	var backups []string
	seen := map[string]*FileChange{}
	newDirs := map[string]bool{}
	stamp := now.UTC().Format(backupStamp)
	for _, f := range p.Files {
		if !f.Changed() {
			continue
		}
		if prev := seen[f.abs]; prev != nil {
			if string(prev.New) != string(f.New) {
				return nil, nil, fmt.Errorf("%s and %s are the same file, edited in two different ways; nothing written", prev.Path, f.Path)
			}
			continue
		}
		seen[f.abs] = f
		if f.Removed {
			tx.Files = append(tx.Files, txn.File{Path: f.abs, Display: f.Path, Old: f.Old, Remove: true})
			continue
		}
		if !f.Created {
			tx.Files = append(tx.Files, txn.File{Path: f.abs, Display: f.Path, Old: f.Old, New: f.New})
			if backup {
				b, err := backupOf(f, stamp)
				if err != nil {
					return nil, nil, err
				}
				tx.Files = append(tx.Files, b)
				backups = append(backups, b.Display)
			}
			continue
		}
		dirs, err := foldersFor(f, newDirs)
		if err != nil {
			return nil, nil, err
		}
		tx.Dirs = append(tx.Dirs, dirs...)
		tx.Files = append(tx.Files, txn.File{Path: f.abs, Display: f.Path, New: f.New, Create: true, Mode: f.mode, UID: f.uid, GID: f.gid})
	}
	return tx, backups, nil
}

// maxBackupsASecond bounds the ".N" suffixes tried for one second's backups.
const maxBackupsASecond = 1000

// backupStamp is the time format in a backup's name.
const backupStamp = "20060102T150405Z"

// backupOf returns the creation of f's backup, NAME.STAMP~, with f's mode
// and owner; a name in use gets ".1", ".2"... before the "~".
func backupOf(f *FileChange, stamp string) (txn.File, error) {
	for i := 0; i < maxBackupsASecond; i++ {
		suffix := "." + stamp + "~"
		if i > 0 {
			suffix = fmt.Sprintf(".%s.%d~", stamp, i)
		}
		_, err := os.Lstat(f.abs + suffix)
		if err == nil {
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return txn.File{}, fmt.Errorf("%s: backup: %w", f.Path, err)
		}
		b, err := txn.FileLike(f.abs+suffix, f.Path+suffix, f.abs, f.Old)
		if err != nil {
			return txn.File{}, fmt.Errorf("%s: backup: %w", f.Path, err)
		}
		return b, nil
	}
	return txn.File{}, fmt.Errorf("%s: backup: no free name (%d backups made in %s already)", f.Path, maxBackupsASecond, stamp)
}

// foldersFor returns the missing folders above the created file f,
// parents first, each with the owner and mode of the corresponding folder
// of the tree f copies (or 0755 and the process's owner). made holds the
// folders already planned, and receives these.
func foldersFor(f *FileChange, made map[string]bool) ([]txn.Dir, error) {
	var dirs []txn.Dir
	dir, like, shown := filepath.Dir(f.abs), "", filepath.Dir(filepath.FromSlash(f.Path))
	if f.copyOf != "" {
		like = filepath.Dir(f.copyOf)
	}
	for !made[dir] {
		if _, err := os.Lstat(dir); err == nil {
			break
		}
		d := txn.Dir{Path: dir, Display: filepath.ToSlash(shown), Mode: 0o755, UID: -1, GID: -1}
		if like != "" {
			var err error
			if d, err = txn.DirLike(dir, d.Display, like); err != nil {
				return nil, err
			}
			like = filepath.Dir(like)
		}
		made[dir] = true
		dirs = append([]txn.Dir{d}, dirs...)
		dir, shown = filepath.Dir(dir), filepath.Dir(shown)
	}
	return dirs, nil
}
