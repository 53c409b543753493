package txn

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"
)

// The journal is a header line, then a JSON body:
//
//	momoconf-journal 2 sha256=<hex of body> length=<bytes of body>
//	{"files":[...],"dirs":[...],"olds":{"<sha256>":"<base64>",...}}
//
// The checksum and length make a torn or damaged journal detectable; the
// body holds the old content of every rewritten file, so a rollback needs
// nothing else. Each distinct old content is kept once, under its sha256:
// the host trees of one cluster mostly hold identical copies, so a change
// to 250 trees journals a few files' worth of bytes, not 250 copies.
const (
	journalName  = ".momoconf-journal"
	journalMagic = "momoconf-journal"
	journalVer   = "2"
	maxHeader    = 256
)

func journalPath(dir string) string     { return filepath.Join(dir, journalName) }
func journalTempPath(dir string) string { return filepath.Join(dir, journalName+".tmp") }

type journal struct {
	Files []journalFile     `json:"files"`
	Dirs  []journalDir      `json:"dirs"`
	Olds  map[string][]byte `json:"olds,omitempty"` // each distinct old content, by its sha256
	// RemovedDirs are the folders the change removes, children first.
	RemovedDirs []journalRemovedDir `json:"removed_dirs,omitempty"`
}

type journalFile struct {
	Path    string `json:"path"`
	Display string `json:"display"`
	Create  bool   `json:"create,omitempty"`
	Old     []byte `json:"-"` // Olds[OldSum]
	OldSum  string `json:"old_sha256,omitempty"`
	NewSum  string `json:"new_sha256"`
	// Remove: the change removes the file; Mode, UID and GID are what
	// it had, to put it back.
	Remove bool   `json:"remove,omitempty"`
	Mode   uint32 `json:"mode,omitempty"`
	UID    int    `json:"uid,omitempty"`
	GID    int    `json:"gid,omitempty"`
}

type journalDir struct {
	Path    string `json:"path"`
	Display string `json:"display"`
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func shortHash(b []byte) string { return sum(b)[:16] }

func newJournal(tx *Tx) *journal {
	j := &journal{}
	for _, d := range tx.Dirs {
		j.Dirs = append(j.Dirs, journalDir{Path: d.Path, Display: d.name()})
	}
	var h hasher
	for _, f := range tx.Files {
		jf := journalFile{Path: f.Path, Display: f.name(), Create: f.Create, NewSum: h.sum(f.New)}
		if !f.Create {
			jf.Old, jf.OldSum = f.Old, h.sum(f.Old)
			if j.Olds == nil {
				j.Olds = map[string][]byte{}
			}
			j.Olds[jf.OldSum] = f.Old
		}
		j.Files = append(j.Files, jf)
	}
	return j
}

// hasher hashes byte slices, once for slices that share one buffer: the
// caller hands identical copies as one buffer where it can.
type hasher struct {
	seen map[sliceID]string
}

type sliceID struct {
	p *byte
	n int
}

func (h *hasher) sum(b []byte) string {
	if len(b) == 0 {
		return sum(b)
	}
	id := sliceID{unsafe.SliceData(b), len(b)}
	if s, ok := h.seen[id]; ok {
		return s
	}
	if h.seen == nil {
		h.seen = map[sliceID]string{}
	}
	s := sum(b)
	h.seen[id] = s
	return s
}

func (j *journal) encode() ([]byte, error) {
	body, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("%s %s sha256=%s length=%d\n", journalMagic, journalVer, sum(body), len(body))
	return append([]byte(head), body...), nil
}

// decodeJournal parses a journal, checking everything: any damage is an
// error matching ErrCorruptJournal, never a partial journal.
func decodeJournal(data []byte) (*journal, error) {
	j, err := parseJournal(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptJournal, err)
	}
	return j, nil
}

func parseJournal(data []byte) (*journal, error) {
	nl := bytes.IndexByte(data[:min(len(data), maxHeader)], '\n')
	if nl < 0 {
		return nil, fmt.Errorf("no header line (expected %q)", journalMagic)
	}
	body := data[nl+1:]
	if err := checkHeader(string(data[:nl]), body); err != nil {
		return nil, err
	}
	var j journal
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("body: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("body: data after the end")
	}
	return &j, j.validate()
}

func checkHeader(head string, body []byte) error {
	f := strings.Fields(head)
	if len(f) != 4 || f[0] != journalMagic || f[1] != journalVer {
		return fmt.Errorf("header %q (expected %q)", head, journalMagic+" "+journalVer+" sha256=... length=...")
	}
	wantSum, ok1 := strings.CutPrefix(f[2], "sha256=")
	lenText, ok2 := strings.CutPrefix(f[3], "length=")
	n, err := strconv.Atoi(lenText)
	if !ok1 || !ok2 || err != nil || n < 0 {
		return fmt.Errorf("header %q (expected sha256=<hex> length=<bytes>)", head)
	}
	if n != len(body) {
		return fmt.Errorf("body is %d bytes (expected %d): the journal is torn", len(body), n)
	}
	if sum(body) != wantSum {
		return fmt.Errorf("body checksum does not match the header")
	}
	return nil
}

func (j *journal) validate() error {
	for key, old := range j.Olds {
		if sum(old) != key {
			return fmt.Errorf("old content %.16s…: does not match its hash", key)
		}
	}
	seen := map[string]bool{}
	for _, d := range j.Dirs {
		if !isAbsClean(d.Path) || seen[d.Path] {
			return fmt.Errorf("folder %q: expected an absolute, clean path, listed once", d.Path)
		}
		seen[d.Path] = true
	}
	if err := j.validateRemovals(seen); err != nil {
		return err
	}
	for i, f := range j.Files {
		if !isAbsClean(f.Path) || seen[f.Path] {
			return fmt.Errorf("file %q: expected an absolute, clean path, listed once", f.Path)
		}
		seen[f.Path] = true
		if !isHexSum(f.NewSum) {
			return fmt.Errorf("file %q: new content hash %q (expected 64 hex digits)", f.Path, f.NewSum)
		}
		if f.Create && f.OldSum != "" {
			return fmt.Errorf("file %q: created, yet with old content", f.Path)
		}
		if f.Create {
			continue
		}
		old, ok := j.Olds[f.OldSum]
		if !ok {
			return fmt.Errorf("file %q: its old content %q is not in the journal", f.Path, f.OldSum)
		}
		j.Files[i].Old = old
	}
	return nil
}

func isHexSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

func (f *journalFile) name() string {
	if f.Display != "" {
		return f.Display
	}
	return f.Path
}

func (d *journalDir) name() string {
	if d.Display != "" {
		return d.Display
	}
	return d.Path
}

// writeJournal makes the journal durable in dir: a temporary file, synced,
// renamed into place, the folder synced.
func writeJournal(fsys fsys, dir string, j *journal) error {
	data, err := j.encode()
	if err != nil {
		return err
	}
	tmp := journalTempPath(dir)
	if err := writeSynced(fsys, tmp, data, attrs{mode: 0o600, uid: -1, gid: -1}); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, journalPath(dir)); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	return fsys.SyncDir(dir)
}

// removeJournal removes the journal durably; a missing journal is fine.
func removeJournal(fsys fsys, dir string) error {
	if err := removeIfExists(fsys, journalPath(dir)); err != nil {
		return err
	}
	return fsys.SyncDir(dir)
}
