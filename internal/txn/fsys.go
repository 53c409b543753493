package txn

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// fsys is every file-system call a transaction makes, so that tests can
// fail or "crash" at any one of them. osFS is the real thing.
type fsys interface {
	// CreateExcl creates name, which must not exist, for writing; a
	// symbolic link at name is not followed.
	CreateExcl(name string, perm fs.FileMode) (wfile, error)
	// OpenDir opens the folder name, not following a symbolic link at
	// name, to set its owner and mode through the descriptor.
	OpenDir(name string) (attrFile, error)
	ReadFile(name string) ([]byte, error)
	Lstat(name string) (fs.FileInfo, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	Mkdir(name string, perm fs.FileMode) error
	ListXattr(name string) ([]string, error)
	GetXattr(name, attr string) ([]byte, error)
	// SyncDir makes the entries of the folder durable.
	SyncDir(name string) error
	// ReadTrusted reads dir/name under the rules of OpenTrusted.
	ReadTrusted(dir, name string) ([]byte, error)
}

// attrFile is an open file or folder whose attributes are set through
// its descriptor, never by name: a name can be made to lead elsewhere
// (a symbolic link swapped in) between two calls, a descriptor cannot.
type attrFile interface {
	Stat() (fs.FileInfo, error)
	Chown(uid, gid int) error
	Chmod(mode fs.FileMode) error
	Close() error
}

// wfile is a file open for writing.
type wfile interface {
	attrFile
	Write(p []byte) (int, error)
	Sync() error
	GetXattr(attr string) ([]byte, error)
	SetXattr(attr string, value []byte) error
}

type osFS struct{}

func (osFS) CreateExcl(name string, perm fs.FileMode) (wfile, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, perm)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

func (osFS) OpenDir(name string) (attrFile, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
}

// osFile is an *os.File with its extended attributes read and set
// through the descriptor.
type osFile struct{ *os.File }

func (f osFile) SetXattr(attr string, value []byte) error {
	return wrapPath("fsetxattr", f.Name(), unix.Fsetxattr(int(f.Fd()), attr, value, 0))
}

func (f osFile) GetXattr(attr string) ([]byte, error) {
	return readXattr(f.Name(), attr, func(buf []byte) (int, error) { return unix.Fgetxattr(int(f.Fd()), attr, buf) })
}

// ReadFile reads name without following a symbolic link at name, and
// without waiting on a FIFO put there.
func (osFS) ReadFile(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSized(f)
}

// readSized reads f to its end into a buffer sized from its length, as
// os.ReadFile does.
func readSized(f *os.File) ([]byte, error) {
	size := 512
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() < 1<<30 {
		size = max(size, int(info.Size())+1)
	}
	data := make([]byte, 0, size)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

func (osFS) ReadTrusted(dir, name string) ([]byte, error) { return readTrusted(dir, name) }
func (osFS) Lstat(name string) (fs.FileInfo, error)       { return os.Lstat(name) }
func (osFS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                     { return os.Remove(name) }
func (osFS) Mkdir(name string, perm fs.FileMode) error    { return os.Mkdir(name, perm) }
func (osFS) GetXattr(name, attr string) ([]byte, error)   { return getXattr(name, attr) }

func (osFS) ListXattr(name string) ([]string, error) {
	size := 256
	for {
		buf := make([]byte, size)
		n, err := unix.Llistxattr(name, buf)
		if errors.Is(err, unix.ERANGE) {
			size *= 4
			continue
		}
		if err != nil {
			return nil, wrapPath("listxattr", name, err)
		}
		return splitNul(buf[:n]), nil
	}
}

func (osFS) SyncDir(name string) error {
	d, err := os.Open(name)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func getXattr(name, attr string) ([]byte, error) {
	return readXattr(name, attr, func(buf []byte) (int, error) { return unix.Lgetxattr(name, attr, buf) })
}

// readXattr reads an extended attribute with get, growing the buffer
// until it fits.
func readXattr(name, attr string, get func([]byte) (int, error)) ([]byte, error) {
	size := 256
	for {
		buf := make([]byte, size)
		n, err := get(buf)
		if errors.Is(err, unix.ERANGE) {
			size *= 4
			continue
		}
		if err != nil {
			return nil, wrapPath("getxattr "+attr, name, err)
		}
		return buf[:n], nil
	}
}

func wrapPath(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

func splitNul(b []byte) []string {
	var names []string
	start := 0
	for i, c := range b {
		if c == 0 {
			if i > start {
				names = append(names, string(b[start:i]))
			}
			start = i + 1
		}
	}
	return names
}

// xattrUnsupported reports whether err says the file system keeps no
// extended attributes.
func xattrUnsupported(err error) bool {
	return errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EOPNOTSUPP)
}
