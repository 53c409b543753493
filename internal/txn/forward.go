package txn

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// forward finishes a commit: each file still holding its old content (or,
// created, still missing) gets the new content staged beside it, the
// commit record last, after every other file is in place and synced.
func (r *Recovery) forward(fsys fsys, rs *resolved, j *journal) error {
	var errs []error
	var rec *journalFile
	for i := range j.Files {
		if j.isRecord(&j.Files[i]) {
			rec = &j.Files[i]
			continue
		}
		if err := r.fileForward(fsys, rs, j, &j.Files[i]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		errs = append(errs, r.removeDirsForward(fsys, rs, j)...)
	}
	errs = append(errs, rs.syncAll(fsys)...)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if rec == nil {
		return nil
	}
	if err := r.fileForward(fsys, rs, j, rec); err != nil {
		return err
	}
	// The record's folder (.momoconf) is synced now: the journal's
	// removal, next, must not reach the disk before the commit point.
	f := rs.folder(rec.Root, filepath.Dir(rec.Path))
	return stepErr(j.name(rec.Root, filepath.Dir(rec.Path)), "sync folder", fsys.SyncDir(fdPath(f.fd, "")))
}

// fileForward puts the staged new content of f in place, unless f holds
// it already. A file holding neither its old nor its new content, or
// whose staged content is missing or changed, is left alone
// ([ErrConflict]).
func (r *Recovery) fileForward(fsys fsys, rs *resolved, j *journal, f *journalFile) error {
	name := j.name(f.Root, f.Path)
	path, err := rs.entry(f.Root, f.Path)
	if f.Remove && errors.Is(err, fs.ErrNotExist) {
		return nil // its folder is gone: so is it, removed before the run stopped
	}
	if err != nil {
		return fmt.Errorf("%s: %w (%v); left as it is", name, ErrConflict, err)
	}
	if f.Remove {
		return r.removeForward(fsys, path, name, j, f)
	}
	cur, err := readRegular(fsys, path)
	switch {
	case err == nil && sum(cur) == f.NewSum:
		return nil // renamed before the run stopped
	case errors.Is(err, fs.ErrNotExist) && f.Create, err == nil && !f.Create && sum(cur) == f.OldSum:
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotRegular) || err == nil:
		return fmt.Errorf("%s: %w; left as it is", name, ErrConflict)
	default:
		return stepErr(name, "read", err)
	}
	if err := checkStaged(fsys, path, f.NewSum); err != nil {
		return fmt.Errorf("%s: %w; left as it is", name, err)
	}
	if err := fsys.Rename(tempPath(path), path); err != nil {
		return stepErr(name, "rename into place", err)
	}
	note(&r.Finished, j, f)
	if testHookAfterRename != nil {
		testHookAfterRename(len(r.Finished))
	}
	return nil
}

// errStagedMissing says a staged file is not there.
var errStagedMissing = fmt.Errorf("%w: its staged new content is missing", ErrConflict)

// checkStaged checks that the temporary file beside path holds the content
// whose sha256 is want.
func checkStaged(fsys fsys, path, want string) error {
	staged, err := readRegular(fsys, tempPath(path))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, ErrNotRegular):
		return errStagedMissing
	case err != nil:
		return err
	case sum(staged) != want:
		return fmt.Errorf("%w: its staged new content was changed", ErrConflict)
	}
	return nil
}

// removeForward removes a file the change removes, unless it is gone
// already; one that holds anything but its old content is left alone
// ([ErrConflict]).
func (r *Recovery) removeForward(fsys fsys, path, name string, j *journal, f *journalFile) error {
	cur, err := readRegular(fsys, path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // removed before the run stopped
	case errors.Is(err, ErrNotRegular) || err == nil && sum(cur) != f.OldSum:
		return fmt.Errorf("%s: %w; left as it is", name, ErrConflict)
	case err != nil:
		return stepErr(name, "read", err)
	}
	if err := fsys.Remove(path); err != nil {
		return stepErr(name, "remove", err)
	}
	note(&r.Finished, j, f)
	return nil
}

// removeDirsForward removes, children first, the folders the change
// removes, unless gone already. One that holds anything (not removed by
// the change) is left, with a conflict.
func (r *Recovery) removeDirsForward(fsys fsys, rs *resolved, j *journal) []error {
	var errs []error
	for _, d := range j.RemovedDirs {
		path, err := rs.entry(0, d.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w (%v); left as it is", d.Path, ErrConflict, err))
			continue
		}
		err = fsys.Remove(path)
		switch {
		case err == nil:
			r.Finished = append(r.Finished, d.Path)
		case errors.Is(err, fs.ErrNotExist):
		case isNotEmpty(err):
			errs = append(errs, fmt.Errorf("%s: %w (the folder holds files the change did not remove); left as it is", d.Path, ErrConflict))
		default:
			errs = append(errs, stepErr(d.Path, "remove folder", err))
		}
	}
	return errs
}
