package hostfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Reader finds and reads files, remembering each folder's path with
// links resolved and interning every content it reads. Its zero value is
// ready; it is safe for concurrent use.
type Reader struct {
	mu    sync.Mutex        // guards dirs and known
	dirs  map[string]string // a folder's absolute path → that path, links resolved
	known map[Key][]byte    // each distinct content read, by its key
}

// File is a file found on disk: the file it names once every link is
// followed, and that file's information.
type File struct {
	Path string // absolute, every link resolved: the file to replace
	Info fs.FileInfo
}

// Locate finds the file at the absolute path abs with one lstat, and a
// stat more only when abs is a link, which is followed. The folders above
// it are resolved once for all the files below them. A missing file, or a
// link to nothing, gives an error wrapping fs.ErrNotExist.
func (r *Reader) Locate(abs string) (File, error) {
	info, err := os.Lstat(abs)
	if err != nil {
		return File{}, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		// A link is followed: the file it names is the one to replace,
		// so that the link itself stays a link.
		if info, err = os.Stat(abs); err != nil {
			return File{}, err
		}
		target, err := filepath.EvalSymlinks(abs)
		return File{target, info}, err
	}
	dir, err := r.RealDir(filepath.Dir(abs))
	return File{filepath.Join(dir, filepath.Base(abs)), info}, err
}

// RealDir returns the absolute folder path dir with every link in it
// resolved, as filepath.EvalSymlinks does, remembering each folder's
// answer.
func (r *Reader) RealDir(dir string) (string, error) {
	r.mu.Lock()
	real, ok := r.dirs[dir]
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
		if real, err = filepath.EvalSymlinks(dir); err != nil {
			return "", err
		}
	default:
		if real, err = r.RealDir(parent); err != nil {
			return "", err
		}
		real = filepath.Join(real, filepath.Base(dir))
	}
	r.mu.Lock()
	if r.dirs == nil {
		r.dirs = map[string]string{}
	}
	r.dirs[dir] = real
	r.mu.Unlock()
	return real, nil
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
