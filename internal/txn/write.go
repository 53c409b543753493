package txn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// attrs are what a file's replacement must carry besides its content.
type attrs struct {
	mode     fs.FileMode // permission, setuid, setgid and sticky bits
	uid, gid int         // -1: leave as created
	xattrs   []xattr
}

// writeSynced creates path (which must not exist) with data and attrs and
// syncs it. On error it removes what it created.
func writeSynced(fsys fsys, path string, data []byte, a attrs) error {
	f, err := fsys.CreateExcl(path, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return &fs.PathError{Op: "create", Path: path, Err: errors.New("a temporary file from an interrupted run is in the way; run the recovery")}
	}
	if err != nil {
		return err
	}
	err = fillSynced(fsys, f, path, data, a)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = fsys.Remove(path)
	}
	return err
}

// fillSynced writes the content, then the owner (chown clears setuid and
// setgid, so it comes before chmod), the mode (explicitly, so the umask
// does not matter), the extended attributes, and syncs.
func fillSynced(fsys fsys, f wfile, path string, data []byte, a attrs) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := keepOwner(fsys, path, a.uid, a.gid); err != nil {
		return err
	}
	if err := fsys.Chmod(path, a.mode); err != nil {
		return err
	}
	if err := setXattrs(fsys, path, a.xattrs); err != nil {
		return err
	}
	return f.Sync()
}

// keepOwner gives path the owner uid:gid (-1 leaves one as it is) unless
// it has it already: a user who may not chown still rewrites files whose
// owner the new file gets anyway.
func keepOwner(fsys fsys, path string, uid, gid int) error {
	if uid < 0 && gid < 0 {
		return nil
	}
	info, err := fsys.Lstat(path)
	if err != nil {
		return err
	}
	hasUID, hasGID := owner(info)
	if (uid < 0 || uid == hasUID) && (gid < 0 || gid == hasGID) {
		return nil
	}
	if err := fsys.Lchown(path, uid, gid); err != nil {
		return fmt.Errorf("cannot keep the owner %d:%d: %w", uid, gid, err)
	}
	return nil
}

// setXattrs sets the extended attributes, skipping a security label the
// new file already carries (setting it may need privileges).
func setXattrs(fsys fsys, path string, xs []xattr) error {
	for _, x := range xs {
		if strings.HasPrefix(x.name, "security.") {
			if cur, err := fsys.GetXattr(path, x.name); err == nil && bytes.Equal(cur, x.value) {
				continue
			}
		}
		if err := fsys.SetXattr(path, x.name, x.value); err != nil {
			return err
		}
	}
	return nil
}

// replace puts data at path through its temporary file: write beside,
// sync, rename over.
func replace(fsys fsys, path string, data []byte, a attrs) error {
	tmp := tempPath(path)
	if err := writeSynced(fsys, tmp, data, a); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, path); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	return nil
}

// removeIfExists removes path; a missing path is fine. ENOTDIR: a
// folder on the way is now a file, so path cannot exist. EROFS: a
// read-only file system says so even for a missing path.
func removeIfExists(fsys fsys, path string) error {
	err := fsys.Remove(path)
	switch {
	case err == nil, errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return nil
	case errors.Is(err, syscall.EROFS):
		if _, lerr := fsys.Lstat(path); errors.Is(lerr, fs.ErrNotExist) {
			return nil
		}
	}
	return err
}

// currentAttrs reads the attributes of an existing file, for a recovery
// that must write it again.
func currentAttrs(fsys fsys, path string) (attrs, error) {
	info, err := fsys.Lstat(path)
	if err != nil {
		return attrs{}, err
	}
	xs, err := readXattrs(fsys, path)
	if err != nil {
		return attrs{}, err
	}
	uid, gid := owner(info)
	return attrs{mode: info.Mode() & modeBits, uid: uid, gid: gid, xattrs: xs}, nil
}
