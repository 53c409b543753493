package txn

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"

	"golang.org/x/sys/unix"
)

// removedDir is a folder of Tx.RemoveDirs as preflight found it: what a
// rollback needs to create it again.
type removedDir struct {
	*Dir
	mode     fs.FileMode
	uid, gid int
}

// validateRemoveDirs checks the folders to remove: absolute, clean, listed
// once (with the files and folders seen), children before parents.
func (tx *Tx) validateRemoveDirs(seen map[string]bool) error {
	done := map[string]bool{}
	for _, d := range tx.RemoveDirs {
		if !isAbsClean(d.Path) || seen[d.Path] {
			return fmt.Errorf("%s: %w (expected an absolute, clean path, listed once)", d.name(), ErrInvalid)
		}
		for p := d.Path; p != "/"; p = parentOf(p) {
			if done[p] {
				return fmt.Errorf("%s: %w (a folder to remove comes before its children)", d.name(), ErrInvalid)
			}
		}
		seen[d.Path], done[d.Path] = true, true
	}
	return nil
}

func parentOf(p string) string {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return "/"
}

// inspectRemoveDirs checks that every folder to remove is a folder (not a
// link to one) and keeps its mode and owner.
func (a *applier) inspectRemoveDirs() error {
	for i := range a.tx.RemoveDirs {
		d := &a.tx.RemoveDirs[i]
		info, err := a.lstat(d.Path)
		if err != nil {
			return stepErr(d.name(), "check", err)
		}
		if !info.IsDir() {
			return fmt.Errorf("%s: not a folder (a %v): %w", d.name(), info.Mode().Type(), ErrChanged)
		}
		uid, gid := owner(info)
		a.removed = append(a.removed, &removedDir{Dir: d, mode: info.Mode() & modeBits, uid: uid, gid: gid})
	}
	return nil
}

// removeFile removes a file of the change after checkUnchanged found it
// holding its Old content.
func (a *applier) removeFile(t *target) error {
	if err := a.remove(t.Path); err != nil {
		return stepErr(t.name(), "remove", err)
	}
	return nil
}

// remove removes path, reached through its folder held open.
func (a *applier) remove(path string) error {
	p, err := a.dirs.entry(path)
	if err != nil {
		return err
	}
	return a.fs.Remove(p)
}

// isRemoved reports whether dir is a folder the change removes.
func (a *applier) isRemoved(dir string) bool {
	return slices.ContainsFunc(a.tx.RemoveDirs, func(d Dir) bool { return d.Path == dir })
}

// removeDirs removes the folders of Tx.RemoveDirs, children first.
func (a *applier) removeDirs() error {
	for _, d := range a.removed {
		if err := a.stop(); err != nil {
			return err
		}
		if err := a.remove(d.Path); err != nil {
			return stepErr(d.name(), "remove folder", err)
		}
		a.dirs.forget(d.Path)
		a.unmade = append(a.unmade, d)
	}
	return nil
}

// remakeDirs creates again, parents first, the folders removeDirs removed.
func (a *applier) remakeDirs(fail func(name, step string, err error)) {
	for _, d := range slices.Backward(a.unmade) {
		p, err := a.dirs.entry(d.Path)
		if err == nil {
			err = remakeDir(a.fs, p, d.mode, d.uid, d.gid)
		}
		if err != nil {
			fail(d.name(), "create removed folder again", err)
		}
	}
}

// remakeDir creates the folder path with mode and owner unless it exists.
func remakeDir(fsys fsys, path string, mode fs.FileMode, uid, gid int) error {
	if info, err := fsys.Lstat(path); err == nil {
		if info.IsDir() {
			return nil
		}
		return fmt.Errorf("%w: a %v stands where the folder was", ErrConflict, info.Mode().Type())
	}
	if err := fsys.Mkdir(path, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return setDirAttrs(fsys, path, mode, uid, gid)
}

// journalRemovals adds to j what a recovery needs to put removed files
// and folders back: their mode and owner. They must lie below the
// journal's folder.
func (a *applier) journalRemovals(j *journal) error {
	for i, t := range a.targets {
		if !t.Remove {
			continue
		}
		if j.Files[i].Root != 0 {
			return fmt.Errorf("%s: %w (a file to remove must lie below the journal's folder)", t.name(), ErrInvalid)
		}
		j.Files[i].Remove = true
		j.Files[i].Mode, j.Files[i].UID, j.Files[i].GID = uint32(t.attrs.mode), t.attrs.uid, t.attrs.gid
	}
	for _, d := range a.removed {
		rel, err := filepath.Rel(a.tx.JournalDir, d.Path)
		if err != nil || !isLocalPath(rel) {
			return fmt.Errorf("%s: %w (a folder to remove must lie below the journal's folder)", d.name(), ErrInvalid)
		}
		j.RemovedDirs = append(j.RemovedDirs, journalRemovedDir{Path: rel, Mode: uint32(d.mode), UID: d.uid, GID: d.gid})
	}
	return nil
}

// journalRemovedDir is a folder the change removes, as the journal keeps
// it: relative to the journal's folder.
type journalRemovedDir struct {
	Path string `json:"path"`
	Mode uint32 `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
}

func (j *journal) validateRemovals(seen map[journalDir]bool) error {
	for _, d := range j.RemovedDirs {
		if err := j.checkPath(0, d.Path, seen); err != nil {
			return err
		}
	}
	for _, f := range j.Files {
		if f.Remove && (f.Create || f.Root != 0 || f.OldSum == "") {
			return fmt.Errorf("file %q: removed, yet created, outside the journal's folder or without old content", f.Path)
		}
	}
	return nil
}

// remakeDirs creates again, parents first, the folders the change removed,
// each resolved below the journal's folder without following a link.
func (r *Recovery) remakeDirs(fsys fsys, dir string, j *journal) error {
	if len(j.RemovedDirs) == 0 {
		return nil
	}
	root, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(root)
	var errs []error
	for _, d := range slices.Backward(j.RemovedDirs) {
		parent, err := openBeneath(root, filepath.Dir(d.Path))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w (its folder: %v); left as it is", d.Path, ErrConflict, err))
			continue
		}
		p := fdPath(parent, filepath.Base(d.Path))
		if _, err := fsys.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			if err := remakeDir(fsys, p, fs.FileMode(d.Mode), d.UID, d.GID); err != nil {
				errs = append(errs, stepErr(d.Path, "create removed folder again", err))
			} else {
				r.Restored = append(r.Restored, d.Path)
			}
		}
		unix.Close(parent)
	}
	return errors.Join(errs...)
}

// removedBack puts back a file the change removed: missing, it gets its
// old content, mode and owner again; holding its old content, it is left.
func (r *Recovery) removedBack(fsys fsys, path, name string, f *journalFile) error {
	cur, err := readRegular(fsys, path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		a := attrs{mode: fs.FileMode(f.Mode) & modeBits, uid: f.UID, gid: f.GID}
		if err := replace(fsys, path, f.Old, a); err != nil {
			return stepErr(name, "put back removed file", err)
		}
		r.Restored = append(r.Restored, name)
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w (not a regular file); left as it is", name, ErrConflict)
	case sum(cur) == f.OldSum:
		r.Unchanged = append(r.Unchanged, name)
		return nil
	}
	return fmt.Errorf("%s: %w; left as it is", name, ErrConflict)
}
