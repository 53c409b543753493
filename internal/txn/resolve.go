package txn

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// A journal's paths are data from disk: each is relative to a folder the
// journal names by identity, and is resolved under it without following
// any symbolic link and without "..", as openat2(2) does with
// RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS (or, on a kernel without it, one
// component at a time with O_NOFOLLOW). The folder reached is held open,
// and its entries are then named through /proc/self/fd, so that nothing
// swapped in later on the way (a symbolic link, a renamed folder) can
// lead an operation elsewhere.

// isLocalPath reports whether p is a relative, clean path below its
// folder: no "..", not absolute, not ".".
func isLocalPath(p string) bool {
	return p != "" && p != "." && filepath.IsLocal(p) && filepath.Clean(p) == p
}

// openBeneath opens the folder rel ("." for root itself) under the
// folder open at root, following no symbolic link, for use as a base of
// *at calls and /proc/self/fd paths. The caller closes it.
func openBeneath(root int, rel string) (int, error) {
	if rel == "." {
		return unix.Openat(root, ".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	}
	if !isLocalPath(rel) {
		return -1, fmt.Errorf("%q: not a relative path below its folder", rel)
	}
	how := &unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	fd, err := unix.Openat2(root, rel, how)
	if !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EPERM) {
		return fd, err
	}
	return walkBeneath(root, rel)
}

// walkBeneath is openBeneath one component at a time.
func walkBeneath(root int, rel string) (int, error) {
	fd, err := unix.Openat(root, ".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	for _, name := range strings.Split(rel, "/") {
		next, err := unix.Openat(fd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if err != nil {
			return -1, err
		}
		fd = next
	}
	return fd, nil
}

// fdPath names the entry name of the folder open at fd ("" for the
// folder itself) through /proc/self/fd.
func fdPath(fd int, name string) string {
	p := "/proc/self/fd/" + strconv.Itoa(fd)
	if name != "" {
		p += "/" + name
	}
	return p
}

// folderID returns the identity of the folder open at fd.
func folderID(fd int) (dirID, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return dirID{}, err
	}
	return dirID{uint64(st.Dev), st.Ino}, nil
}

// escaped reports whether err says a path went through a symbolic link
// or out of its folder.
func escaped(err error) bool {
	return errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EXDEV) || errors.Is(err, unix.ENOTDIR)
}

// resolved holds the folders of a journal open, resolved safely: its
// roots by identity, and the folder of each path below them.
type resolved struct {
	roots   []int // by root index; -1 when the root is gone
	folders map[journalDir]folderFD
}

type folderFD struct {
	fd  int
	err error
}

// resolveJournal opens the folders of j: root 0 is dir, the journal's
// folder; every other root must be the folder the journal recorded (same
// device and inode), and the folder of each path is opened below its
// root. Then lock is extended to every folder found.
func resolveJournal(ctx context.Context, lock *Lock, dir string, j *journal) (*resolved, error) {
	rs := &resolved{folders: map[journalDir]folderFD{}}
	all := append([]journalRoot{{Path: dir, Dev: j.Folder.Dev, Ino: j.Folder.Ino}}, j.Roots...)
	for i, r := range all {
		fd, err := unix.Open(r.Path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if errors.Is(err, unix.ENOENT) && i > 0 {
			rs.roots = append(rs.roots, -1)
			continue
		}
		if err != nil {
			rs.close()
			return nil, &fs.PathError{Op: "open", Path: r.Path, Err: err}
		}
		rs.roots = append(rs.roots, fd)
		if id, err := folderID(fd); err != nil || id != (dirID{r.Dev, r.Ino}) {
			rs.close()
			return nil, &UntrustedError{Path: journalPath(dir), UID: -1, Reason: fmt.Sprintf(
				"the folder %s is not the one it names (another folder was put in its place)", r.Path)}
		}
	}
	var locks []string
	add := func(root int, rel string) {
		if f := rs.folder(root, filepath.Dir(rel)); f.err == nil {
			locks = append(locks, fdPath(f.fd, ""))
		}
	}
	for _, f := range j.Files {
		add(f.Root, f.Path)
	}
	for _, d := range j.Dirs {
		add(d.Root, d.Path)
	}
	if err := lock.Extend(ctx, locks); err != nil {
		rs.close()
		return nil, err
	}
	return rs, nil
}

// folder opens (once) the folder rel below root.
func (rs *resolved) folder(root int, rel string) folderFD {
	key := journalDir{Root: root, Path: rel}
	if f, ok := rs.folders[key]; ok {
		return f
	}
	f := folderFD{fd: -1}
	switch {
	case root < 0 || root >= len(rs.roots):
		f.err = fmt.Errorf("root %d: no such folder in the journal", root)
	case rs.roots[root] < 0:
		f.err = fs.ErrNotExist
	default:
		f.fd, f.err = openBeneath(rs.roots[root], rel)
		if errors.Is(f.err, unix.ENOENT) {
			f.err = fs.ErrNotExist
		} else if f.err != nil && escaped(f.err) {
			f.err = fmt.Errorf("reached through a symbolic link or not a folder: %w", f.err)
		}
	}
	rs.folders[key] = f
	return f
}

// entry returns the path through which the entry rel below root is
// reached safely: /proc/self/fd/N/NAME, N its folder held open. A folder
// on the way that is missing gives an error matching fs.ErrNotExist.
func (rs *resolved) entry(root int, rel string) (string, error) {
	f := rs.folder(root, filepath.Dir(rel))
	if f.err != nil {
		return "", f.err
	}
	return fdPath(f.fd, filepath.Base(rel)), nil
}

// syncAll syncs every folder found, in a stable order.
func (rs *resolved) syncAll(fsys fsys) []error {
	var errs []error
	keys := make([]journalDir, 0, len(rs.folders))
	for k, f := range rs.folders {
		if f.err == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b journalDir) int {
		return cmp.Or(cmp.Compare(a.Root, b.Root), cmp.Compare(a.Path, b.Path))
	})
	for _, k := range keys {
		if err := fsys.SyncDir(fdPath(rs.folders[k].fd, "")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, stepErr(k.Path, "sync folder", err))
		}
	}
	return errs
}

func (rs *resolved) close() {
	for _, f := range rs.folders {
		if f.err == nil {
			unix.Close(f.fd)
		}
	}
	for _, fd := range rs.roots {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}
