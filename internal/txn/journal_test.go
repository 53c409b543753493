package txn

import (
	"bytes"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleJournal(t testing.TB) []byte {
	data, err := journalOf(t, newFixture(t).tx()).encode()
	require.NoError(t, err)
	return data
}

// journalOf is the journal an Apply of tx writes as the folder's first
// change.
func journalOf(t testing.TB, tx *Tx) *journal {
	t.Helper()
	a := &applier{tx: tx, fs: osFS{}, id: strings.Repeat("5e", idBytes), now: time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)}
	for i := range tx.Files {
		a.targets = append(a.targets, &target{File: &tx.Files[i]})
	}
	a.recordT = &target{File: &File{Path: filepath.Join(tx.JournalDir, recordName), Create: true,
		New: record{Seq: 1, ID: a.id}.encode()}}
	j, err := newJournal(a, stateApplying)
	require.NoError(t, err)
	return j
}

func TestJournalRoundTrip(t *testing.T) {
	want := journalOf(t, newFixture(t).tx())
	data, err := want.encode()
	require.NoError(t, err)
	got, err := decodeJournal(data)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

var corruptJournals = []struct {
	desc string
	edit func([]byte) []byte
	want string
}{
	{"empty", func([]byte) []byte { return nil }, "no header line"},
	{"torn in the body", func(b []byte) []byte { return b[:len(b)-10] }, "torn"},
	{"torn in the header", func(b []byte) []byte { return b[:20] }, "no header line"},
	{"flipped byte", func(b []byte) []byte {
		b = bytes.Clone(b)
		b[len(b)-5] ^= 1
		return b
	}, "checksum"},
	{"other magic", func(b []byte) []byte { return append([]byte("x"), b[1:]...) }, "header"},
	{"trailing garbage", func(b []byte) []byte { return append(bytes.Clone(b), '\n') }, "torn"},
}

func TestJournalCorruptionIsReported(t *testing.T) {
	for _, tt := range corruptJournals {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := decodeJournal(tt.edit(sampleJournal(t)))
			require.ErrorIs(t, err, ErrCorruptJournal)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// A journal with a valid checksum but a nonsensical body (written by a
// buggy or hostile program) is refused too: above all, any path that is
// absolute, climbs with "..", or names a folder the journal does not.
func TestJournalBodyIsValidated(t *testing.T) {
	id := strings.Repeat("ab", idBytes)
	head := `{"id":"` + id + `","time":"2026-12-07T05:00:00Z","state":"applying","seq":1,"folder":{"dev":1,"ino":2},`
	hash := strings.Repeat("a", 64)
	file := func(path string) string { return `"files":[{"path":"` + path + `","new_sha256":"` + hash + `"}]` }
	for _, tt := range []struct{ desc, body string }{
		{"absolute path", head + file("/etc/passwd") + `}`},
		{"climbing path", head + file("../../etc/passwd") + `}`},
		{"climbing inside", head + file("a/../../b") + `}`},
		{"unclean path", head + file("a//b") + `}`},
		{"dot", head + file(".") + `}`},
		{"root not named", head + `"files":[{"root":1,"path":"a","new_sha256":"` + hash + `"}]}`},
		{"negative root", head + `"files":[{"root":-1,"path":"a","new_sha256":"` + hash + `"}]}`},
		{"relative root", head + `"roots":[{"path":"etc","dev":1,"ino":1}],` + file("a") + `}`},
		{"bad hash", head + `"files":[{"path":"a","new_sha256":"zz"}]}`},
		{"old content not its hash", head + `"files":[{"path":"a","old_sha256":"` + hash + `","new_sha256":"` + hash + `"}],"olds":{"` + hash + `":"eA=="}}`},
		{"old content missing", head + `"files":[{"path":"a","old_sha256":"` + sum([]byte("x")) + `","new_sha256":"` + hash + `"}]}`},
		{"created with old content", head + `"files":[{"path":"a","create":true,"old_sha256":"` + sum([]byte("x")) + `","new_sha256":"` + hash + `"}],"olds":{"` + sum([]byte("x")) + `":"eA=="}}`},
		{"folder twice", head + `"dirs":[{"path":"a"},{"path":"a"}]}`},
		{"unknown field", head + `"unknown":1}`},
		{"two bodies", head + `"files":[]} {}`},
		{"no id", `{"time":"2026-12-07T05:00:00Z","state":"applying","seq":1,"folder":{"dev":1,"ino":2}}`},
		{"bad previous id", strings.Replace(head, `"seq":1`, `"seq":1,"prev":"x"`, 1) + `"files":[]}`},
		{"sequence 0", strings.Replace(head, `"seq":1`, `"seq":0`, 1) + `"files":[]}`},
		{"unknown state", strings.Replace(head, "applying", "done", 1) + `"files":[]}`},
		{"prepared without id", strings.Replace(head, "applying", "prepared", 1) + `"files":[]}`},
		{"bad time", strings.Replace(head, "2026-12-07T05:00:00Z", "yesterday", 1) + `"files":[]}`},
		{"journal folder by path", strings.Replace(head, `"folder":{`, `"folder":{"path":"/etc",`, 1) + `"files":[]}`},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			data := []byte(headerFor([]byte(tt.body)) + tt.body)
			_, err := decodeJournal(data)
			require.ErrorIs(t, err, ErrCorruptJournal, tt.body)
		})
	}
	valid := head + `"files":[{"path":"a/b","create":true,"new_sha256":"` + hash + `"}]}`
	_, err := decodeJournal([]byte(headerFor([]byte(valid)) + valid))
	require.NoError(t, err, "the cases above differ from a valid journal by their fault only")
}

func headerFor(body []byte) string {
	return journalMagic + " " + journalVer + " sha256=" + sum(body) + " length=" + itoa(len(body)) + "\n"
}

// FuzzJournal decodes any bytes without panicking; what decodes names
// only relative paths below the folders it names, and is a
// valid journal that encodes to a journal decoding to the same.
func FuzzJournal(f *testing.F) {
	f.Add(sampleJournal(f))
	for _, tt := range corruptJournals {
		f.Add(tt.edit(sampleJournal(f)))
	}
	body := []byte(`{"id":"` + strings.Repeat("ab", idBytes) + `","time":"2026-12-07T05:00:00Z","state":"prepared","txid":"tx-1","seq":2,"prev":"` + strings.Repeat("cd", idBytes) + `","folder":{"dev":1,"ino":2},"roots":[{"path":"/srv/x","dev":3,"ino":4}],"files":[{"root":1,"path":"a/b","new_sha256":"` + strings.Repeat("a", 64) + `"}],"dirs":[]}`)
	f.Add([]byte(headerFor(body) + string(body)))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := decodeJournal(data)
		if err != nil {
			if !errors.Is(err, ErrCorruptJournal) {
				t.Fatalf("error %v does not match ErrCorruptJournal", err)
			}
			return
		}
		// What decodes can only name paths below the folders it names.
		for _, f := range j.Files {
			require.True(t, isLocalPath(f.Path) && f.Root >= 0 && f.Root <= len(j.Roots), "file %+v", f)
		}
		for _, d := range j.Dirs {
			require.True(t, isLocalPath(d.Path) && d.Root >= 0 && d.Root <= len(j.Roots), "folder %+v", d)
		}
		for _, r := range j.Roots {
			require.True(t, isAbsClean(r.Path), "root %+v", r)
		}
		again, err := j.encode()
		require.NoError(t, err)
		j2, err := decodeJournal(again)
		require.NoError(t, err)
		assert.Equal(t, j, j2)
	})
}

