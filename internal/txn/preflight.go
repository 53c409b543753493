package txn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// target is a File as found by preflight.
type target struct {
	*File
	attrs attrs // what the new content (and, on rollback, the old) carries
	tmp   inode // its temporary file, once written
}

type xattr struct {
	name  string
	value []byte
}

// preflight checks, writing nothing, that the change can start: the lock
// holds every folder, no journal is pending, every folder to create is
// missing while its parent exists, every file to create is missing, and
// every file to rewrite is a writable regular file with one link that
// still holds Old.
func (a *applier) preflight() error {
	for _, d := range a.tx.LockDirs() {
		if !a.lock.Holds(d) {
			return fmt.Errorf("%s: %w (lock it before applying)", d, ErrNotLocked)
		}
	}
	if err := a.checkNoJournal(); err != nil {
		return err
	}
	for i := range a.tx.Dirs {
		if err := a.checkMissing(a.tx.Dirs[i].Path, a.tx.Dirs[i].name()); err != nil {
			return err
		}
	}
	for i := range a.tx.Files {
		t, err := a.inspect(&a.tx.Files[i])
		if err != nil {
			return err
		}
		a.targets = append(a.targets, t)
	}
	if err := a.inspectRemoveDirs(); err != nil {
		return err
	}
	return a.inspectRecord()
}

// checkNoJournal refuses to start while a journal waits in the journal's
// folder: a prepared change ([ErrPrepared]) or an unfinished one
// ([ErrPending]). It refuses a folder where a journal would not be
// trusted, too.
func (a *applier) checkNoJournal() error {
	if err := checkFolderTrusted(a.tx.JournalDir); err != nil {
		return err
	}
	jpath := journalPath(a.tx.JournalDir)
	_, err := a.fs.Lstat(jpath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return stepErr(jpath, "check for a pending journal", err)
	}
	if j, err := readJournal(a.fs, a.tx.JournalDir); err == nil && j.State == statePrepared {
		return preparedError(j, jpath)
	}
	return fmt.Errorf("%s: %w", jpath, ErrPending)
}

// inspectRecord reads the commit record and plans its rewrite, the last
// file of the change, and the creation of the state folder when it is
// missing. An old .momoconf-commit is read when .momoconf/commit is
// missing; either way the new record goes to .momoconf/commit, and an old
// one is removed after the commit point.
func (a *applier) inspectRecord() error {
	if a.tx.noJournal {
		return nil
	}
	rec, old, found, err := readRecord(a.fs, a.tx.JournalDir)
	if err != nil {
		return err
	}
	a.record = rec
	if err := a.planStateDir(); err != nil {
		return err
	}
	next := record{Seq: rec.Seq + 1, ID: a.id, TxID: a.txid}
	f := &File{Path: filepath.Join(a.tx.JournalDir, recordName), Display: recordName, New: next.encode()}
	if found != recordName {
		a.dropLegacy = found == legacyRecordName
		f.Create, f.Mode, f.UID, f.GID = true, recordMode, -1, -1
		if err := a.checkMissing(f.Path, f.Display); err != nil {
			return err
		}
		a.recordT = &target{File: f, attrs: attrs{mode: f.Mode, uid: -1, gid: -1}}
		return nil
	}
	legacy := filepath.Join(a.tx.JournalDir, legacyRecordName)
	switch _, err := a.lstat(legacy); {
	case err == nil:
		a.dropLegacy = true // left over: .momoconf/commit is the record
	case !errors.Is(err, fs.ErrNotExist):
		return stepErr(legacyRecordName, "check", err)
	}
	f.Old = old
	t, err := a.inspect(f)
	if err != nil {
		return err
	}
	a.recordT = t
	return nil
}

