package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadAndCheck(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.txtar"), []byte("comment\n-- in --\nx\n-- want --\ny\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txtar"), []byte("-- in --\nz\n"), 0o644))
	cases := Load(t, dir)
	require.Len(t, cases, 2)
	assert.Equal(t, "a", cases[0].Name)
	in, ok := cases[1].Section("in")
	require.True(t, ok)
	assert.Equal(t, "x\n", string(in))
	_, ok = cases[0].Section("want")
	assert.False(t, ok)
	cases[1].Check(t, "want", []byte("y\n"))

	rec := &recorder{TB: t}
	cases[1].Check(rec, "want", []byte("q\n"))
	assert.True(t, rec.failed)
	assert.Contains(t, rec.msg, "-y")
	assert.Contains(t, rec.msg, "+q")
}

func TestDiffShowsCR(t *testing.T) {
	d := Diff("a\r\n", "a\n")
	assert.True(t, strings.Contains(d, `a\r`), d)
}

type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = strings.TrimSpace(strings.ReplaceAll(fmt.Sprintf(format, args...), "\t", " "))
}

func TestTrees(t *testing.T) {
	src := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(src, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "a", "b", "f"), []byte("x\r\n"), 0o640))
	dst := filepath.Join(t.TempDir(), "copy")
	require.NoError(t, CopyTree(src, dst))
	info, err := os.Stat(filepath.Join(dst, "a", "b", "f"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())
	a, err := ReadTree(src)
	require.NoError(t, err)
	b, err := ReadTree(dst)
	require.NoError(t, err)
	assert.Empty(t, TreeDiff(a, b))
	b["a/b/f"] = []byte("y")
	b["new"] = nil
	assert.ElementsMatch(t, []string{"differs: a/b/f", "only in the second: new"}, TreeDiff(a, b))
}
