package txn

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// An apply names its files by path, but must not be led elsewhere by a
// folder on the way that someone who may write its parent swaps for a
// symbolic link (renameat2 RENAME_EXCHANGE makes that atomic) while the
// change runs. So each folder whose entries the change touches is opened
// once, below its anchor, following no symbolic link (openBeneath), and
// held open until the change ends; every entry is then named through
// /proc/self/fd, as a recovery names a journal's paths. A folder swapped
// for a link after that is not followed; one swapped before is refused
// (ErrChanged, or ErrNotLocked when it leads out of the locked folders).
//
// The anchor of a folder is the journal's folder when the folder lies
// below it, else the highest folder above it that the lock holds (a host
// tree reached through a link the operator made is locked, and named by
// the caller, under its real path). The anchor is opened by its path and
// must be the very folder the lock holds, by device and inode.

// runFolders holds open the folders of one apply, prepare or rollback.
type runFolders struct {
	lock    *Lock
	journal string
	anchors map[string]int // anchor path -> descriptor
	open    map[string]int // folder path -> descriptor
}

func newRunFolders(lock *Lock, journalDir string) *runFolders {
	return &runFolders{lock: lock, journal: journalDir, anchors: map[string]int{}, open: map[string]int{}}
}

// entry is the path through which the entry path (absolute and clean) is
// reached safely: /proc/self/fd/N/NAME, N its folder held open. A folder
// on the way that is missing gives an error matching fs.ErrNotExist.
func (r *runFolders) entry(path string) (string, error) {
	fd, err := r.folder(filepath.Dir(path))
	if err != nil {
		return "", err
	}
	return fdPath(fd, filepath.Base(path)), nil
}

// dirPath is the path through which the folder dir itself is reached
// safely, for syncing it.
func (r *runFolders) dirPath(dir string) (string, error) {
	fd, err := r.folder(dir)
	if err != nil {
		return "", err
	}
	return fdPath(fd, ""), nil
}

// folder opens dir below its anchor, once; a failure is not kept, so a
// folder the change creates is found once it is made.
func (r *runFolders) folder(dir string) (int, error) {
	if fd, ok := r.open[dir]; ok {
		return fd, nil
	}
	anchor, err := r.anchorOf(dir)
	if err != nil {
		return -1, err
	}
	afd, err := r.openAnchor(anchor)
	if err != nil {
		return -1, err
	}
	rel, err := filepath.Rel(anchor, dir)
	if err != nil {
		return -1, err
	}
	fd, err := openBeneath(afd, rel)
	switch {
	case errors.Is(err, unix.ENOENT):
		return -1, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrNotExist}
	case err != nil && escaped(err):
		return -1, fmt.Errorf("%s: %w: a folder on the way from %s is a symbolic link or not a folder now (%w); it was replaced since the change was planned",
			dir, ErrChanged, anchor, err)
	case err != nil:
		return -1, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	r.open[dir] = fd
	return fd, nil
}

// anchorOf is the folder dir is resolved below: the journal's folder, or
// the highest folder above dir that the lock holds.
func (r *runFolders) anchorOf(dir string) (string, error) {
	if dir == r.journal || strings.HasPrefix(dir, r.journal+"/") || r.journal == "/" {
		return r.journal, nil
	}
	anchor := ""
	for p := dir; ; p = filepath.Dir(p) {
		if r.lock.Holds(p) {
			anchor = p
		}
		if p == "/" {
			break
		}
	}
	if anchor == "" {
		return "", fmt.Errorf("%s: %w (no folder above it is locked)", dir, ErrNotLocked)
	}
	return anchor, nil
}

// openAnchor opens the anchor folder, once, and checks that it is the
// folder the lock holds.
func (r *runFolders) openAnchor(path string) (int, error) {
	if fd, ok := r.anchors[path]; ok {
		return fd, nil
	}
	fd, err := unix.Open(path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	id, err := folderID(fd)
	if err != nil || !r.lock.holdsID(id) {
		unix.Close(fd)
		return -1, fmt.Errorf("%s: %w: not the folder locked (it was replaced since)", path, ErrChanged)
	}
	r.anchors[path] = fd
	return fd, nil
}

// forget closes the folder dir, which the change removed, and those
// below it: a folder made again in its place is opened anew.
func (r *runFolders) forget(dir string) {
	for p, fd := range r.open {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			unix.Close(fd)
			delete(r.open, p)
		}
	}
}

// close releases every folder held.
func (r *runFolders) close() {
	for _, fd := range r.open {
		unix.Close(fd)
	}
	for _, fd := range r.anchors {
		unix.Close(fd)
	}
	clear(r.open)
	clear(r.anchors)
}
