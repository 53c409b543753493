package history

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/momoconf/momoconf/internal/txn"
)

// ErrUntrusted matches the error of a record, or a folder of records,
// that another account could have written: it is refused, not read. It is
// the journal's [txn.ErrUntrusted]: the same rules apply.
var ErrUntrusted = txn.ErrUntrusted

// openTrusted opens dir/name for reading without following a link, under
// the journal's rules: a regular file owned by the effective user or root
// and not writable by group or others, in a folder not writable by others
// without the sticky bit.
var openTrusted = txn.OpenTrusted

// checkFolder refuses a folder of records that is a link or not a folder,
// that another account than the effective user or root owns, or that
// others may write to without the sticky bit.
func checkFolder(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return &txn.UntrustedError{Path: dir, UID: -1, Reason: "no owner known"}
	}
	uid, perm := int(st.Uid), info.Mode().Perm()
	switch {
	case !info.IsDir():
		return &txn.UntrustedError{Path: dir, UID: uid, Reason: fmt.Sprintf("not a folder (a %v)", info.Mode().Type())}
	case uid != os.Geteuid() && uid != 0:
		return &txn.UntrustedError{Path: dir, UID: uid, Reason: fmt.Sprintf("owned by another account (expected uid %d or root)", os.Geteuid())}
	case perm&0o002 != 0 && info.Mode()&fs.ModeSticky == 0:
		return &txn.UntrustedError{Path: dir, UID: uid, Reason: fmt.Sprintf("writable by others without the sticky bit (mode %04o)", perm)}
	}
	return nil
}
