package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"time"
)

// testHookAfterRename, when set, runs after the n-th rename (from 1) of an
// Apply or of a commit finished forward; tests use it to pause a child
// process mid-change.
var testHookAfterRename func(n int)

// testHookAtCommit, when set, runs right after the commit point of an
// Apply, with the journal's folder; tests use it to make a later step
// fail for real.
var testHookAtCommit func(journalDir string)

// Apply makes the change all or nothing. lock must hold every folder of
// [Tx.LockDirs].
//
// First it checks, writing nothing, that every file still holds its Old
// content and every file or folder to create is missing (see [ErrChanged],
// [ErrHardLinked], [ErrReadOnly], [ErrNotRegular], [ErrPending],
// [ErrPrepared]), and that the journal's folder is one others cannot
// write to without the sticky bit ([ErrUntrusted]). Then it writes the
// journal, creates the folders, writes each new content to a temporary
// file beside its target (keeping the target's mode, owner and extended
// attributes, set through the open file), checks each target once more
// just before renaming the temporary file over it, syncs every folder
// touched, renames the new commit record into place (the commit point)
// and removes the journal. Every folder touched is opened once, without
// following a symbolic link, and held open while the change runs (see
// the package documentation): a folder found replaced by a link is
// refused ([ErrChanged], or [ErrNotLocked] when the link leads out of the
// locked folders), never followed.
//
// SIGINT, SIGTERM and SIGHUP are caught while Apply runs; one of them, or
// ctx ending, stops the change at the next step before the commit point
// and rolls it back, and the error matches [ErrInterrupted]. Signal
// handling is restored when Apply returns; a signal that arrives after
// the change is complete is raised again then.
//
// On any failure before the commit point the change is rolled back and
// the error, a [*RolledBackError], names the file and the step that
// failed. If the rollback fails too, the error is a [*RollbackError]
// listing what is still changed, and the journal is kept for [Recover].
// A failure after the commit point (syncing the folder, removing the
// journal) is a [*CommittedError]: the change stands, and is never rolled
// back.
func (tx *Tx) Apply(ctx context.Context, lock *Lock) error {
	a, err := tx.start(lock, "", "")
	if err != nil {
		return err
	}
	defer a.dirs.close() // preflight opens folders too, and may refuse
	if err := a.preflight(); err != nil {
		return err
	}
	return a.runSteps(ctx, a.writeJournal, a.makeDirs, a.writeTemps, a.renameAll, a.removeDirs, a.syncDirs, a.commit)
}

// start checks the shape of tx and makes its applier.
func (tx *Tx) start(lock *Lock, txid, description string) (*applier, error) {
	if err := tx.validate(); err != nil {
		return nil, err
	}
	a := &applier{tx: tx, fs: tx.fs, lock: lock, txid: txid, description: description, now: time.Now(),
		dirs: newRunFolders(lock, tx.JournalDir)}
	if a.fs == nil {
		a.fs = osFS{}
	}
	var err error
	if a.id, err = newID(); err != nil {
		return nil, err
	}
	return a, nil
}

// runSteps runs the steps with signals caught, and rolls back on failure
// before the commit point.
func (a *applier) runSteps(ctx context.Context, steps ...func() error) error {
	sig := catchSignals(ctx)
	defer sig.release()
	defer a.dirs.close()
	a.stop = sig.check
	err := a.run(steps)
	if err == nil {
		return nil
	}
	if a.committed {
		return &CommittedError{Err: err, Journal: a.leftJournal()}
	}
	if rerr := a.rollback(err); rerr != nil {
		return rerr
	}
	return &RolledBackError{Err: err, NothingWritten: !a.wrote(), Kept: a.kept}
}