// Identical old contents, as the host trees of one cluster hold them, are
// journalled once; decoding gives every file its old content back.
func TestJournalKeepsEachOldContentOnce(t *testing.T) {
	old := bytes.Repeat([]byte("peers = [ node1 = \"10.0.0.1\" ]\n"), 50)
	dir := t.TempDir()
	tx := &Tx{JournalDir: dir}
	for _, tree := range []string{"a", "b", "c"} {
		tx.Files = append(tx.Files, File{Path: dir + "/" + tree + "/msgc_server.conf", Old: bytes.Clone(old), New: []byte("new\n")})
	}
	tx.Files = append(tx.Files, File{Path: dir + "/d/other.conf", Old: []byte("other\n"), New: []byte("new\n")})
	data, err := journalOf(t, tx).encode()
	require.NoError(t, err)
	encoded := base64.StdEncoding.EncodeToString(old)
	assert.Equal(t, 1, strings.Count(string(data), encoded), "one copy of the shared old content")
	j, err := decodeJournal(data)
	require.NoError(t, err)
	require.Len(t, j.Files, 5, "four files and the commit record")
	for i, f := range j.Files[:4] {
		assert.Equal(t, string(tx.Files[i].Old), string(f.Old), f.Path)
		assert.Equal(t, filepath.Base(filepath.Dir(tx.Files[i].Path))+"/"+filepath.Base(tx.Files[i].Path), f.Path, "relative to the journal")
	}
}
