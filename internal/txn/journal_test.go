package txn

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleJournal() []byte {
	fx := &fixture{root: "/srv/cluster", journal: "/srv/cluster/cluster"}
	data, err := newJournal(fx.tx()).encode()
	if err != nil {
		panic(err)
	}
	return data
}

func TestJournalRoundTrip(t *testing.T) {
	fx := &fixture{root: "/srv/cluster", journal: "/srv/cluster/cluster"}
	want := newJournal(fx.tx())
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
			_, err := decodeJournal(tt.edit(sampleJournal()))
			require.ErrorIs(t, err, ErrCorruptJournal)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// A journal with a valid checksum but a nonsensical body (written by a
// buggy or hostile program) is refused too.
func TestJournalBodyIsValidated(t *testing.T) {
	for _, body := range []string{
		`{"files":[{"path":"relative","new_sha256":"` + strings.Repeat("a", 64) + `"}]}`,
		`{"files":[{"path":"/a","new_sha256":"zz"}]}`,
		`{"files":[{"path":"/a","old_sha256":"` + strings.Repeat("a", 64) + `","new_sha256":"` + strings.Repeat("a", 64) + `"}],"olds":{"` + strings.Repeat("a", 64) + `":"eA=="}}`,
		`{"files":[{"path":"/a","old_sha256":"` + sum([]byte("x")) + `","new_sha256":"` + strings.Repeat("a", 64) + `"}]}`,
		`{"files":[{"path":"/a","create":true,"old_sha256":"` + sum([]byte("x")) + `","new_sha256":"` + strings.Repeat("a", 64) + `"}],"olds":{"` + sum([]byte("x")) + `":"eA=="}}`,
		`{"dirs":[{"path":"/a"},{"path":"/a"}]}`,
		`{"unknown":1}`,
		`{} {}`,
	} {
		data := []byte(headerFor([]byte(body)) + body)
		_, err := decodeJournal(data)
		require.ErrorIs(t, err, ErrCorruptJournal, body)
	}
}

func headerFor(body []byte) string {
	return journalMagic + " " + journalVer + " sha256=" + sum(body) + " length=" + itoa(len(body)) + "\n"
}

// FuzzJournal decodes any bytes without panicking; what decodes is a
// valid journal that encodes to a journal decoding to the same.
func FuzzJournal(f *testing.F) {
	f.Add(sampleJournal())
	for _, tt := range corruptJournals {
		f.Add(tt.edit(sampleJournal()))
	}
	body := []byte(`{"files":[],"dirs":[]}`)
	f.Add([]byte(headerFor(body) + string(body)))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := decodeJournal(data)
		if err != nil {
			if !errors.Is(err, ErrCorruptJournal) {
				t.Fatalf("error %v does not match ErrCorruptJournal", err)
			}
			return
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
	tx := &Tx{JournalDir: "/srv/c"}
	for _, tree := range []string{"a", "b", "c"} {
		tx.Files = append(tx.Files, File{Path: "/srv/c/" + tree + "/msgc_server.conf", Old: bytes.Clone(old), New: []byte("new\n")})
	}
	tx.Files = append(tx.Files, File{Path: "/srv/c/d/other.conf", Old: []byte("other\n"), New: []byte("new\n")})
	data, err := newJournal(tx).encode()
	require.NoError(t, err)
	encoded := base64.StdEncoding.EncodeToString(old)
	assert.Equal(t, 1, strings.Count(string(data), encoded), "one copy of the shared old content")
	j, err := decodeJournal(data)
	require.NoError(t, err)
	require.Len(t, j.Files, 4)
	for i, f := range j.Files {
		assert.Equal(t, string(tx.Files[i].Old), string(f.Old), f.Path)
	}
}