// applier carries one Apply or Prepare: what it found, and how far it got.
type applier struct {
	tx          *Tx
	fs          fsys
	lock        *Lock
	dirs        *runFolders // the folders touched, held open
	stop        func() error
	targets     []*target
	id, txid    string
	description string
	now         time.Time
	record      record  // the commit record found
	recordT     *target // its rewrite; nil without a journal
	dropLegacy  bool    // an old .momoconf-commit is there: removed after the commit point

	journaled bool
	journalIn bool          // the journal reached its place
	made      []*Dir        // folders created, in order
	removed   []*removedDir // folders to remove, as preflight found them
	unmade    []*removedDir // folders removed, in order
	kept      []string      // created folders the rollback kept: others' entries are in them
	temps     []*target     // targets whose temporary file is written
	renamed   []*target     // targets replaced, in order
	committed bool          // the commit record is in place: no way back
}

func (a *applier) run(steps []func() error) error {
	for _, step := range steps {
		if !a.committed {
			if err := a.stop(); err != nil {
				return err
			}
		}
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// wrote reports whether anything reached the disk: a journal in place, a
// folder made, a temporary file written.
func (a *applier) wrote() bool {
	return a.journalIn || len(a.made) > 0 || len(a.temps) > 0
}

// allTargets are the targets and, last, the commit record.
func (a *applier) allTargets() []*target {
	if a.recordT == nil {
		return a.targets
	}
	return append(a.targets[:len(a.targets):len(a.targets)], a.recordT)
}

func (a *applier) writeJournal() error {
	return a.writeJournalIn(stateApplying)
}

func (a *applier) writeJournalIn(state string) error {
	if a.tx.noJournal {
		return nil
	}
	j, err := newJournal(a, state)
	if err != nil {
		return stepErr(journalPath(a.tx.JournalDir), "write journal", err)
	}
	if err := a.journalRemovals(j); err != nil {
		return stepErr(journalPath(a.tx.JournalDir), "write journal", err)
	}
	a.journaled = true // from here on, a rollback removes it
	a.journalIn, err = placeJournal(a.fs, a.tx.JournalDir, j)
	return stepErr(journalPath(a.tx.JournalDir), "write journal", err)
}

func (a *applier) makeDirs() error {
	for i := range a.tx.Dirs {
		d := &a.tx.Dirs[i]
		if err := a.stop(); err != nil {
			return err
		}
		p, err := a.dirs.entry(d.Path)
		if err == nil {
			err = a.fs.Mkdir(p, 0o700)
		}
		if err != nil {
			return stepErr(d.name(), "create folder", err)
		}
		a.made = append(a.made, d)
		if err := setDirAttrs(a.fs, p, d.Mode, d.UID, d.GID); err != nil {
			return stepErr(d.name(), "set owner and mode of folder", err)
		}
	}
	return nil
}

func (a *applier) writeTemps() error {
	for _, t := range a.allTargets() {
		if err := a.stop(); err != nil {
			return err
		}
		if t.Remove {
			continue
		}
		p, err := a.dirs.entry(t.Path)
		if err == nil {
			t.tmp, err = writeSynced(a.fs, tempPath(p), t.New, t.attrs)
		}
		if err != nil {
			return stepErr(t.name(), "write temporary file", err)
		}
		a.temps = append(a.temps, t)
	}
	return nil
}

func (a *applier) renameAll() error {
	for _, t := range a.targets {
		if err := a.stop(); err != nil {
			return err
		}
		if err := a.checkUnchanged(t); err != nil {
			return err
		}
		if t.Remove {
			if err := a.removeFile(t); err != nil {
				return err
			}
		} else if err := a.renameTemp(t); err != nil {
			return stepErr(t.name(), "rename into place", err)
		}
		a.renamed = append(a.renamed, t)
		if testHookAfterRename != nil {
			testHookAfterRename(len(a.renamed))
		}
	}
	return nil
}

// renameTemp renames the temporary file of t over t, in the folder held
// open.
func (a *applier) renameTemp(t *target) error {
	p, err := a.dirs.entry(t.Path)
	if err != nil {
		return err
	}
	return renameOver(a.fs, tempPath(p), p, t.tmp)
}

// checkUnchanged looks at the target once more, just before it is
// replaced, so that an edit made meanwhile is not overwritten.
func (a *applier) checkUnchanged(t *target) error {
	p, err := a.dirs.entry(t.Path)
	if err != nil {
		return stepErr(t.name(), "check unchanged", err)
	}
	if t.Create {
		_, err := a.fs.Lstat(p)
		if err == nil {
			return fmt.Errorf("%s: created by someone else meanwhile: %w", t.name(), ErrChanged)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return stepErr(t.name(), "check unchanged", err)
		}
		return nil
	}
	cur, err := a.fs.ReadFile(p)
	if err != nil {
		return stepErr(t.name(), "check unchanged", err)
	}
	if !bytes.Equal(cur, t.Old) {
		return fmt.Errorf("%s: edited meanwhile: %w", t.name(), ErrChanged)
	}
	return nil
}

// touchedDirs are the folders whose entries the change alters.
func (a *applier) touchedDirs() []string {
	var dirs []string
	for _, d := range a.tx.Dirs {
		dirs = append(dirs, filepath.Dir(d.Path))
	}
	for _, f := range a.tx.Files {
		dirs = append(dirs, filepath.Dir(f.Path))
	}
	for _, d := range a.tx.RemoveDirs {
		dirs = append(dirs, filepath.Dir(d.Path))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

func (a *applier) syncDirs() error {
	for _, d := range a.touchedDirs() {
		if a.isRemoved(d) {
			continue
		}
		if err := a.syncDir(d); err != nil {
			return stepErr(d, "sync folder", err)
		}
	}
	return nil
}

// syncDir syncs the folder dir, held open.
func (a *applier) syncDir(dir string) error {
	p, err := a.dirs.dirPath(dir)
	if err != nil {
		return err
	}
	return a.fs.SyncDir(p)
}

// commit renames the new commit record into place, the commit point,
// syncs the state folder, removes an old .momoconf-commit, then removes
// the journal and syncs its folder. A failure after the
// commit point does not undo the change.
func (a *applier) commit() error {
	if !a.journaled {
		return nil
	}
	t := a.recordT
	if err := a.checkUnchanged(t); err != nil {
		return err
	}
	if err := a.renameTemp(t); err != nil {
		if a.recordInPlace() {
			a.committed = true
		}
		return stepErr(t.name(), "rename the commit record into place", err)
	}
	a.committed = true
	a.renamed = append(a.renamed, t)
	if testHookAtCommit != nil {
		testHookAtCommit(a.tx.JournalDir)
	}
	if err := a.syncDir(filepath.Dir(t.Path)); err != nil {
		return stepErr(filepath.Dir(t.Path), "sync folder", err)
	}
	if a.dropLegacy {
		if err := dropLegacyRecord(a.fs, a.tx.JournalDir); err != nil {
			return err
		}
	}
	if err := removeIfExists(a.fs, journalPath(a.tx.JournalDir)); err != nil {
		return stepErr(journalPath(a.tx.JournalDir), "remove journal", err)
	}
	return stepErr(a.tx.JournalDir, "sync folder", a.fs.SyncDir(a.tx.JournalDir))
}

// recordInPlace reports whether the commit record holds this change's
// record, for a rename that failed yet may have happened.
func (a *applier) recordInPlace() bool {
	p, err := a.dirs.entry(a.recordT.Path)
	if err != nil {
		return false
	}
	cur, err := a.fs.ReadFile(p)
	return err == nil && bytes.Equal(cur, a.recordT.New)
}

// leftJournal is the journal a committed change failed to remove, or "".
func (a *applier) leftJournal() string {
	if _, err := a.fs.Lstat(journalPath(a.tx.JournalDir)); err == nil {
		return journalPath(a.tx.JournalDir)
	}
	return ""
}
