package hostfs

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Root is a folder held open so that the files below it can be opened
// relative to it, in one call each, refusing any link on the way. A file
// opened so is known to be at the folder's resolved path joined to its
// own: no folder of it needs a look of its own.
type Root struct {
	r    *Reader
	abs  string // the folder as named
	real string // its path with links resolved, or "" when not opened
	fd   int
}

// ErrSlowPath says that a file is not for the fast read: a link on its
// way, something other than a regular file, or no openat2. The caller
// looks at it the careful way.
var ErrSlowPath = errors.New("not for the fast read")

// OpenRoot opens the absolute folder abs for reading below it. When it
// cannot, the root has no descriptor and every [Root.ReadBeneath] gives
// [ErrSlowPath]. Close it when done.
func (r *Reader) OpenRoot(abs string) *Root {
	root := &Root{r: r, abs: abs, fd: -1}
	real, err := r.RealDir(abs)
	if err != nil {
		return root
	}
	fd, err := retryEINTR(func() (int, error) {
		return unix.Open(real, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err == nil {
		root.real, root.fd = real, fd
	}
	return root
}

// Dir returns the folder as it was named to [Reader.OpenRoot].
func (t *Root) Dir() string { return t.abs }

// Close releases the folder. Reading after it gives [ErrSlowPath].
func (t *Root) Close() {
	if t.fd >= 0 {
		_ = unix.Close(t.fd)
		t.fd = -1
	}
}

// ReadBeneath reads and interns the regular file at the slash path rel
// below the folder when no link is on its way. It returns an error
// wrapping fs.ErrNotExist when there is no such file, and [ErrSlowPath]
// (or a read error) when the careful path must decide. A named pipe does
// not block it: it is opened without waiting and refused.
func (t *Root) ReadBeneath(rel string) (File, Content, error) {
	if t.fd < 0 {
		return File{}, Content{}, ErrSlowPath
	}
	// O_NONBLOCK: a named pipe where a file was expected must not block
	// the open; it is then refused as not a regular file.
	how := &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_BENEATH,
	}
	fd, err := retryEINTR(func() (int, error) { return unix.Openat2(t.fd, rel, how) })
	switch {
	case err == unix.ENOENT:
		return File{}, Content{}, fs.ErrNotExist
	case err != nil:
		return File{}, Content{}, ErrSlowPath
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return File{}, Content{}, ErrSlowPath
	}
	target := filepath.Join(t.real, filepath.FromSlash(rel))
	buf := scratchBufs.Get().(*[]byte)
	defer scratchBufs.Put(buf)
	if err := readAll(fd, target, st.Size, buf); err != nil {
		return File{}, Content{}, err
	}
	return File{Path: target, Info: regularInfo(path.Base(rel), &st)}, t.r.Intern(*buf), nil
}
