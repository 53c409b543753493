package hostfs

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// scratchBufs holds read buffers for reuse: most files read are copies
// of one read before, whose bytes need not be kept.
var scratchBufs = sync.Pool{New: func() any { return new([]byte) }}

// MaxFileSize is the largest file a read takes: more than any file the
// callers parse may hold (the largest format limit is 64 MiB), so that a
// huge file planted in a tree is refused before it is read into memory.
const MaxFileSize = 64 << 20

// TooLargeError refuses a file larger than [MaxFileSize].
type TooLargeError struct {
	Path string
	Size int64 // its size when refused: at least MaxFileSize+1
}

// Error names the file, its size and the limit.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %d bytes, more than the %d a file may hold to be read; not read", e.Path, e.Size, MaxFileSize)
}

// readSized reads the whole file at path, whose size a stat just gave,
// into buf. path has every link resolved, so the open refuses any link
// on it (openat2 with RESOLVE_NO_SYMLINKS, or O_NOFOLLOW on the last
// element where the kernel has no openat2): a file or folder swapped for
// a link since it was found is not followed. It opens, reads and closes
// the file with bare system calls: os.Open would also stat it and try to
// register it with the poller, which doubles the calls for a file read
// in one go.
func readSized(path string, size int64, buf *[]byte) error {
	how := &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK, Resolve: unix.RESOLVE_NO_SYMLINKS}
	fd, err := retryEINTR(func() (int, error) { return unix.Openat2(unix.AT_FDCWD, path, how) })
	if err == unix.ENOSYS || err == unix.EPERM {
		fd, err = retryEINTR(func() (int, error) {
			return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOFOLLOW, 0)
		})
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "fstat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return &fs.PathError{Op: "open", Path: path, Err: errNotRegular}
	}
	return readAll(fd, path, st.Size, buf)
}

// errNotRegular refuses a file that was swapped for something other than
// a regular file since it was found.
var errNotRegular = errors.New("not a regular file")

// readAll reads the open file fd (at path, for errors) to its end into
// buf, expecting size bytes; more than MaxFileSize is refused
// (*TooLargeError), before the read or when the file grows past it.
func readAll(fd int, path string, size int64, buf *[]byte) error {
	if size > MaxFileSize {
		return &TooLargeError{Path: path, Size: size}
	}
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
		if len(b) > MaxFileSize {
			return &TooLargeError{Path: path, Size: int64(len(b))}
		}
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

// statInfo is a regular file's fs.FileInfo, made from its fstat.
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
