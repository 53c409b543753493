package golden

import (
	"io/fs"
	"os"
	"path/filepath"
)

// ReadTree returns every file below dir, keyed by its slash path relative
// to dir, except momoconf's history (a folder named .momoconf): the
// expected trees are the configuration, and history tests read it.
func ReadTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == ".momoconf" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
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

// CopyTree copies the files below src to dst, keeping their permissions,
// except momoconf's history (see ReadTree).
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
		if d.IsDir() && d.Name() == ".momoconf" {
			return filepath.SkipDir // momoconf's history, as ReadTree
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
