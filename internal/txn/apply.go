package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
)

// testHookAfterRename, when set, runs after the n-th rename (from 1) of an
// Apply; tests use it to pause a child process mid-apply.
var testHookAfterRename func(n int)

// Apply makes the change all or nothing. lock must hold every folder of
// [Tx.LockDirs].
//
// First it checks, writing nothing, that every file still holds its Old
// content and every file or folder to create is missing (see [ErrChanged],
// [ErrHardLinked], [ErrReadOnly], [ErrNotRegular], [ErrPending]). Then it
// writes the journal, creates the folders, writes each new content to a
// temporary file beside its target (keeping the target's mode, owner and
// extended attributes), checks each target once more just before renaming
// the temporary file over it, syncs every folder touched and removes the
// journal.
//
// SIGINT, SIGTERM and SIGHUP are caught while Apply runs; one of them, or
// ctx ending, stops the change at the next step and rolls it back, and
// the error matches [ErrInterrupted]. Signal handling is restored when
// Apply returns; a signal that arrives after the change is complete is
// raised again then.
//
// On any failure the change is rolled back and the error, a
// [*RolledBackError], names the file and the step that failed. If the
// rollback fails too, the error is a [*RollbackError] listing what is still
// changed, and the journal is kept for [Recover].
func (tx *Tx) Apply(ctx context.Context, lock *Lock) error {
	if err := tx.validate(); err != nil {
		return err
	}
	a := &applier{tx: tx, fs: tx.fs, lock: lock}
	if a.fs == nil {
		a.fs = osFS{}
	}
	if err := a.preflight(); err != nil {
		return err
	}
	sig := catchSignals(ctx)
	defer sig.release()
	a.stop = sig.check
	err := a.run()
	if err == nil {
		return nil
	}
	if rerr := a.rollback(err); rerr != nil {
		return rerr
	}
	return &RolledBackError{Err: err}
}

// applier carries one Apply: what it found, and how far it got.
type applier struct {
	tx      *Tx
	fs      fsys
	lock    *Lock
	stop    func() error
	targets []*target

	journaled bool
	made      []*Dir        // folders created, in order
	removed   []*removedDir // folders to remove, as preflight found them
	unmade    []*removedDir // folders removed, in order
	temps     []*target     // targets whose temporary file is written
	renamed   []*target     // targets replaced, in order
}

func (a *applier) run() error {
	steps := []func() error{a.writeJournal, a.makeDirs, a.writeTemps, a.renameAll, a.removeDirs, a.syncDirs, a.commit}
	for _, step := range steps {
		if err := a.stop(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) writeJournal() error {
	if a.tx.noJournal {
		return nil
	}
	a.journaled = true // from here on, a rollback removes it
	j := newJournal(a.tx)
	a.journalRemovals(j)
	err := writeJournal(a.fs, a.tx.JournalDir, j)
	return stepErr(journalPath(a.tx.JournalDir), "write journal", err)
}

func (a *applier) makeDirs() error {
	for i := range a.tx.Dirs {
		d := &a.tx.Dirs[i]
		if err := a.stop(); err != nil {
			return err
		}
		if err := a.fs.Mkdir(d.Path, 0o700); err != nil {
			return stepErr(d.name(), "create folder", err)
		}
		a.made = append(a.made, d)
		if err := a.dirAttrs(d); err != nil {
			return stepErr(d.name(), "set owner and mode of folder", err)
		}
	}
	return nil
}

func (a *applier) dirAttrs(d *Dir) error {
	if d.UID >= 0 || d.GID >= 0 {
		if err := a.fs.Lchown(d.Path, d.UID, d.GID); err != nil {
			return err
		}
	}
	return a.fs.Chmod(d.Path, d.Mode&modeBits|fs.ModeDir)
}

func (a *applier) writeTemps() error {
	for _, t := range a.targets {
		if err := a.stop(); err != nil {
			return err
		}
		if t.Remove {
			continue
		}
		if err := writeSynced(a.fs, tempPath(t.Path), t.New, t.attrs); err != nil {
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
		} else if err := a.fs.Rename(tempPath(t.Path), t.Path); err != nil {
			return stepErr(t.name(), "rename into place", err)
		}
		a.renamed = append(a.renamed, t)
		if testHookAfterRename != nil {
			testHookAfterRename(len(a.renamed))
		}
	}
	return nil
}

// checkUnchanged looks at the target once more, just before it is
// replaced, so that an edit made meanwhile is not overwritten.
func (a *applier) checkUnchanged(t *target) error {
	if t.Create {
		_, err := a.fs.Lstat(t.Path)
		if err == nil {
			return fmt.Errorf("%s: created by someone else meanwhile: %w", t.name(), ErrChanged)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return stepErr(t.name(), "check unchanged", err)
		}
		return nil
	}
	cur, err := a.fs.ReadFile(t.Path)
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
		if err := a.fs.SyncDir(d); err != nil {
			return stepErr(d, "sync folder", err)
		}
	}
	return nil
}

// commit removes the journal: from here on the change stands.
func (a *applier) commit() error {
	if !a.journaled {
		return nil
	}
	if err := removeJournal(a.fs, a.tx.JournalDir); err != nil {
		return stepErr(journalPath(a.tx.JournalDir), "remove journal", err)
	}
	return nil
}
