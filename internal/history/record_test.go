package history

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	oldA = []byte("a old\n")
	newA = []byte("a new\n")
)

// sample is a record of a change that rewrote one file, created a tree
// and removed another.
func sample() *Record {
	return &Record{
		ID: "3", Time: time.Date(2026, 12, 7, 5, 31, 8, 0, time.UTC), Command: "add-node node4", User: "ops", UID: 1000,
		Files: []File{
			{Path: "node1/a.conf", Old: Sum(oldA), New: Sum(newA)},
			{Path: "node4/a.conf", New: Sum(newA), Created: true},
			{Path: "node5/a.conf", Old: Sum(oldA), Removed: true, Mode: 0o644, UID: 1000, GID: 1000},
		},
		Dirs:        []string{"node4"},
		RemovedDirs: []RemovedDir{{Path: "node5", Mode: 0o755, UID: 1000, GID: 1000}},
		Olds:        map[string][]byte{Sum(oldA): oldA},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	data, err := sample().Encode()
	require.NoError(t, err)
	got, err := Parse(data)
	require.NoError(t, err)
	assert.Equal(t, sample(), got)
}

// parseTests each damage an encoded sample record and name what Parse
// must say.
var parseTests = []struct {
	desc string
	edit func(string) string
	want string
}{
	{"no magic", func(s string) string { return strings.Replace(s, magic, "momoconf-journal 2", 1) }, "not a momoconf history record"},
	{"unknown field", func(s string) string { return strings.Replace(s, `"user"`, `"usr":1,"user"`, 1) }, "unknown field"},
	{"data after the end", func(s string) string { return s + "{}" }, "data after the end"},
	{"absolute path", func(s string) string { return strings.Replace(s, `"node1/a.conf"`, `"/etc/shadow"`, 1) }, "absolute path"},
	{"dot dot", func(s string) string { return strings.Replace(s, `"node1/a.conf"`, `"node1/../../etc/shadow"`, 1) }, "not clean"},
	{"leading dot dot", func(s string) string { return strings.Replace(s, `"node1/a.conf"`, `"../etc/shadow"`, 1) }, `".." in path`},
	{"dot dot folder", func(s string) string { return strings.Replace(s, `"dirs":["node4"]`, `"dirs":[".."]`, 1) }, `".." in path`},
	{"empty path", func(s string) string { return strings.Replace(s, `"node1/a.conf"`, `""`, 1) }, "empty path"},
	{"listed twice", func(s string) string { return strings.Replace(s, `"node4/a.conf"`, `"node1/a.conf"`, 1) }, "listed twice"},
	{"bad id", func(s string) string { return strings.Replace(s, `"id":"3"`, `"id":"03"`, 1) }, "expected a sequence number"},
	{"bad hash", func(s string) string { return strings.Replace(s, Sum(newA), strings.ToUpper(Sum(newA)), 1) }, "64 lower-case hex"},
	{"old content missing", func(s string) string { return strings.Replace(s, `"old":"`+Sum(oldA), `"old":"`+Sum(newA), 1) }, "not in the record"},
	{"old content forged", func(s string) string { return strings.Replace(s, `"YSBvbGQK"`, `"ZXZpbAo="`, 1) }, "does not match its hash"},
	{"created with old", func(s string) string {
		return strings.Replace(s, `"new":"`+Sum(newA)+`","created":true`, `"old":"`+Sum(oldA)+`","new":"`+Sum(newA)+`","created":true`, 1)
	}, "exactly when the file was not created"},
}

func TestParseRefuses(t *testing.T) {
	data, err := sample().Encode()
	require.NoError(t, err)
	for _, tt := range parseTests {
		t.Run(tt.desc, func(t *testing.T) {
			bad := tt.edit(string(data))
			require.NotEqual(t, string(data), bad, "the edit must change the record")
			_, err := Parse([]byte(bad))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzParse: any input either parses into a record whose every path is
// confined and that encodes and parses back the same, or is an error.
func FuzzParse(f *testing.F) {
	data, err := sample().Encode()
	require.NoError(f, err)
	f.Add(data)
	for _, tt := range parseTests {
		f.Add([]byte(tt.edit(string(data))))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := Parse(in)
		if err != nil {
			_ = err.Error()
			return
		}
		for _, file := range r.Files {
			require.NoError(t, CheckPath(file.Path))
		}
		for _, d := range r.Dirs {
			require.NoError(t, CheckPath(d))
		}
		again, err := r.Encode()
		require.NoError(t, err)
		r2, err := Parse(again)
		require.NoError(t, err)
		assert.Equal(t, r, r2)
	})
}
