package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// positioned is an error at a place, as the format packages return.
type positioned struct{ pos srcpos.Position }

func (e positioned) Error() string             { return e.pos.String() + ": bad" }
func (e positioned) Position() srcpos.Position { return e.pos }

var longLine = strings.Repeat("a", 500) + "X" + strings.Repeat("b", 500)

var excerptTests = []struct {
	desc      string
	src       string
	line, col int
	want      string
}{
	{"a short line", "one\ntwo x;\nthree\n", 2, 5,
		"    2 | two x;\n            ^\n"},
	{"a tab before the column keeps the caret under it", "\tkey val\n", 1, 6,
		"    1 | \tkey val\n        \t    ^\n"},
	{"a CRLF line ending is not shown", "a\r\nbad\r\n", 2, 1,
		"    2 | bad\n        ^\n"},
	{"the last line without a newline", "a\nlast", 2, 2,
		"    2 | last\n         ^\n"},
	{"a line past the end shows nothing", "a\n", 3, 1, ""},
	{"a long line is cut to a window around the column", longLine + "\n", 1, 501,
		"    1 | ..." + strings.Repeat("a", 60) + "X" + strings.Repeat("b", 59) + "...\n" +
			"           " + strings.Repeat(" ", 60) + "^\n"},
	{"a long line's start is kept when the column is near it", longLine, 1, 3,
		"    1 | " + longLine[:excerptWidth] + "...\n          ^\n"},
}

func TestExcerpt(t *testing.T) {
	for _, tt := range excerptTests {
		t.Run(tt.desc, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.conf")
			require.NoError(t, os.WriteFile(path, []byte(tt.src), 0o644))
			got := excerpt(positioned{srcpos.Position{Filename: path, Line: tt.line, Column: tt.col}})
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestExcerptHugeLine: a file of one 8 MB line gives an excerpt of a few
// hundred bytes, not the line.
func TestExcerptHugeLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	require.NoError(t, os.WriteFile(path, []byte(strings.Repeat("[", 8<<20)), 0o644))
	got := excerpt(positioned{srcpos.Position{Filename: path, Line: 1, Column: 4 << 20}})
	assert.Less(t, len(got), 3*excerptWidth)
	assert.Contains(t, got, "...")
}

// TestExcerptReadsOnlyARegularFile: where the file parsed was swapped for
// a symbolic link (to a secret) or a named pipe, the excerpt is empty,
// at once, and shows nothing of what the link names.
func TestExcerptReadsOnlyARegularFile(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secret, []byte("root:$6$hash:19000\n"), 0o600))
	link := filepath.Join(dir, "link.conf")
	require.NoError(t, os.Symlink(secret, link))
	pipe := filepath.Join(dir, "pipe.conf")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))
	for _, path := range []string{link, pipe} {
		done := make(chan string, 1)
		go func() { done <- excerpt(positioned{srcpos.Position{Filename: path, Line: 1, Column: 1}}) }()
		select {
		case got := <-done:
			assert.Empty(t, got, path)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the excerpt waits on it", path)
		}
	}
}
