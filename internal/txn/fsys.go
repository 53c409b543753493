package txn

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// fsys is every file-system call a transaction makes, so that tests can
// fail or "crash" at any one of them. osFS is the real thing.
type fsys interface {
	// CreateExcl creates name, which must not exist, for writing.
	CreateExcl(name string, perm fs.FileMode) (wfile, error)
	ReadFile(name string) ([]byte, error)
	Lstat(name string) (fs.FileInfo, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	Mkdir(name string, perm fs.FileMode) error
	Chmod(name string, mode fs.FileMode) error
	Lchown(name string, uid, gid int) error
	ListXattr(name string) ([]string, error)
	GetXattr(name, attr string) ([]byte, error)
	SetXattr(name, attr string, value []byte) error
	// SyncDir makes the entries of the folder durable.
	SyncDir(name string) error
	// ReadTrusted reads dir/name under the rules of OpenTrusted.
	ReadTrusted(dir, name string) ([]byte, error)
}

// wfile is a file open for writing.
type wfile interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

type osFS struct{}

func (osFS) CreateExcl(name string, perm fs.FileMode) (wfile, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, perm)
}

func (osFS) ReadFile(name string) ([]byte, error)         { return os.ReadFile(name) }
func (osFS) ReadTrusted(dir, name string) ([]byte, error) { return readTrusted(dir, name) }
func (osFS) Lstat(name string) (fs.FileInfo, error)       { return os.Lstat(name) }
func (osFS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                     { return os.Remove(name) }
func (osFS) Mkdir(name string, perm fs.FileMode) error    { return os.Mkdir(name, perm) }
func (osFS) Chmod(name string, mode fs.FileMode) error    { return os.Chmod(name, mode) }
func (osFS) Lchown(name string, uid, gid int) error       { return os.Lchown(name, uid, gid) }
func (osFS) GetXattr(name, attr string) ([]byte, error)   { return getXattr(name, attr) }
func (osFS) SetXattr(name, attr string, value []byte) error {
	return wrapPath("setxattr", name, unix.Lsetxattr(name, attr, value, 0))
}

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
	size := 256
	for {
		buf := make([]byte, size)
		n, err := unix.Lgetxattr(name, attr, buf)
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
