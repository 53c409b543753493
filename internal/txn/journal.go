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
	"time"
	"unsafe"
)

// The journal is a header line, then a JSON body:
//
//	momoconf-journal 3 sha256=<hex of body> length=<bytes of body>
//	{"id":"...","time":"...","state":"applying","seq":7,"prev":"...",
//	 "folder":{"dev":..,"ino":..},"roots":[...],"files":[...],"dirs":[...],
//	 "olds":{"<sha256>":"<base64>",...}}
//
// The checksum and length make a torn or damaged journal detectable (not
// a forged one: anyone can compute a sha256; trust comes from the owner
// and mode of the file, see OpenTrusted, and from the commit record, see
// record.go). The id, time, sequence number and the previous change's id
// are the run's identity. Paths are relative: to the journal's own folder
// (root 0), whose identity is recorded, or to one of roots, folders named
// by path and identity. The body holds the old content of every rewritten
// file, so a rollback needs nothing else. Each distinct old content is
// kept once, under its sha256: the host trees of one cluster mostly hold
// identical copies, so a change to 250 trees journals a few files' worth
// of bytes, not 250 copies.
const (
	journalName  = ".momoconf-journal"
	journalMagic = "momoconf-journal"
	journalVer   = "3"
	maxHeader    = 256
)

// Journal states.
const (
	stateApplying   = "applying"   // Apply under way: a crash is rolled back
	statePrepared   = "prepared"   // staged, waiting for CommitPrepared or AbortPrepared
	stateCommitting = "committing" // the decision is commit: a crash is finished forward
)

func journalPath(dir string) string     { return filepath.Join(dir, journalName) }
func journalTempPath(dir string) string { return filepath.Join(dir, journalName+".tmp") }

type journal struct {
	ID          string            `json:"id"`   // random, 32 hex digits
	Time        string            `json:"time"` // RFC 3339, UTC
	State       string            `json:"state"`
	Seq         uint64            `json:"seq"`            // the commit record's sequence number once committed
	Prev        string            `json:"prev,omitempty"` // the id the commit record held before
	TxID        string            `json:"txid,omitempty"` // a prepared change's transaction id
	Description string            `json:"description,omitempty"`
	Folder      journalRoot       `json:"folder"` // the journal's folder, by identity
	Roots       []journalRoot     `json:"roots,omitempty"`
	Files       []journalFile     `json:"files"`
	Dirs        []journalDir      `json:"dirs"`
	Olds        map[string][]byte `json:"olds,omitempty"` // each distinct old content, by its sha256
	// RemovedDirs are the folders the change removes, children first,
	// below the journal's folder.
	RemovedDirs []journalRemovedDir `json:"removed_dirs,omitempty"`
}

// journalRoot is a folder the journal's paths are relative to: root 0 is
// the journal's own folder (no path), root i > 0 is Roots[i-1].
type journalRoot struct {
	Path string `json:"path,omitempty"` // absolute and clean; "" for the journal's folder
	Dev  uint64 `json:"dev"`
	Ino  uint64 `json:"ino"`
}

type journalFile struct {
	Root   int    `json:"root,omitempty"`
	Path   string `json:"path"` // relative to its root
	Create bool   `json:"create,omitempty"`
	Old    []byte `json:"-"` // Olds[OldSum]
	OldSum string `json:"old_sha256,omitempty"`
	NewSum string `json:"new_sha256"`
	// Remove: the change removes the file (below the journal's folder);
	// Mode, UID and GID are what it had, to put it back.
	Remove bool   `json:"remove,omitempty"`
	Mode   uint32 `json:"mode,omitempty"`
	UID    int    `json:"uid,omitempty"`
	GID    int    `json:"gid,omitempty"`
}

