package txn

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The commit record is a small file, .momoconf-commit, beside the journal:
//
//	momoconf-commit 1 seq=<n> id=<32 hex> [txid=<transaction id>]
//
// It names the last change committed in the folder. Every change rewrites
// it, inside the change itself: its new content is staged like every
// other file, and renaming it into place, after every other file is in
// place and synced, is the change's commit point. A journal is acted upon
// only when the record shows its change as the next one (the record holds
// the journal's seq-1 and prev); when the record names the journal's own
// seq and id, the change committed and only the journal is left to
// remove; any other journal is an old one put back (or a foreign one) and
// is refused, touching nothing.
const (
	recordName  = ".momoconf-commit"
	recordMagic = "momoconf-commit"
	recordVer   = "1"
	idBytes     = 16
)

// A record is the content of the commit record; the zero record is the
// folder's state before its first change.
type record struct {
	Seq  uint64
	ID   string
	TxID string
}

func (r record) encode() []byte {
	s := fmt.Sprintf("%s %s seq=%d id=%s", recordMagic, recordVer, r.Seq, r.ID)
	if r.TxID != "" {
		s += " txid=" + r.TxID
	}
	return []byte(s + "\n")
}

func parseRecord(data []byte) (record, error) {
	line, ok := strings.CutSuffix(string(data), "\n")
	f := strings.Fields(line)
	bad := fmt.Errorf("%q (expected %q)", line, recordMagic+" "+recordVer+" seq=<n> id=<hex>")
	if !ok || strings.Contains(line, "\n") || len(f) < 4 || len(f) > 5 || f[0] != recordMagic || f[1] != recordVer {
		return record{}, bad
	}
	seqText, ok1 := strings.CutPrefix(f[2], "seq=")
	id, ok2 := strings.CutPrefix(f[3], "id=")
	seq, err := strconv.ParseUint(seqText, 10, 64)
	if !ok1 || !ok2 || err != nil || seq == 0 || !isHexID(id) {
		return record{}, bad
	}
	r := record{Seq: seq, ID: id}
	if len(f) == 5 {
		txid, ok := strings.CutPrefix(f[4], "txid=")
		if !ok || !validTxID(txid) {
			return record{}, bad
		}
		r.TxID = txid
	}
	return r, nil
}

// readRecord reads the commit record of dir under the trust rules of
// OpenTrusted; a missing record is the zero record. The content read is
// returned too, as the Old of the record's rewrite.
func readRecord(fsys fsys, dir string) (record, []byte, bool, error) {
	data, err := fsys.ReadTrusted(dir, recordName)
	if errors.Is(err, fs.ErrNotExist) {
		return record{}, nil, false, nil
	}
	if err != nil {
		return record{}, nil, false, stepErr(filepath.Join(dir, recordName), "read the commit record", err)
	}
	r, err := parseRecord(data)
	if err != nil {
		return record{}, nil, false, fmt.Errorf("%s: %w: damaged commit record: %v; nothing was done",
			filepath.Join(dir, recordName), ErrCorruptJournal, err)
	}
	return r, data, true, nil
}

// follows classifies a journal against the commit record: "next" when the
// journal's change is the one after the record's, "done" when the record
// names it (it committed), "" when it is neither.
func (r record) follows(j *journal) string {
	switch {
	case r.Seq == j.Seq && r.ID == j.ID:
		return "done"
	case r.Seq+1 == j.Seq && r.ID == j.Prev:
		return "next"
	}
	return ""
}

// newID returns a random run identity.
func newID() (string, error) {
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func isHexID(s string) bool {
	if len(s) != 2*idBytes {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// txIDRule says what a transaction id may be.
const txIDRule = "expected 1 to 128 letters, digits, '.', '_' or '-', not starting with '.' or '-'"

var txIDPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)

func validTxID(s string) bool { return txIDPattern.MatchString(s) }
