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

// inode is the identity of a file: device and inode number.
type inode struct{ dev, ino uint64 }

func inodeOf(info fs.FileInfo) inode {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return inode{uint64(st.Dev), st.Ino}
	}
	return inode{}
}

// writeSynced creates path (which must not exist) with data and attrs and
// syncs it, and returns the identity of the file it made. On error it
// removes what it created.
func writeSynced(fsys fsys, path string, data []byte, a attrs) (inode, error) {
	f, err := fsys.CreateExcl(path, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return inode{}, &fs.PathError{Op: "create", Path: path, Err: errors.New("a temporary file from an interrupted run is in the way; run the recovery")}
	}
	if err != nil {
		return inode{}, err
	}
	err = fillSynced(f, data, a)
	var id inode
	if err == nil {
		var info fs.FileInfo
		if info, err = f.Stat(); err == nil {
			id = inodeOf(info)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = fsys.Remove(path)
	}
	return id, err
}

// renameOver renames the temporary file tmp, which writeSynced made as
// the file id, over path. Whoever may write the folder could have put
// something else under tmp's name meanwhile: that is refused, matching
// [ErrChanged].
func renameOver(fsys fsys, tmp, path string, id inode) error {
	info, err := fsys.Lstat(tmp)
	if err != nil {
		return err
	}
	if inodeOf(info) != id {
		return &fs.PathError{Op: "rename", Path: tmp, Err: fmt.Errorf(
			"%w: the temporary file was replaced by someone else (a %v now); not renamed into place", ErrChanged, info.Mode().Type())}
	}
	return fsys.Rename(tmp, path)
}

// fillSynced writes the content, then the owner (chown clears setuid and
// setgid, so it comes before chmod), the mode (explicitly, so the umask
// does not matter), the extended attributes, and syncs. Every one goes
// through the descriptor: the name may lead elsewhere by now (whoever
// may write the folder can put a symbolic link in its place).
func fillSynced(f wfile, data []byte, a attrs) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := keepOwner(f, a.uid, a.gid); err != nil {
		return err
	}
	if err := f.Chmod(a.mode); err != nil {
		return err
	}
	if err := setXattrs(f, a.xattrs); err != nil {
		return err
	}
	return f.Sync()
}

// keepOwner gives the open file f the owner uid:gid (-1 leaves one as it
// is) unless it has it already: a user who may not chown still rewrites
// files whose owner the new file gets anyway.
func keepOwner(f attrFile, uid, gid int) error {
	if uid < 0 && gid < 0 {
		return nil
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	hasUID, hasGID := owner(info)
	if (uid < 0 || uid == hasUID) && (gid < 0 || gid == hasGID) {
		return nil
	}
	if err := f.Chown(uid, gid); err != nil {
		return fmt.Errorf("cannot keep the owner %d:%d: %w", uid, gid, err)
	}
	return nil
}

// setXattrs sets the extended attributes of the open file f, skipping a
// security label it already carries (setting it may need privileges).
func setXattrs(f wfile, xs []xattr) error {
	for _, x := range xs {
		if strings.HasPrefix(x.name, "security.") {
			if cur, err := f.GetXattr(x.name); err == nil && bytes.Equal(cur, x.value) {
				continue
			}
		}
		if err := f.SetXattr(x.name, x.value); err != nil {
			return err
		}
	}
	return nil
}

// setDirAttrs gives the folder path, just created, its owner (-1 leaves
// one as it is) and then its mode, through a descriptor opened without
// following a symbolic link at path.
func setDirAttrs(fsys fsys, path string, mode fs.FileMode, uid, gid int) error {
	d, err := fsys.OpenDir(path)
	if err != nil {
		return err
	}
	if uid >= 0 || gid >= 0 {
		err = d.Chown(uid, gid)
	}
	if err == nil {
		err = d.Chmod(mode&modeBits | fs.ModeDir)
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// replace puts data at path through its temporary file: write beside,
// sync, rename over.
func replace(fsys fsys, path string, data []byte, a attrs) error {
	tmp := tempPath(path)
	id, err := writeSynced(fsys, tmp, data, a)
	if err != nil {
		return err
	}
	if err := renameOver(fsys, tmp, path, id); err != nil {
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