type journalDir struct {
	Root int    `json:"root,omitempty"`
	Path string `json:"path"` // relative to its root
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func shortHash(b []byte) string { return sum(b)[:16] }

// newJournal describes the change of a: its files (and commit record),
// folders, old contents and identity.
func newJournal(a *applier, state string) (*journal, error) {
	tx := a.tx
	folder, err := statRoot(tx.JournalDir)
	if err != nil {
		return nil, err
	}
	j := &journal{ID: a.id, Time: a.now.UTC().Format(time.RFC3339Nano), State: state, Seq: a.record.Seq + 1,
		Prev: a.record.ID, TxID: a.txid, Description: a.description, Folder: folder}
	j.Folder.Path = ""
	rootOf := j.rooter(tx)
	for _, d := range tx.Dirs {
		root, rel, err := rootOf(d.Path, true)
		if err != nil {
			return nil, err
		}
		j.Dirs = append(j.Dirs, journalDir{Root: root, Path: rel})
	}
	var h hasher
	for _, t := range a.allTargets() {
		root, rel, err := rootOf(t.Path, false)
		if err != nil {
			return nil, err
		}
		jf := journalFile{Root: root, Path: rel, Create: t.Create, NewSum: h.sum(t.New)}
		if !t.Create {
			jf.Old, jf.OldSum = t.Old, h.sum(t.Old)
			if j.Olds == nil {
				j.Olds = map[string][]byte{}
			}
			j.Olds[jf.OldSum] = t.Old
		}
		j.Files = append(j.Files, jf)
	}
	return j, nil
}

// rooter returns how a path of tx is named in the journal: relative to
// the journal's folder when below it, else relative to the nearest folder
// above it that the change does not create, added to Roots.
func (j *journal) rooter(tx *Tx) func(p string, isDir bool) (int, string, error) {
	created := map[string]bool{}
	for _, d := range tx.Dirs {
		created[d.Path] = true
	}
	index := map[string]int{}
	return func(p string, isDir bool) (int, string, error) {
		if rel, err := filepath.Rel(tx.JournalDir, p); err == nil && isLocalPath(rel) {
			return 0, rel, nil
		}
		base := filepath.Dir(p)
		for created[base] {
			base = filepath.Dir(base)
		}
		i, ok := index[base]
		if !ok {
			r, err := statRoot(base)
			if err != nil {
				return 0, "", err
			}
			j.Roots = append(j.Roots, r)
			i = len(j.Roots)
			index[base] = i
		}
		rel, err := filepath.Rel(base, p)
		if err != nil || !isLocalPath(rel) {
			return 0, "", fmt.Errorf("%s: %w (not below %s)", p, ErrInvalid, base)
		}
		return i, rel, nil
	}
}

func statRoot(dir string) (journalRoot, error) {
	id, err := statID(dir)
	if err != nil {
		return journalRoot{}, fmt.Errorf("%s: %w", dir, err)
	}
	return journalRoot{Path: dir, Dev: id.dev, Ino: id.ino}, nil
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
	if err := j.validateIdentity(); err != nil {
		return err
	}
	for key, old := range j.Olds {
		if sum(old) != key {
			return fmt.Errorf("old content %.16s…: does not match its hash", key)
		}
	}
	for _, r := range j.Roots {
		if !isAbsClean(r.Path) {
			return fmt.Errorf("folder %q: expected an absolute, clean path", r.Path)
		}
	}
	seen := map[journalDir]bool{}
	for _, d := range j.Dirs {
		if err := j.checkPath(d.Root, d.Path, seen); err != nil {
			return err
		}
	}
	if err := j.validateRemovals(seen); err != nil {
		return err
	}
	for i, f := range j.Files {
		if err := j.checkPath(f.Root, f.Path, seen); err != nil {
			return err
		}
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

// checkPath checks that a path is relative below a root the journal
// names, and listed once.
func (j *journal) checkPath(root int, p string, seen map[journalDir]bool) error {
	key := journalDir{Root: root, Path: p}
	if root < 0 || root > len(j.Roots) || !isLocalPath(p) || seen[key] {
		return fmt.Errorf("path %q (root %d): expected a relative path below a folder of the journal, listed once", p, root)
	}
	seen[key] = true
	return nil
}

func (j *journal) validateIdentity() error {
	switch {
	case !isHexID(j.ID):
		return fmt.Errorf("id %q (expected %d hex digits)", j.ID, 2*idBytes)
	case j.Prev != "" && !isHexID(j.Prev):
		return fmt.Errorf("previous id %q (expected %d hex digits)", j.Prev, 2*idBytes)
	case j.Seq == 0:
		return fmt.Errorf("sequence number 0 (expected 1 or more)")
	case j.State != stateApplying && j.State != statePrepared && j.State != stateCommitting:
		return fmt.Errorf("state %q (expected %s, %s or %s)", j.State, stateApplying, statePrepared, stateCommitting)
	case j.State != stateApplying && !validTxID(j.TxID):
		return fmt.Errorf("transaction id %q: %s", j.TxID, txIDRule)
	case j.Folder.Path != "":
		return fmt.Errorf("folder %q: the journal's own folder is recorded by identity only", j.Folder.Path)
	}
	if _, err := time.Parse(time.RFC3339Nano, j.Time); err != nil {
		return fmt.Errorf("time %q: %v", j.Time, err)
	}
	return nil
}

// when is the journal's time; the zero time if it does not parse.
func (j *journal) when() time.Time {
	t, _ := time.Parse(time.RFC3339Nano, j.Time)
	return t
}

func isHexSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// writeJournal makes the journal durable in dir: a temporary file, synced,
// renamed into place, the folder synced.
func writeJournal(fsys fsys, dir string, j *journal) error {
	_, err := placeJournal(fsys, dir, j)
	return err
}

// placeJournal is writeJournal; it also reports whether the journal
// reached its place (the rename was done).
func placeJournal(fsys fsys, dir string, j *journal) (bool, error) {
	data, err := j.encode()
	if err != nil {
		return false, err
	}
	tmp := journalTempPath(dir)
	if _, err := writeSynced(fsys, tmp, data, attrs{mode: 0o600, uid: -1, gid: -1}); err != nil {
		return false, err
	}
	if err := fsys.Rename(tmp, journalPath(dir)); err != nil {
		_ = fsys.Remove(tmp)
		return false, err
	}
	return true, fsys.SyncDir(dir)
}

// removeJournal removes the journal durably; a missing journal is fine.
func removeJournal(fsys fsys, dir string) error {
	if err := removeIfExists(fsys, journalPath(dir)); err != nil {
		return err
	}
	return fsys.SyncDir(dir)
}
