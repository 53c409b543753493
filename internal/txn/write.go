package txn

import (
	"errors"
	"io/fs"
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
	if a.uid >= 0 || a.gid >= 0 {
		if err := fsys.Lchown(path, a.uid, a.gid); err != nil {
			return err
		}
	}
	if err := fsys.Chmod(path, a.mode); err != nil {
		return err
	}
	for _, x := range a.xattrs {
		if err := fsys.SetXattr(path, x.name, x.value); err != nil {
			return err
		}
	}
	return f.Sync()
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

func removeIfExists(fsys fsys, path string) error {
	if err := fsys.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
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
