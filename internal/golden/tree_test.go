package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// ReadTree and CopyTree leave out momoconf's state: the state folder
// (commit record, history) at any depth and an old-layout commit record;
// every other file, hidden ones included, is read and copied.
func TestTreeLeavesOutMomoconfState(t *testing.T) {
	src := t.TempDir()
	for rel, data := range map[string]string{
		"a.conf":                    "a\n",
		"sub/.hidden":               "h\n",
		".momoconf/commit":          "momoconf-commit 1 seq=1 id=x\n",
		".momoconf/history/1.json":  "{}\n",
		"sub/.momoconf/commit":      "momoconf-commit 1 seq=2 id=y\n",
		".momoconf-commit":          "momoconf-commit 1 seq=3 id=z\n",
		"sub/.momoconf-commit":      "momoconf-commit 1 seq=4 id=w\n",
		"sub/.momoconf-commit.conf": "kept: not the record's name\n",
	} {
		p := filepath.Join(src, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"a.conf", "sub/.hidden", "sub/.momoconf-commit.conf"}
	check := func(dir string) {
		t.Helper()
		files, err := ReadTree(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != len(want) {
			t.Errorf("%s: read %d files %v, want %v", dir, len(files), keys(files), want)
		}
		for _, w := range want {
			if _, ok := files[w]; !ok {
				t.Errorf("%s: %s not read", dir, w)
			}
		}
	}
	check(src)
	dst := t.TempDir()
	if err := CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	check(dst)
	if _, err := os.Lstat(filepath.Join(dst, ".momoconf")); !os.IsNotExist(err) {
		t.Errorf("the state folder was copied: %v", err)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
