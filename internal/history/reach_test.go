package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeAt writes records 1..n into base, record i made at
// start + i minutes.
func storeAt(t *testing.T, base string, n int, start time.Time) {
	t.Helper()
	require.NoError(t, os.MkdirAll(DirOf(base), 0o700))
	for i := 1; i <= n; i++ {
		r := sample()
		r.ID, r.Time = fmt.Sprint(i), at(start, i)
		data, err := r.Encode()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(DirOf(base), FileName(r.ID)), data, 0o600))
	}
}

func at(start time.Time, i int) time.Time { return start.Add(time.Duration(i) * time.Minute) }

var t0 = time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)

// TestPruneMarksReach: a history never pruned reaches back to its start;
// pruning records the newest record it removed, in a 0600 file written
// without a temporary left behind; a later prune moves the mark forward.
func TestPruneMarksReach(t *testing.T) {
	base := t.TempDir()
	since, err := Reach(base)
	require.NoError(t, err)
	assert.True(t, since.IsZero(), "no history folder: nothing pruned")

	storeAt(t, base, 5, t0)
	removed, err := Prune(base, 5)
	require.NoError(t, err)
	assert.Empty(t, removed)
	since, err = Reach(base)
	require.NoError(t, err)
	assert.True(t, since.IsZero(), "within the limit: nothing pruned")

	removed, err = Prune(base, 2)
	require.NoError(t, err)
	assert.Len(t, removed, 3)
	since, err = Reach(base)
	require.NoError(t, err)
	assert.Equal(t, at(t0, 3), since, "record 3 was the newest removed")
	info, err := os.Lstat(filepath.Join(DirOf(base), PrunedName))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode())
	entries, err := os.ReadDir(DirOf(base))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"4.json", "5.json", PrunedName}, names, "no temporary file left")

	_, err = Prune(base, 1)
	require.NoError(t, err)
	since, err = Reach(base)
	require.NoError(t, err)
	assert.Equal(t, at(t0, 4), since)
	rs, err := List(base)
	require.NoError(t, err)
	assert.Equal(t, []string{"5"}, ids(rs), "the marker is not a record")
}

// TestPruneMarkOnlyMovesForward: a marker naming a later change than the
// record pruned now (a clock set back) keeps its time.
func TestPruneMarkOnlyMovesForward(t *testing.T) {
	base := t.TempDir()
	storeAt(t, base, 3, t0)
	require.NoError(t, writePruned(base, Pruned{ID: "9", Time: at(t0, 60)}))
	_, err := Prune(base, 1)
	require.NoError(t, err)
	since, err := Reach(base)
	require.NoError(t, err)
	assert.Equal(t, at(t0, 60), since)
}

// badMarkerTests each leave a pruned marker that Reach and Prune must
// refuse, never reading it as "nothing pruned".
var badMarkerTests = []struct {
	desc      string
	setup     func(t *testing.T, p string)
	want      string
	untrusted bool
}{
	{"group-writable", func(t *testing.T, p string) {
		require.NoError(t, os.Chmod(p, 0o620))
	}, "writable by group or others (mode 0620)", true},
	{"a link", func(t *testing.T, p string) {
		elsewhere := filepath.Join(filepath.Dir(p), "elsewhere")
		require.NoError(t, os.Rename(p, elsewhere))
		require.NoError(t, os.Symlink(elsewhere, p))
	}, "a symbolic link", true},
	{"a folder", func(t *testing.T, p string) {
		require.NoError(t, os.Remove(p))
		require.NoError(t, os.Mkdir(p, 0o700))
	}, "not a regular file", true},
	{"empty", func(t *testing.T, p string) {
		require.NoError(t, os.WriteFile(p, nil, 0o600))
	}, "not a momoconf pruned marker", false},
	{"truncated", func(t *testing.T, p string) {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, data[:len(data)-10], 0o600))
	}, "pruned marker: unexpected EOF", false},
	{"too large", func(t *testing.T, p string) {
		require.NoError(t, os.WriteFile(p, []byte(prunedMagic+"\n"+strings.Repeat(" ", maxPrunedSize)), 0o600))
	}, "larger than 4096 bytes", false},
}

