package golden

import (
	"io/fs"
	"os"
	"path/filepath"
)

// ReadTree returns every file below dir, keyed by its slash path relative
// to dir, except momoconf's state folder (a folder named .momoconf: the
// commit record a change leaves, which holds a random run id so no two
// trees agree on it, and the history, which history tests read; the
// expected trees are the configuration), and except a commit record of
// the older layout (.momoconf-commit, beside the journal).
func ReadTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == historyFolder {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || d.Name() == commitRecord {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	return files, err
}

// commitRecord is the file name of internal/txn's commit record in its
// older layout; it now lives in the state folder.
const commitRecord = ".momoconf-commit"

// historyFolder is momoconf's state folder: the commit record and the
// history records.
const historyFolder = ".momoconf"

// CopyTree copies the files below src to dst, keeping their permissions,
// except momoconf's state folder and an old commit record (see ReadTree).
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.Name() == commitRecord {
			return nil
		}
		if d.IsDir() && d.Name() == historyFolder {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
}

// TreeDiff lists how two trees read by ReadTree differ: files only in
// one, and files whose bytes differ. It is empty when they are the same.
func TreeDiff(a, b map[string][]byte) []string {
	var out []string
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			out = append(out, "only in the first: "+name)
		case string(data) != string(other):
			out = append(out, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, "only in the second: "+name)
		}
	}
	return out
}
