package hostfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Reader finds and reads files, remembering each folder's path with
// links resolved and interning every content it reads. Its zero value is
// ready and follows every link; it is safe for concurrent use.
type Reader struct {
	// Below, when set, is an absolute folder whose content another account
	// may have written. Every symbolic link found below it, or reached by
	// following a link from there, is shown to Link before it is followed;
	// links at or above Below are the caller's own naming and are followed
	// as they are.
	Below string
	// Link decides whether the link at path, with status st, may be
	// followed: it returns nil, or the error the read then fails with. A
	// nil Link follows every link.
	Link func(path string, st *syscall.Stat_t) error

	mu    sync.Mutex        // guards dirs and known
	dirs  map[dirKey]string // a folder's absolute path → that path, links resolved
	known map[Key][]byte    // each distinct content read, by its key
}

// dirKey names a folder looked up with every link checked (checked) or
// with those at or above Reader.Below taken as they are.
type dirKey struct {
	path    string
	checked bool
}

// maxLinks bounds the links one lookup follows, as the kernel does
// (ELOOP past 40).
const maxLinks = 40

// File is a file found on disk: the file it names once every link is
// followed, and that file's information.
type File struct {
	Path string // absolute, every link resolved: the file to replace
	Info fs.FileInfo
}

// Locate finds the file at the absolute path abs with one lstat, and more
// only when abs is a link, which is followed (each link of a chain shown
// to Link). The folders above it are resolved once for all the files
// below them. A missing file, or a link to nothing, gives an error
// wrapping fs.ErrNotExist.
func (r *Reader) Locate(abs string) (File, error) {
	checked := false
	for hops := 0; ; hops++ {
		info, err := os.Lstat(abs)
		if err != nil {
			return File{}, err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			dir, err := r.realDir(filepath.Dir(abs), checked, hops)
			return File{filepath.Join(dir, filepath.Base(abs)), info}, err
		}
		// A link is followed: the file it names is the one to replace,
		// so that the link itself stays a link.
		if hops == maxLinks {
			return File{}, &fs.PathError{Op: "open", Path: abs, Err: syscall.ELOOP}
		}
		if abs, err = r.follow(abs, info, checked, hops); err != nil {
			return File{}, err
		}
		checked = checked || r.Below != ""
	}
}

// RealDir returns the absolute folder path dir with every link in it
// resolved, as filepath.EvalSymlinks does (each link below Below, or
// reached through one, shown to Link first), remembering each folder's
// answer.
func (r *Reader) RealDir(dir string) (string, error) { return r.realDir(dir, false, 0) }

func (r *Reader) realDir(dir string, checked bool, hops int) (string, error) {
	key := dirKey{dir, checked}
	r.mu.Lock()
	real, ok := r.dirs[key]
	r.mu.Unlock()
	if ok {
		return real, nil
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return dir, nil
	}
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return "", err
	case info.Mode()&fs.ModeSymlink != 0:
		if hops >= maxLinks {
			return "", &fs.PathError{Op: "open", Path: dir, Err: syscall.ELOOP}
		}
		target, err := r.follow(dir, info, checked, hops)
		if err != nil {
			return "", err
		}
		if real, err = r.realDir(target, checked || r.Below != "", hops+1); err != nil {
			return "", err
		}
	default:
		if real, err = r.realDir(parent, checked, hops); err != nil {
			return "", err
		}
		real = filepath.Join(real, filepath.Base(dir))
	}
	r.mu.Lock()
	if r.dirs == nil {
		r.dirs = map[dirKey]string{}
	}
	r.dirs[key] = real
	r.mu.Unlock()
	return real, nil
}

// follow returns the path the link at path (with information info) names,
// made absolute against the link's own folder, once Link has allowed it
// when the link lies below Below or was reached through a link (checked).
func (r *Reader) follow(path string, info fs.FileInfo, checked bool, hops int) (string, error) {
	if r.Link != nil && (checked || r.below(path)) {
		st, ok := info.Sys().(*syscall.Stat_t)
		if !ok {
			return "", &fs.PathError{Op: "lstat", Path: path, Err: syscall.EINVAL}
		}
		if err := r.Link(path, st); err != nil {
			return "", err
		}
	}
	target, err := os.Readlink(path)
	if err != nil {
		return "", err
	}
	if filepath.IsAbs(target) {
		return filepath.Clean(target), nil
	}
	dir, err := r.realDir(filepath.Dir(path), checked, hops+1)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, target), nil
}

// below reports whether path lies strictly below r.Below.
func (r *Reader) below(path string) bool {
	if r.Below == "" {
		return false
	}
	rel, err := filepath.Rel(r.Below, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, "../")
}

// ReadFile reads the whole of f, found by [Reader.Locate], and interns
// its content. It reads whatever f.Path names: the caller refuses what is
// not a regular file before.
func (r *Reader) ReadFile(f File) (Content, error) {
	buf := scratchBufs.Get().(*[]byte)
	defer scratchBufs.Put(buf)
	if err := readSized(f.Path, f.Info.Size(), buf); err != nil {
		return Content{}, err
	}
	return r.Intern(*buf), nil
}