func TestBadMarkerRefused(t *testing.T) {
	for _, tt := range badMarkerTests {
		t.Run(tt.desc, func(t *testing.T) {
			base := t.TempDir()
			storeAt(t, base, 4, t0)
			_, err := Prune(base, 2)
			require.NoError(t, err)
			p := filepath.Join(DirOf(base), PrunedName)
			tt.setup(t, p)

			_, err = Reach(base)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), p)
			if tt.untrusted {
				require.ErrorIs(t, err, ErrUntrusted)
			}

			removed, err := Prune(base, 1)
			require.Error(t, err, "a prune that cannot keep the mark removes nothing")
			assert.Contains(t, err.Error(), "history not pruned: ")
			assert.Empty(t, removed)
			rs, err := List(base)
			require.NoError(t, err)
			assert.Equal(t, []string{"4", "3"}, ids(rs))
		})
	}
}

// TestMarkerOfAnotherUID: a marker another account owns is refused,
// naming it and its owner. Only root can give a file away.
func TestMarkerOfAnotherUID(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot chown a marker to another uid")
	}
	base := t.TempDir()
	storeAt(t, base, 3, t0)
	_, err := Prune(base, 1)
	require.NoError(t, err)
	p := filepath.Join(DirOf(base), PrunedName)
	require.NoError(t, os.Chown(p, 4242, 4242))
	_, err = Reach(base)
	require.ErrorIs(t, err, ErrUntrusted)
	assert.Contains(t, err.Error(), p+" (owner uid 4242): not trusted: owned by another account")
}

// TestPruneRefusesAnUnreadableRecord: the newest record to be removed
// must be read for its time; when it cannot be, nothing is removed and
// the history still reaches back as far as before.
func TestPruneRefusesAnUnreadableRecord(t *testing.T) {
	base := t.TempDir()
	storeAt(t, base, 3, t0)
	require.NoError(t, os.WriteFile(filepath.Join(DirOf(base), "2.json"), []byte("garbage"), 0o600))
	removed, err := Prune(base, 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2.json: not a momoconf history record")
	assert.Empty(t, removed)
	since, err := Reach(base)
	require.NoError(t, err)
	assert.True(t, since.IsZero())
	seqs, err := seqs(DirOf(base))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, seqs)
}

// parsePrunedTests each damage an encoded marker and name what
// ParsePruned must say.
var parsePrunedTests = []struct {
	desc string
	edit func(string) string
	want string
}{
	{"no magic", func(s string) string { return strings.Replace(s, prunedMagic, magic, 1) }, "not a momoconf pruned marker"},
	{"unknown field", func(s string) string { return strings.Replace(s, `"id"`, `"x":1,"id"`, 1) }, "unknown field"},
	{"data after the end", func(s string) string { return s + "{}" }, "data after the end"},
	{"bad id", func(s string) string { return strings.Replace(s, `"id":"7"`, `"id":"07"`, 1) }, "expected a sequence number"},
	{"no time", func(s string) string {
		return strings.Replace(s, `"time":"2026-12-07T05:07:00Z"`, `"time":"0001-01-01T00:00:00Z"`, 1)
	}, "no time"},
	{"bad time", func(s string) string { return strings.Replace(s, `2026-12-07T05:07:00Z`, `yesterday`, 1) }, "pruned marker: parsing time"},
}

func TestParsePrunedRefuses(t *testing.T) {
	data, err := Pruned{ID: "7", Time: at(t0, 7)}.Encode()
	require.NoError(t, err)
	for _, tt := range parsePrunedTests {
		t.Run(tt.desc, func(t *testing.T) {
			bad := tt.edit(string(data))
			require.NotEqual(t, string(data), bad, "the edit must change the marker")
			_, err := ParsePruned([]byte(bad))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzParsePruned: any input either parses into a marker with an id and
// a time that encodes and parses back the same, or is an error.
func FuzzParsePruned(f *testing.F) {
	data, err := Pruned{ID: "7", Time: at(t0, 7)}.Encode()
	require.NoError(f, err)
	f.Add(data)
	for _, tt := range parsePrunedTests {
		f.Add([]byte(tt.edit(string(data))))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := ParsePruned(in)
		if err != nil {
			_ = err.Error()
			return
		}
		require.Positive(t, seqOf(p.ID))
		require.False(t, p.Time.IsZero())
		again, err := p.Encode()
		require.NoError(t, err)
		p2, err := ParsePruned(again)
		require.NoError(t, err)
		assert.True(t, p.Time.Equal(p2.Time))
		assert.Equal(t, p.ID, p2.ID)
	})
}
