package momoconf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/google/renameio/v2"
)

// Apply writes every changed file of the plan, all or nothing. It locks the
// folders planned on against other momoconf runs, checks that no file
// changed since it was read (and that no file to create exists), then
// replaces each file atomically (a temporary file beside it, synced, renamed
// over it) keeping its mode and ownership. A file whose mode has no write
// bit is refused. If any step fails, the files already written are put back
// as they were, created files and folders are removed, and the error names
// the file that failed and why.
func (p *Plan) Apply() error {
	unlock, err := lockDirs(p.lockDirs)
	if err != nil {
		return err
	}
	defer unlock()
	var todo []*FileChange
	for _, f := range p.Files {
		if f.Changed() {
			todo = append(todo, f)
		}
	}
	if err := checkUnchanged(todo); err != nil {
		return err
	}
	var done []undo
	for _, f := range todo {
		u, err := write(f)
		if err != nil {
			werr := fmt.Errorf("%s: %w", f.Path, err)
			if rerr := rollback(done); rerr != nil {
				return fmt.Errorf("%w; putting back the files already written also failed: %w", werr, rerr)
			}
			return fmt.Errorf("%w (nothing was changed: %d file(s) already written were put back)", werr, len(done))
		}
		done = append(done, u)
	}
	return nil
}

// checkUnchanged makes sure the files are still as the plan read them.
func checkUnchanged(files []*FileChange) error {
	for _, f := range files {
		cur, err := os.ReadFile(f.abs)
		switch {
		case f.Created && err == nil:
			return &staleError{f.Path, "exists now; it did not when the change was planned"}
		case f.Created && errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		case !bytes.Equal(cur, f.Old):
			return &staleError{f.Path, "changed since it was read; plan again"}
		}
	}
	return nil
}

// undo puts one written file back.
type undo struct {
	f       *FileChange
	newDirs []string // folders created for it, deepest first
}

func write(f *FileChange) (undo, error) {
	u := undo{f: f}
	mode, uid, gid := f.mode, f.uid, f.gid
	if f.Created {
		dirs, err := mkdirs(filepath.Dir(f.abs))
		u.newDirs = dirs
		if err != nil {
			return u, errors.Join(err, removeDirs(dirs))
		}
	} else {
		info, err := os.Stat(f.abs)
		if err != nil {
			return u, err
		}
		mode, uid, gid = info.Mode().Perm(), -1, -1
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			uid, gid = int(st.Uid), int(st.Gid)
		}
		if mode&0o222 == 0 {
			return u, fmt.Errorf("file is read-only (mode %04o); make it writable to let momoconf edit it", mode)
		}
	}
	err := writeAtomic(f.abs, f.New, mode, uid, gid)
	if err != nil && f.Created {
		err = errors.Join(err, removeDirs(u.newDirs))
	}
	return u, err
}

// writeAtomic replaces path with data through a synced temporary file in
// the same folder, with the given mode and, where known, owner.
func writeAtomic(path string, data []byte, mode fs.FileMode, uid, gid int) error {
	t, err := renameio.NewPendingFile(path, renameio.WithStaticPermissions(mode))
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if _, err := t.Write(data); err != nil {
		return err
	}
	if uid >= 0 && (uid != os.Geteuid() || gid != os.Getegid()) {
		if err := t.Chown(uid, gid); err != nil {
			return fmt.Errorf("cannot keep the owner %d:%d: %w", uid, gid, err)
		}
	}
	return t.CloseAtomicallyReplace()
}

// mkdirs creates dir and its missing parents, returning the folders it
// created, deepest first.
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil {
			return missing[i+1:], err
		}
	}
	return missing, nil
}

func removeDirs(dirs []string) error {
	var errs []error
	for _, d := range dirs {
		if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// rollback puts back the written files, last first.
func rollback(done []undo) error {
	var errs []error
	for _, u := range slices.Backward(done) {
		if u.f.Created {
			if err := os.Remove(u.f.abs); err != nil {
				errs = append(errs, err)
			}
			errs = append(errs, removeDirs(u.newDirs))
			continue
		}
		info, err := os.Stat(u.f.abs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, gid := -1, -1
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			uid, gid = int(st.Uid), int(st.Gid)
		}
		errs = append(errs, writeAtomic(u.f.abs, u.f.Old, info.Mode().Perm(), uid, gid))
	}
	return errors.Join(errs...)
}
