package txn

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/momoconf/momoconf/codes"

	"golang.org/x/sys/unix"
)

// ErrUntrusted means a file read back from disk (a journal, a commit
// record, a history record) could have been written or replaced by
// another account, or does not belong where it was found; nothing was
// done with it. The error names the file and its owner.
var ErrUntrusted error = codes.Untrusted

// UntrustedError says why a file read back from disk is refused.
type UntrustedError struct {
	Path   string // the file, or its folder when the folder is at fault
	UID    int    // the owner of Path; -1 when unknown
	Reason string // "writable by group or others (mode 0664)", ...
}

// Error reads "PATH (owner uid N): not trusted: REASON; nothing was done
// with it".
func (e *UntrustedError) Error() string {
	owner := ""
	if e.UID >= 0 {
		owner = fmt.Sprintf(" (owner uid %d)", e.UID)
	}
	return fmt.Sprintf("%s%s: %v: %s; nothing was done with it", e.Path, owner, ErrUntrusted, e.Reason)
}

// Is makes errors.Is(err, ErrUntrusted) true.
func (e *UntrustedError) Is(target error) bool { return target == ErrUntrusted }

// OpenTrusted opens dir/name for reading without following a symbolic
// link at name, and refuses it (an error matching [ErrUntrusted], naming
// the file and its owner's uid) unless it is a regular file, owned by the
// effective user or by root, not writable by group or others, in a folder
// that others may not write to unless the folder has the sticky bit. A
// missing file is an error matching [fs.ErrNotExist]. name must be a
// single path element.
func OpenTrusted(dir, name string) (*os.File, error) {
	d, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(d)
	return openTrustedAt(d, dir, name)
}

// openTrustedAt is OpenTrusted in the folder open at dirfd, named dir in
// messages.
func openTrustedAt(dirfd int, dir, name string) (*os.File, error) {
	path := filepath.Join(dir, name)
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, '/') {
		return nil, &UntrustedError{Path: path, UID: -1, Reason: "not a plain file name"}
	}
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	switch {
	case errors.Is(err, unix.ELOOP):
		return nil, &UntrustedError{Path: path, UID: lstatUID(dirfd, name), Reason: "a symbolic link"}
	case err != nil:
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	if err := checkTrusted(dirfd, dir, fd, path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkTrusted checks the folder, then the file open at fd.
func checkTrusted(dirfd int, dir string, fd int, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(dirfd, &st); err != nil {
		return &fs.PathError{Op: "stat", Path: dir, Err: err}
	}
	if st.Mode&0o002 != 0 && st.Mode&unix.S_ISVTX == 0 {
		return &UntrustedError{Path: dir, UID: int(st.Uid), Reason: fmt.Sprintf(
			"the folder is writable by others without the sticky bit (mode %04o): anyone can put a file there", st.Mode&0o7777)}
	}
	if err := unix.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return &UntrustedError{Path: path, UID: int(st.Uid), Reason: "not a regular file"}
	}
	return ownerModeFault(path, &st)
}

// ownerModeFault says why an entry with status st is not trusted for its
// owner or mode: owned by neither the effective user nor root, or
// writable by group or others. It returns nil when both hold.
func ownerModeFault(path string, st *unix.Stat_t) error {
	euid := os.Geteuid()
	switch {
	case int(st.Uid) != euid && st.Uid != 0:
		want := "root"
		if euid != 0 {
			want = fmt.Sprintf("uid %d or root", euid)
		}
		return &UntrustedError{Path: path, UID: int(st.Uid), Reason: "owned by another account (expected " + want + ")"}
	case st.Mode&0o022 != 0:
		return &UntrustedError{Path: path, UID: int(st.Uid), Reason: fmt.Sprintf(
			"writable by group or others (mode %04o)", st.Mode&0o7777)}
	}
	return nil
}

func lstatUID(dirfd int, name string) int {
	var st unix.Stat_t
	if unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
		return -1
	}
	return int(st.Uid)
}

// checkFolderTrusted refuses a folder that others may write to without
// the sticky bit: a journal written there would not be trusted when read
// back, so nothing is started there.
func checkFolderTrusted(dir string) error {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return &fs.PathError{Op: "stat", Path: dir, Err: err}
	}
	if st.Mode&0o002 != 0 && st.Mode&unix.S_ISVTX == 0 {
		return &UntrustedError{Path: dir, UID: int(st.Uid), Reason: fmt.Sprintf(
			"the folder is writable by others without the sticky bit (mode %04o): a journal kept there could be replaced by anyone; remove the others' write bit or set the sticky bit", st.Mode&0o7777)}
	}
	return nil
}

// readTrusted reads dir/name through OpenTrusted. name may also be a file
// of momoconf's state folder, ".momoconf/NAME": the folder is then opened
// through openStateFolder, and the file under the rules of OpenTrusted.
func readTrusted(dir, name string) ([]byte, error) {
	f, err := openTrustedIn(dir, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxJournal+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxJournal {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", f.Name(), ErrCorruptJournal, maxJournal)
	}
	return data, nil
}

// openTrustedIn is OpenTrusted for a plain name, or for a name in the
// state folder, ".momoconf/NAME".
func openTrustedIn(dir, name string) (*os.File, error) {
	sub, base, ok := strings.Cut(name, "/")
	if !ok {
		return OpenTrusted(dir, name)
	}
	if sub != stateDirName {
		return nil, &UntrustedError{Path: filepath.Join(dir, name), UID: -1, Reason: "not a plain file name"}
	}
	d, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(d)
	s, err := openStateFolder(d, dir)
	if err != nil {
		return nil, err
	}
	defer unix.Close(s)
	return openTrustedAt(s, filepath.Join(dir, sub), base)
}

// openStateFolder opens .momoconf in the folder open at dirfd (named dir
// in messages) without following a symbolic link, and refuses it (an
// error matching [ErrUntrusted], naming it and its owner) unless it is a
// folder owned by the effective user or by root and not writable by
// group or others, in a folder that others may not write to unless it has
// the sticky bit. A missing folder is an error matching [fs.ErrNotExist].
// The caller closes the descriptor.
func openStateFolder(dirfd int, dir string) (int, error) {
	path := filepath.Join(dir, stateDirName)
	var st unix.Stat_t
	if err := unix.Fstat(dirfd, &st); err != nil {
		return -1, &fs.PathError{Op: "stat", Path: dir, Err: err}
	}
	if st.Mode&0o002 != 0 && st.Mode&unix.S_ISVTX == 0 {
		return -1, &UntrustedError{Path: dir, UID: int(st.Uid), Reason: fmt.Sprintf(
			"the folder is writable by others without the sticky bit (mode %04o): anyone can put a file there", st.Mode&0o7777)}
	}
	fd, err := unix.Openat(dirfd, stateDirName, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if err := stateFolderFault(path, &st); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// stateFolderFault says why the state folder with status st is not
// trusted, or returns nil.
func stateFolderFault(path string, st *unix.Stat_t) error {
	switch {
	case st.Mode&unix.S_IFMT == unix.S_IFLNK:
		return &UntrustedError{Path: path, UID: int(st.Uid), Reason: "a symbolic link (momoconf's state folder must be a folder)"}
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return &UntrustedError{Path: path, UID: int(st.Uid), Reason: "not a folder"}
	}
	return ownerModeFault(path, st)
}

// maxJournal bounds what is read of a journal or record: a change's old
// contents are config files, a few megabytes at most for 250 trees.
const maxJournal = 1 << 30
