package txn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"syscall"
)

// rollback undoes what the applier did, last first: old content back into
// every replaced file, created files and folders removed, temporary files
// removed, folders synced, journal removed. It returns nil when all is
// undone, else a *RollbackError; then the journal is kept.
func (a *applier) rollback(cause error) error {
	var errs []error
	var changed []string
	fail := func(name, step string, err error) {
		errs = append(errs, stepErr(name, step, err))
		changed = append(changed, name)
	}
	a.remakeDirs(fail)
	for _, t := range slices.Backward(a.renamed) {
		if err := a.undoFile(t); err != nil {
			fail(t.name(), "put back", err)
		}
	}
	for _, t := range a.temps {
		if slices.Contains(a.renamed, t) {
			continue
		}
		if err := a.removeTemp(t); err != nil {
			errs = append(errs, stepErr(t.name(), "remove temporary file", err))
		}
	}
	for _, d := range slices.Backward(a.made) {
		kept, err := a.removeMadeDir(d.Path)
		switch {
		case err != nil:
			fail(d.name(), "remove created folder", err)
		case kept && d.Path != stateDirOf(a.tx.JournalDir): // the state folder is bookkeeping
			a.kept = append(a.kept, d.name())
		}
	}
	for _, d := range a.touchedDirs() {
		if err := a.syncDir(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, stepErr(d, "sync folder", err))
		}
	}
	return a.finishRollback(cause, errs, changed)
}

func (a *applier) finishRollback(cause error, errs []error, changed []string) error {
	jpath := journalPath(a.tx.JournalDir)
	if len(errs) == 0 {
		if !a.journaled {
			return nil
		}
		err := removeJournal(a.fs, a.tx.JournalDir)
		if err == nil {
			return nil
		}
		errs = append(errs, stepErr(jpath, "remove journal", err))
	}
	if !a.journaled {
		jpath = ""
	}
	return &RollbackError{Err: cause, Rollback: errors.Join(errs...), Changed: changed, Journal: jpath}
}

// undoFile puts a replaced file back: old content for a rewritten file,
// nothing for a created one.
// Either way a file someone edited since it was replaced is left alone.
func (a *applier) undoFile(t *target) error {
	p, err := a.dirs.entry(t.Path)
	if err != nil {
		return err
	}
	cur, err := a.fs.ReadFile(p)
	switch {
	case t.Create && errors.Is(err, fs.ErrNotExist):
		return nil
	case t.Remove && errors.Is(err, fs.ErrNotExist):
		return replace(a.fs, p, t.Old, t.attrs)
	case t.Remove && bytes.Equal(cur, t.Old):
		return nil
	case err != nil:
		return err
	case !bytes.Equal(cur, t.New):
		return fmt.Errorf("%w: edited meanwhile; left as it is", ErrConflict)
	case t.Create:
		return a.fs.Remove(p)
	}
	return replace(a.fs, p, t.Old, t.attrs)
}

// removeTemp removes the temporary file of t, if it is there.
func (a *applier) removeTemp(t *target) error {
	p, err := a.dirs.entry(t.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return removeIfExists(a.fs, tempPath(p))
}

// removeMadeDir removes a folder the change created, reached through its
// parent held open (see removeMadeDir).
func (a *applier) removeMadeDir(path string) (kept bool, err error) {
	p, err := a.dirs.entry(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return removeMadeDir(a.fs, p)
}

// removeMadeDir removes a folder the change created, under the rule
// [Recover] follows too: a folder that holds other entries now, or a path
// that is no longer a folder, is kept (kept is true), not an error; a
// missing one is fine.
func removeMadeDir(fsys fsys, path string) (kept bool, err error) {
	info, err := fsys.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return false, nil
	case err != nil:
		return false, err
	case !info.IsDir():
		return true, nil // no longer the folder it created
	}
	err = removeIfExists(fsys, path)
	if isNotEmpty(err) {
		return true, nil
	}
	return false, err
}

// isNotEmpty reports whether err says a folder still has entries.
func isNotEmpty(err error) bool {
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)
}
