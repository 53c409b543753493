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

// A Recovery says what [Recover] found and did. Names are the Display
// names the journal recorded.
type Recovery struct {
	// Journal is the path of the journal found, "" if there was none.
	Journal string
	// Restored files held their new content and got their old one back.
	Restored []string
	// Unchanged files already held their old content (or, created by the
	// change, did not exist).
	Unchanged []string
	// Removed are created files and empty created folders, removed.
	Removed []string
	// Kept are created folders left in place because they hold other
	// entries now.
	Kept []string
}

// Found reports whether a journal was found.
func (r *Recovery) Found() bool { return r.Journal != "" }

// Recover finishes a change that was cut short (kill -9, power loss, a
// rollback that failed) by rolling it back: it reads the journal in
// journalDir and brings every file it lists back to its old content. A
// file holding its new content gets its old one back; a file holding its
// old content is left alone; a created file holding its new content is
// removed, and so is a created folder once empty; temporary files are
// removed. A file holding anything else is not touched: the error matches
// [ErrConflict] and names it, and the journal is kept. When all is back,
// the journal is removed.
//
// lock must hold journalDir; Recover extends it to the folders the journal
// names. With no journal, Recover does nothing and returns an empty
// Recovery. A torn or damaged journal is an error matching
// [ErrCorruptJournal], and nothing is done. Recover is idempotent: if it
// is itself cut short, running it again finishes the work.
func Recover(ctx context.Context, lock *Lock, journalDir string) (*Recovery, error) {
	return recoverWith(ctx, osFS{}, lock, journalDir)
}

func recoverWith(ctx context.Context, fsys fsys, lock *Lock, journalDir string) (*Recovery, error) {
	if !lock.Holds(journalDir) {
		return nil, fmt.Errorf("%s: %w (lock it before recovering)", journalDir, ErrNotLocked)
	}
	// A journal still being written when the run stopped: nothing else
	// had been touched yet.
	if err := removeIfExists(fsys, journalTempPath(journalDir)); err != nil {
		return nil, stepErr(journalTempPath(journalDir), "remove unfinished journal", err)
	}
	jpath := journalPath(journalDir)
	data, err := fsys.ReadFile(jpath)
	if errors.Is(err, fs.ErrNotExist) {
		return &Recovery{}, nil
	}
	if err != nil {
		return nil, stepErr(jpath, "read journal", err)
	}
	j, err := decodeJournal(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; nothing was done", jpath, err)
	}
	if err := lock.Extend(ctx, j.existingDirs(fsys)); err != nil {
		return nil, err
	}
	r := &Recovery{Journal: jpath}
	if err := r.rollBack(fsys, j); err != nil {
		return r, fmt.Errorf("%w; the journal %s is kept", err, jpath)
	}
	if err := removeJournal(fsys, journalDir); err != nil {
		return r, stepErr(jpath, "remove journal", err)
	}
	return r, nil
}

// existingDirs are the folders of the journal's files and folders that
// still exist, to lock.
func (j *journal) existingDirs(fsys fsys) []string {
	var dirs []string
	for _, p := range j.parents() {
		if info, err := fsys.Lstat(p); err == nil && info.IsDir() {
			dirs = append(dirs, p)
		}
	}
	return dirs
}

func (j *journal) parents() []string {
	var dirs []string
	for _, d := range j.Dirs {
		dirs = append(dirs, filepath.Dir(d.Path))
	}
	for _, f := range j.Files {
		dirs = append(dirs, filepath.Dir(f.Path))
	}
	for _, d := range j.RemovedDirs {
		dirs = append(dirs, filepath.Dir(d.Path))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

func (r *Recovery) rollBack(fsys fsys, j *journal) error {
	var errs []error
	if err := r.remakeDirs(fsys, j); err != nil {
		errs = append(errs, err)
	}
	for i := range j.Files {
		if err := r.fileBack(fsys, &j.Files[i]); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range slices.Backward(j.Dirs) {
		if err := r.dirBack(fsys, &d); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range j.parents() {
		if err := fsys.SyncDir(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, stepErr(d, "sync folder", err))
		}
	}
	return errors.Join(errs...)
}

func (r *Recovery) fileBack(fsys fsys, f *journalFile) error {
	if err := removeIfExists(fsys, tempPath(f.Path)); err != nil {
		return stepErr(f.name(), "remove temporary file", err)
	}
	if f.Remove {
		return r.removedBack(fsys, f)
	}
	cur, err := readRegular(fsys, f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && f.Create:
		r.Unchanged = append(r.Unchanged, f.name())
		return nil
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotRegular):
		return fmt.Errorf("%s: %w (it is missing or not a regular file); left as it is", f.name(), ErrConflict)
	case err != nil:
		return stepErr(f.name(), "read", err)
	case !f.Create && bytes.Equal(cur, f.Old):
		r.Unchanged = append(r.Unchanged, f.name())
		return nil
	case sum(cur) != f.NewSum:
		return fmt.Errorf("%s: %w; left as it is", f.name(), ErrConflict)
	case f.Create:
		if err := fsys.Remove(f.Path); err != nil {
			return stepErr(f.name(), "remove created file", err)
		}
		r.Removed = append(r.Removed, f.name())
		return nil
	}
	a, err := currentAttrs(fsys, f.Path)
	if err == nil {
		err = replace(fsys, f.Path, f.Old, a)
	}
	if err != nil {
		return stepErr(f.name(), "put back", err)
	}
	r.Restored = append(r.Restored, f.name())
	return nil
}

// readRegular reads a regular file; anything else is a conflict.
func readRegular(fsys fsys, path string) ([]byte, error) {
	info, err := fsys.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return fsys.ReadFile(path)
}

func (r *Recovery) dirBack(fsys fsys, d *journalDir) error {
	if info, err := fsys.Lstat(d.Path); err == nil && !info.IsDir() {
		r.Kept = append(r.Kept, d.name()) // no longer the folder it created
		return nil
	}
	err := fsys.Remove(d.Path)
	switch {
	case err == nil:
		r.Removed = append(r.Removed, d.name())
	case errors.Is(err, fs.ErrNotExist):
	case isNotEmpty(err):
		r.Kept = append(r.Kept, d.name())
	default:
		return stepErr(d.name(), "remove created folder", err)
	}
	return nil
}
