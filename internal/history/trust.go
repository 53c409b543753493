package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrUntrusted matches the error of a record, or a folder of records,
// that another account could have written: it is refused, not read.
var ErrUntrusted = errors.New("untrusted: another account could have written it")

// openTrusted opens dir/name for reading without following a link, and
// refuses it unless it is a regular file owned by the effective user or
// root and not writable by group or others, in a folder not writable by
// others without the sticky bit.
var openTrusted = func(dir, name string) (*os.File, error) {
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	p := filepath.Join(dir, name)
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s: a symbolic link: %w", p, ErrUntrusted)
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = trustedEntry(p, info, false)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkFolder refuses a folder of records that is a link, or that another
// account could write.
func checkFolder(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	return trustedEntry(dir, info, true)
}

// trustedEntry applies the owner and mode rules to one entry.
func trustedEntry(p string, info fs.FileInfo, folder bool) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%s: no owner known: %w", p, ErrUntrusted)
	}
	uid, perm := int(st.Uid), info.Mode().Perm()
	switch {
	case folder && !info.IsDir():
		return fmt.Errorf("%s: not a folder (a %v): %w", p, info.Mode().Type(), ErrUntrusted)
	case !folder && !info.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file (a %v): %w", p, info.Mode().Type(), ErrUntrusted)
	case uid != os.Geteuid() && uid != 0:
		return fmt.Errorf("%s: owned by uid %d, neither this user (uid %d) nor root: %w", p, uid, os.Geteuid(), ErrUntrusted)
	case folder && perm&0o002 != 0 && info.Mode()&fs.ModeSticky == 0:
		return fmt.Errorf("%s: writable by others (mode %04o) without the sticky bit: %w", p, perm, ErrUntrusted)
	case !folder && perm&0o022 != 0:
		return fmt.Errorf("%s: writable by group or others (mode %04o): %w", p, perm, ErrUntrusted)
	}
	return nil
}
