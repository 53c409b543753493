package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/momoconf/momoconf"
)

// original is a file about to be changed: its content, mode and owner.
type original struct {
	path     string
	content  []byte
	mode     fs.FileMode
	uid, gid int
}

// statFiles records the mode and owner of each changed file that exists,
// when backups are wanted.
func statFiles(root string, changed []*momoconf.FileChange, want bool) ([]original, error) {
	if !want {
		return nil, nil
	}
	var out []original
	for _, f := range changed {
		if f.Created {
			continue
		}
		path := filepath.Join(root, filepath.FromSlash(f.Path))
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		o := original{path: path, content: f.Old, mode: info.Mode().Perm(), uid: -1, gid: -1}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			o.uid, o.gid = int(st.Uid), int(st.Gid)
		}
		out = append(out, o)
	}
	return out, nil
}

// backupSuffix is the time format of a backup's name: NAME.20261204T162233Z~.
// The name ends in "~", not ".conf" or ".json", so nginx's
// "include conf.d/*.conf" does not pick a backup up, ecelerity (which
// includes its files by name) never reads one, and the Node apps, which
// load config/production.json by name, ignore them.
const backupSuffix = "20060102T150405Z"

// now is the clock of backup names.
var now = time.Now

// link gives a written backup its name; a test swaps it to make the last
// step of a backup fail.
var link = os.Link

// writeBackups writes each original's content beside it, with its mode and
// owner, and returns the backups' paths. Each is written to a temporary
// file, then linked to its name, so that a backup is whole or absent and
// never replaces an earlier one: a name in use gets ".1", ".2"... before
// the "~".
func writeBackups(originals []original) ([]string, error) {
	stamp := now().UTC().Format(backupSuffix)
	var paths []string
	for _, o := range originals {
		path, err := writeBackup(o, stamp)
		if err != nil {
			return paths, fmt.Errorf("%s: %w", o.path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeBackup(o original, stamp string) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".backup-*.tmp")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp, o); err != nil {
		return "", err
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s.%s~", o.path, stamp)
		if i > 0 {
			name = fmt.Sprintf("%s.%s.%d~", o.path, stamp, i)
		}
		err := link(tmp.Name(), name)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, err
	}
}

// fill writes o's content, mode and owner to f, synced, and closes it.
func fill(f *os.File, o original) error {
	_, err := f.Write(o.content)
	if err == nil {
		err = f.Chmod(o.mode)
	}
	if err == nil && o.uid >= 0 {
		err = chownIfNeeded(f, o.uid, o.gid)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// chownIfNeeded gives f the owner uid:gid unless it has it already (a
// normal user may not chown, but need not when the owner is already right).
func chownIfNeeded(f *os.File, uid, gid int) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) == uid && int(st.Gid) == gid {
		return nil
	}
	return f.Chown(uid, gid)
}