// planStateDir makes the change create the state folder, .momoconf, when
// it is missing: first of the folders, mode 0700, owned by the effective
// user, whatever the caller asked for it. readRecord has refused a state
// folder that is there but not trusted. a.tx becomes a copy; the caller's
// Tx is not changed.
func (a *applier) planStateDir() error {
	sd := stateDir(a.tx.JournalDir)
	tx := *a.tx
	if i := slices.IndexFunc(tx.Dirs, func(d Dir) bool { return d.Path == sd.Path }); i >= 0 {
		sd.Display = tx.Dirs[i].name()
		tx.Dirs = slices.Clone(tx.Dirs)
		tx.Dirs[i] = sd // preflight found it missing
		a.tx = &tx
		return nil
	}
	_, err := a.lstat(sd.Path)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return stepErr(sd.name(), "check", err)
	}
	tx.Dirs = append([]Dir{sd}, tx.Dirs...)
	a.tx = &tx
	return nil
}

func (a *applier) checkMissing(path, name string) error {
	_, err := a.lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("%s: exists now; it did not when the change was planned: %w", name, ErrChanged)
	case !errors.Is(err, fs.ErrNotExist):
		return stepErr(name, "check", err)
	}
	return nil
}

func (a *applier) inspect(f *File) (*target, error) {
	if f.Create {
		if err := a.checkMissing(f.Path, f.name()); err != nil {
			return nil, err
		}
		return &target{File: f, attrs: attrs{mode: f.Mode & modeBits, uid: f.UID, gid: f.GID}}, nil
	}
	p, err := a.dirs.entry(f.Path)
	if err != nil {
		return nil, stepErr(f.name(), "check", err)
	}
	info, err := a.fs.Lstat(p)
	if err != nil {
		return nil, stepErr(f.name(), "check", err)
	}
	if err := checkReplaceable(f.name(), info); err != nil {
		return nil, err
	}
	cur, err := a.fs.ReadFile(p)
	if err != nil {
		return nil, stepErr(f.name(), "read", err)
	}
	if !bytes.Equal(cur, f.Old) {
		return nil, fmt.Errorf("%s: %w; plan again", f.name(), ErrChanged)
	}
	xs, err := readXattrs(a.fs, p)
	if err != nil {
		return nil, stepErr(f.name(), "read extended attributes", err)
	}
	uid, gid := owner(info)
	return &target{File: f, attrs: attrs{mode: info.Mode() & modeBits, uid: uid, gid: gid, xattrs: xs}}, nil
}

// lstat describes path, reached through its folder held open.
func (a *applier) lstat(path string) (fs.FileInfo, error) {
	p, err := a.dirs.entry(path)
	if err != nil {
		return nil, err
	}
	return a.fs.Lstat(p)
}

func checkReplaceable(name string, info fs.FileInfo) error {
	switch {
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s: %w", name, ErrNotRegular)
	case nlink(info) > 1:
		return fmt.Errorf("%s: %w", name, ErrHardLinked)
	case info.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("%s: %w (mode %04o); make it writable to let momoconf edit it", name, ErrReadOnly, info.Mode().Perm())
	}
	return nil
}

// copiedXattr reports whether an extended attribute travels with a
// rewritten file: SELinux labels, POSIX ACLs and user attributes do;
// others (capabilities, trusted.*) are the system's to set.
func copiedXattr(name string) bool {
	switch name {
	case "security.selinux", "system.posix_acl_access", "system.posix_acl_default":
		return true
	}
	return strings.HasPrefix(name, "user.")
}

func readXattrs(fsys fsys, path string) ([]xattr, error) {
	names, err := fsys.ListXattr(path)
	if xattrUnsupported(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var xs []xattr
	for _, n := range names {
		if !copiedXattr(n) {
			continue
		}
		v, err := fsys.GetXattr(path, n)
		if err != nil {
			return nil, err
		}
		xs = append(xs, xattr{n, v})
	}
	return xs, nil
}

// tempPath is the temporary file beside path that receives its next
// content. The name is fixed, so a recovery finds it; the folder lock
// makes it ours.
func tempPath(path string) string {
	dir, base := filepath.Split(path)
	name := "." + base + ".momoconf-tmp"
	if len(name) > 255 {
		name = ".momoconf-tmp-" + shortHash([]byte(base))
	}
	return filepath.Join(dir, name)
}
