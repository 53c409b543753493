package momoconf

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// treeRoot is a host tree's folder, held open so that the files below it
// can be opened relative to it, in one call each, refusing any link on
// the way (openat2 with RESOLVE_NO_SYMLINKS). A file opened so is known
// to be at the tree's resolved path joined to its own: no folder of it
// needs a look of its own.
type treeRoot struct {
	abs  string // the folder as named
	real string // its path with links resolved, or "" when not opened
	fd   int
}

// errSlowPath says that a file is not for the fast read: the caller
// looks at it the careful way.
var errSlowPath = errors.New("not for the fast read")

// openRoot opens the tree's folder for reading below it. When it cannot,
// the root has no descriptor and every read takes the careful path.
func (l *loader) openRoot(abs string) *treeRoot {
	r := &treeRoot{abs: abs, fd: -1}
	real, err := l.realDir(abs)
	if err != nil {
		return r
	}
	fd, err := retryEINTR(func() (int, error) {
		return unix.Open(real, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err == nil {
		r.real, r.fd = real, fd
	}
	return r
}

func (r *treeRoot) close() {
	if r.fd >= 0 {
		_ = unix.Close(r.fd)
		r.fd = -1
	}
}

// readBeneath reads, into buf, the regular file at the slash path rel
// below the tree when no link is on its way. It returns an error wrapping
// fs.ErrNotExist when there is no such file, and errSlowPath (or any
// other error) when the careful path must decide: a link, something other
// than a regular file, a kernel without openat2.
func (r *treeRoot) readBeneath(rel string, buf *[]byte) (located, error) {
	if r.fd < 0 {
		return located{}, errSlowPath
	}
	// O_NONBLOCK: a named pipe where a file was expected must not block
	// the open; it is then refused as not a regular file.
	how := &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	}
	fd, err := retryEINTR(func() (int, error) { return unix.Openat2(r.fd, rel, how) })
	switch {
	case err == unix.ENOENT:
		return located{}, fs.ErrNotExist
	case err != nil:
		return located{}, errSlowPath
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return located{}, errSlowPath
	}
	target := filepath.Join(r.real, filepath.FromSlash(rel))
	if err := readAll(fd, target, st.Size, buf); err != nil {
		return located{}, err
	}
	return located{target: target, info: regularInfo(path.Base(rel), &st)}, nil
}

// regularInfo is the fs.FileInfo of a regular file from its fstat.
func regularInfo(name string, st *unix.Stat_t) fs.FileInfo {
	mode := fs.FileMode(st.Mode & 0o777)
	for _, bit := range []struct {
		unix uint32
		mode fs.FileMode
	}{{unix.S_ISUID, fs.ModeSetuid}, {unix.S_ISGID, fs.ModeSetgid}, {unix.S_ISVTX, fs.ModeSticky}} {
		if st.Mode&bit.unix != 0 {
			mode |= bit.mode
		}
	}
	return &statInfo{name: name, size: st.Size, mode: mode, mtime: time.Unix(st.Mtim.Unix()), sys: st}
}

type statInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
	sys   *unix.Stat_t
}

func (i *statInfo) Name() string       { return i.name }
func (i *statInfo) Size() int64        { return i.size }
func (i *statInfo) Mode() fs.FileMode  { return i.mode }
func (i *statInfo) ModTime() time.Time { return i.mtime }
func (i *statInfo) IsDir() bool        { return false }
func (i *statInfo) Sys() any           { return i.sys }

// scratchBufs holds read buffers for reuse: most files read are copies
// of one read before, whose bytes need not be kept.
var scratchBufs = sync.Pool{New: func() any { return new([]byte) }}

// readSized reads the whole file at path, whose size a stat just gave,
// into buf. It opens, reads and closes the file with bare system calls:
// os.Open would also stat it and try to register it with the poller,
// which doubles the calls for a file read in one go.
func readSized(path string, size int64, buf *[]byte) error {
	fd, err := retryEINTR(func() (int, error) { return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	return readAll(fd, path, size, buf)
}

// readAll reads the open file fd (at path, for errors) to its end into
// buf, expecting size bytes.
func readAll(fd int, path string, size int64, buf *[]byte) error {
	b := slices.Grow((*buf)[:0], int(size)+1) // +1: the read that sees the end needs room
	for {
		n, err := retryEINTR(func() (int, error) { return unix.Read(fd, b[len(b):cap(b)]) })
		switch {
		case err != nil:
			return &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0:
			*buf = b
			return nil
		}
		b = b[:len(b)+n]
		if len(b) == cap(b) {
			b = slices.Grow(b, 4096) // the file grew since the stat
		}
	}
}

// retryEINTR calls f again while a signal interrupts it.
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
