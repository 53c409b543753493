package momoconf

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/gofrs/flock"
)

// lockDirs takes, without waiting, an advisory lock for each folder so that
// two momoconf runs cannot edit the same tree at once. The lock files live
// in the system's temporary folder, named after the folder's absolute path,
// so the trees themselves gain no file. It returns the function that
// releases them.
func lockDirs(dirs []string) (func(), error) {
	dirs = slices.Clone(dirs)
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	var held []*flock.Flock
	release := func() {
		for _, l := range held {
			_ = l.Unlock()
		}
	}
	for _, d := range dirs {
		l := flock.New(lockPath(d))
		ok, err := l.TryLock()
		if err != nil {
			release()
			return nil, fmt.Errorf("locking %s: %w", d, err)
		}
		if !ok {
			release()
			return nil, errors.New("another momoconf run is editing " + d + "; try again when it has finished")
		}
		held = append(held, l)
	}
	return release, nil
}

func lockPath(dir string) string {
	sum := sha256.Sum256([]byte(filepath.Clean(dir)))
	return filepath.Join(os.TempDir(), "momoconf-"+hex.EncodeToString(sum[:8])+".lock")
}
