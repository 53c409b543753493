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

// The commit record is a small file, .momoconf/commit below the journal's
// folder:
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
//
// The folder .momoconf is momoconf's state in the journal's folder (the
// history lives there too). A change creates it when missing, as a folder
// of the change (mode 0700, owned by the effective user), so a rollback
// or a recovery removes it again while empty. It is read only if it is a
// folder, not a symbolic link, owned by the effective user or root and not
// writable by group or others (see openStateFolder).
//
// Before, the record was .momoconf-commit beside the journal. Such a
// record is still read (under the same rules) when .momoconf/commit is
// missing, and the next change that commits removes it, after its commit
// point.
const (
	stateDirName     = ".momoconf"
	recordBase       = "commit"
	recordName       = stateDirName + "/" + recordBase // relative to the journal's folder
	legacyRecordName = ".momoconf-commit"
	recordMagic      = "momoconf-commit"
	recordVer        = "1"
	idBytes          = 16
	stateDirMode     = 0o700
	recordMode       = 0o600
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
// OpenTrusted (and, for .momoconf, openStateFolder): .momoconf/commit, or
// when it is missing the old .momoconf-commit. A missing record is the
// zero record. It returns the content read, as the Old of the record's
// rewrite, and the name of the record read (recordName or
// legacyRecordName), "" when none.
func readRecord(fsys fsys, dir string) (record, []byte, string, error) {
	name := recordName
	data, err := fsys.ReadTrusted(dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		name = legacyRecordName
		data, err = fsys.ReadTrusted(dir, name)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return record{}, nil, "", nil
	}
	if errors.Is(err, ErrUntrusted) {
		return record{}, nil, "", err // an UntrustedError names the file or folder
	}
	if err != nil {
		return record{}, nil, "", stepErr(filepath.Join(dir, name), "read the commit record", err)
	}
	r, err := parseRecord(data)
	if err != nil {
		return record{}, nil, "", fmt.Errorf("%s: %w: damaged commit record: %v; nothing was done",
			filepath.Join(dir, name), ErrCorruptJournal, err)
	}
	return r, data, name, nil
}

// stateDirOf is the folder .momoconf of the journal's folder dir.
func stateDirOf(dir string) string { return filepath.Join(dir, stateDirName) }

// stateDir is the Dir a change creates when .momoconf is missing.
func stateDir(journalDir string) Dir {
	return Dir{Path: stateDirOf(journalDir), Display: stateDirName, Mode: stateDirMode, UID: -1, GID: -1}
}

// dropLegacyRecord removes the old .momoconf-commit of dir; a missing one
// is fine. Call it only once .momoconf/commit holds the change just
// committed: the old record then names an older change and would mislead.
func dropLegacyRecord(fsys fsys, dir string) error {
	return stepErr(filepath.Join(dir, legacyRecordName), "remove the old commit record", removeIfExists(fsys, filepath.Join(dir, legacyRecordName)))
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
