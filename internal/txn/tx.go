package txn

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// A Tx is a set of file changes applied all or nothing by [Tx.Apply].
type Tx struct {
	// JournalDir is the folder that receives the journal while the change
	// is under way. It must exist and be locked; [Recover] looks there.
	JournalDir string
	// Dirs are folders to create, parents before children.
	Dirs []Dir
	// Files are the files to rewrite, create or remove.
	Files []File
	// RemoveDirs are folders to remove once the files are done, children
	// before parents; each must then be empty. A rollback or [Recover]
	// creates them again with the mode and owner they had.
	RemoveDirs []Dir

	fs        fsys // nil: the real file system
	noJournal bool // benchmarks only: measure the journal's cost
}

// A File is one file to rewrite or create.
type File struct {
	// Path is the absolute, clean path of the target. The caller resolves
	// symlinks: a symlink at Path, or at any folder on the way below the
	// journal's folder (or below the highest locked folder above Path), is
	// refused.
	Path string
	// Display is how messages name the file (a path relative to the tree,
	// say). Path is used when empty.
	Display string
	// Old is the content the change was planned from; the target must
	// still hold it, byte for byte, when it is replaced. Ignored if Create.
	Old []byte
	// New is the content to write.
	New []byte
	// Create says the file must not exist yet.
	Create bool
	// Remove says the change removes the file, which must hold Old; New
	// is ignored. A rollback or [Recover] puts it back with Old and the
	// mode and owner it had.
	Remove bool
	// Mode is the mode of a created file, permission bits plus
	// fs.ModeSetuid, fs.ModeSetgid and fs.ModeSticky; the umask does not
	// apply. A rewritten file keeps its own mode, owner and extended
	// attributes, and these fields are ignored.
	Mode fs.FileMode
	// UID and GID own a created file; -1 keeps the process's own (and, in
	// a setgid folder, the folder's group). Beware that the zero value 0
	// means root: use -1, or [FileLike].
	UID, GID int
	// Volatile marks a created file whose content may differ when the
	// same change is prepared again (a history record stamped with the
	// time of the run): [Tx.Prepare] recognises the same change by this
	// file's path alone, and keeps the content staged first.
	Volatile bool
}

// A Dir is a folder to create.
type Dir struct {
	Path    string // absolute and clean
	Display string // how messages name it; Path when empty
	// Mode is the folder's mode, permission bits plus setgid and sticky;
	// the umask does not apply.
	Mode     fs.FileMode
	UID, GID int // owner; -1 keeps the process's own (0 is root)
}

// DirLike returns a Dir for path with the mode and owner of the existing
// folder template, the usual way to make a new folder look like its
// siblings. A template that is a symbolic link gives the mode and owner
// of the folder it leads to, never the link's own (lrwxrwxrwx): the new
// folder is never more permissive than its source.
func DirLike(path, display, template string) (Dir, error) {
	info, err := os.Stat(template)
	if err != nil {
		return Dir{}, err
	}
	if !info.IsDir() {
		return Dir{}, fmt.Errorf("%s: %w (a folder to copy the mode of)", template, syscall.ENOTDIR)
	}
	uid, gid := owner(info)
	return Dir{Path: path, Display: display, Mode: info.Mode() & modeBits, UID: uid, GID: gid}, nil
}

// FileLike returns a File that creates path with content data and the
// mode and owner of the existing file template, the usual way to make a
// new file look like its neighbours.
func FileLike(path, display, template string, data []byte) (File, error) {
	info, err := osFS{}.Lstat(template)
	if err != nil {
		return File{}, err
	}
	uid, gid := owner(info)
	return File{Path: path, Display: display, New: data, Create: true, Mode: info.Mode() & modeBits, UID: uid, GID: gid}, nil
}

// modeBits are the mode bits a rewrite keeps.
const modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

func owner(info fs.FileInfo) (uid, gid int) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), int(st.Gid)
	}
	return -1, -1
}

func nlink(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

func (f *File) name() string {
	if f.Display != "" {
		return f.Display
	}
	return f.Path
}

func (d *Dir) name() string {
	if d.Display != "" {
		return d.Display
	}
	return d.Path
}

// LockDirs returns the folders a [Lock] must hold for Apply: the journal
// folder, the folder of every file, and, for a folder to create, the
// nearest ancestor that is not itself created by the change.
func (tx *Tx) LockDirs() []string {
	created := map[string]bool{}
	for _, d := range tx.Dirs {
		created[d.Path] = true
	}
	existing := func(p string) string {
		for created[p] {
			p = filepath.Dir(p)
		}
		return p
	}
	dirs := []string{tx.JournalDir}
	for _, d := range tx.Dirs {
		dirs = append(dirs, existing(filepath.Dir(d.Path)))
	}
	for _, f := range tx.Files {
		dirs = append(dirs, existing(filepath.Dir(f.Path)))
	}
	for _, d := range tx.RemoveDirs {
		dirs = append(dirs, filepath.Dir(d.Path))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// validate checks the shape of the Tx, before anything is read.
func (tx *Tx) validate() error {
	if tx.JournalDir != "/" && !isAbsClean(tx.JournalDir) {
		return fmt.Errorf("journal folder %q: %w (expected an absolute, clean path)", tx.JournalDir, ErrInvalid)
	}
	seen := map[string]bool{}
	for _, d := range tx.Dirs {
		if !isAbsClean(d.Path) || seen[d.Path] {
			return fmt.Errorf("%s: %w (expected an absolute, clean path, listed once)", d.name(), ErrInvalid)
		}
		seen[d.Path] = true
	}
	if err := tx.checkDirOrder(); err != nil {
		return err
	}
	for _, f := range tx.Files {
		if !isAbsClean(f.Path) || seen[f.Path] {
			return fmt.Errorf("%s: %w (expected an absolute, clean path, listed once)", f.name(), ErrInvalid)
		}
		seen[f.Path] = true
		if f.Create && f.Remove {
			return fmt.Errorf("%s: %w (a file both created and removed)", f.name(), ErrInvalid)
		}
		if f.Create && f.Mode.Perm() == 0 {
			return fmt.Errorf("%s: %w (a file to create needs a mode)", f.name(), ErrInvalid)
		}
	}
	if err := tx.validateRemoveDirs(seen); err != nil {
		return err
	}
	for _, d := range tx.Dirs {
		if d.Mode.Perm() == 0 {
			return fmt.Errorf("%s: %w (a folder to create needs a mode)", d.name(), ErrInvalid)
		}
	}
	return nil
}

// checkDirOrder makes sure no folder to create comes after a child of it.
func (tx *Tx) checkDirOrder() error {
	done := map[string]bool{}
	for _, d := range tx.Dirs {
		for p := filepath.Dir(d.Path); p != filepath.Dir(p); p = filepath.Dir(p) {
			if !done[p] && slices.ContainsFunc(tx.Dirs, func(o Dir) bool { return o.Path == p }) {
				return fmt.Errorf("%s: %w (expected after its parent %s)", d.name(), ErrInvalid, p)
			}
		}
		done[d.Path] = true
	}
	return nil
}

func isAbsClean(p string) bool {
	return p != "" && filepath.IsAbs(p) && filepath.Clean(p) == p && p != "/"
}
