package history

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// store writes records 1..n into base as a change would: 0600, in 0700
// folders.
func store(t *testing.T, base string, n int) {
	t.Helper()
	require.NoError(t, os.MkdirAll(DirOf(base), 0o700))
	for i := 1; i <= n; i++ {
		r := sample()
		r.ID = fmt.Sprint(i)
		data, err := r.Encode()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(DirOf(base), FileName(r.ID)), data, 0o600))
	}
}

func ids(rs []*Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestListNewestFirst(t *testing.T) {
	base := t.TempDir()
	rs, err := List(base)
	require.NoError(t, err)
	assert.Empty(t, rs, "no history yet")
	next, err := Next(base)
	require.NoError(t, err)
	assert.Equal(t, "1", next)

	store(t, base, 11)
	require.NoError(t, os.WriteFile(filepath.Join(DirOf(base), "notes.txt"), []byte("x"), 0o600))
	rs, err = List(base)
	require.NoError(t, err)
	assert.Equal(t, []string{"11", "10", "9", "8", "7", "6", "5", "4", "3", "2", "1"}, ids(rs), "by number, not by name")
	next, err = Next(base)
	require.NoError(t, err)
	assert.Equal(t, "12", next)
}

// TestPruneKeepsTheNewest: the limit holds and the oldest go first, and
// the next id still follows the newest.
func TestPruneKeepsTheNewest(t *testing.T) {
	base := t.TempDir()
	store(t, base, 25)
	removed, err := Prune(base, DefaultLimit)
	require.NoError(t, err)
	assert.Len(t, removed, 5)
	rs, err := List(base)
	require.NoError(t, err)
	require.Len(t, rs, DefaultLimit)
	assert.Equal(t, "25", rs[0].ID)
	assert.Equal(t, "6", rs[len(rs)-1].ID, "1 to 5 went first")
	next, err := Next(base)
	require.NoError(t, err)
	assert.Equal(t, "26", next)

	removed, err = Prune(base, DefaultLimit)
	require.NoError(t, err)
	assert.Empty(t, removed, "within the limit: nothing to remove")
	_, err = Prune(base, 0)
	require.NoError(t, err)
	rs, err = List(base)
	require.NoError(t, err)
	assert.Empty(t, rs)
}

// untrustedTests each make the history of a folder something another
// account could have written; List and Read must refuse it.
var untrustedTests = []struct {
	desc  string
	setup func(t *testing.T, base string)
	want  string
}{
	{"record writable by group", func(t *testing.T, base string) {
		require.NoError(t, os.Chmod(filepath.Join(DirOf(base), "2.json"), 0o620))
	}, "writable by group or others (mode 0620)"},
	{"record is a link", func(t *testing.T, base string) {
		p := filepath.Join(DirOf(base), "2.json")
		require.NoError(t, os.Rename(p, filepath.Join(base, "elsewhere.json")))
		require.NoError(t, os.Symlink(filepath.Join(base, "elsewhere.json"), p))
	}, "a symbolic link"},
	{"record is a fifo", func(t *testing.T, base string) {
		p := filepath.Join(DirOf(base), "2.json")
		require.NoError(t, os.Remove(p))
		require.NoError(t, syscall.Mkfifo(p, 0o600))
	}, "not a regular file"},
	{"folder writable by others", func(t *testing.T, base string) {
		require.NoError(t, os.Chmod(DirOf(base), 0o777))
	}, "writable by others without the sticky bit (mode 0777)"},
	{"folder is a link", func(t *testing.T, base string) {
		other := filepath.Join(t.TempDir(), "history")
		require.NoError(t, os.Rename(DirOf(base), other))
		require.NoError(t, os.Symlink(other, DirOf(base)))
	}, "not a folder"},
	{".momoconf is a link", func(t *testing.T, base string) {
		other := filepath.Join(t.TempDir(), "m")
		require.NoError(t, os.Rename(filepath.Join(base, Folder), other))
		require.NoError(t, os.Symlink(other, filepath.Join(base, Folder)))
	}, "not a folder"},
}

func TestUntrustedRefused(t *testing.T) {
	for _, tt := range untrustedTests {
		t.Run(tt.desc, func(t *testing.T) {
			base := t.TempDir()
			store(t, base, 3)
			tt.setup(t, base)
			_, err := List(base)
			require.ErrorIs(t, err, ErrUntrusted)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestPlantedByAnotherUID: a record another account owns is refused,
// naming it and its owner. Only root can give a file away.
func TestPlantedByAnotherUID(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot chown a record to another uid")
	}
	base := t.TempDir()
	store(t, base, 2)
	p := filepath.Join(DirOf(base), "2.json")
	require.NoError(t, os.Chown(p, 4242, 4242))
	_, err := Read(base, "2")
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Contains(t, err.Error(), p+" (owner uid 4242): not trusted: owned by another account")
	_, err = List(base)
	require.ErrorIs(t, err, ErrUntrusted)
}

func TestReadRefusesBadID(t *testing.T) {
	base := t.TempDir()
	store(t, base, 1)
	for _, id := range []string{"../1", "0", "x", "01", ""} {
		_, err := Read(base, id)
		require.Error(t, err, id)
		assert.Contains(t, err.Error(), "expected a change id")
	}
}
