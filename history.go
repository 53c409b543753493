package momoconf

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/history"
	"github.com/momoconf/momoconf/internal/txn"
)

// HistoryRecord is one committed change as the history keeps it.
type HistoryRecord struct {
	ID      string    `json:"id"`      // its number in the folder's history, from 1
	Time    time.Time `json:"time"`    // when it was applied
	Command string    `json:"command"` // the command line, or the operation and node
	User    string    `json:"user"`    // the account that applied it
	// TxID is the transaction id given to [Plan.Prepare] for a change made
	// in two phases, the same on every host of a fleet change (each host
	// numbers its history on its own); "" for a change applied at once.
	TxID  string        `json:"txid,omitempty"`
	Files []HistoryFile `json:"files"` // every file it wrote, created or removed
}

// HistoryFile is a file of a [HistoryRecord]: its path relative to the
// folder, and what the change did to it: "edited", "created" or "removed".
type HistoryFile struct {
	Path   string `json:"path"`   // slash-separated, relative to the locked folder
	Change string `json:"change"` // "edited", "created" or "removed"
}

// History returns the changes recorded for the folder c was opened on
// (the cluster folder or the host tree), newest first: the last
// [ApplyOptions.History] (default 20) changes applied there. A record, or
// a folder of records, that another account than this user or root owns,
// or that group or others could write, or that is a symbolic link, is
// refused: the error names it (and, for another owner, the uid) and
// nothing is returned. A folder of named files keeps no history.
func (c *Cluster) History() ([]HistoryRecord, error) {
	if c.files {
		return nil, fmt.Errorf("named files keep no history: open the cluster folder or the host tree")
	}
	recs, err := history.List(c.base)
	if err != nil {
		return nil, err
	}
	out := make([]HistoryRecord, 0, len(recs))
	for _, r := range recs {
		out = append(out, publicRecord(r))
	}
	return out, nil
}

func publicRecord(r *history.Record) HistoryRecord {
	h := HistoryRecord{ID: r.ID, Time: r.Time, Command: r.Command, User: r.User, TxID: r.TxID}
	for _, f := range r.Files {
		change := "edited"
		switch {
		case f.Created:
			change = "created"
		case f.Removed:
			change = "removed"
		}
		h.Files = append(h.Files, HistoryFile{Path: f.Path, Change: change})
	}
	return h
}

// historyLimit returns how many records to keep for the limit n given
// (0: history.DefaultLimit, 20); below 0, the change is not recorded and none
// is removed.
func historyLimit(n int) int {
	if n == 0 {
		return history.DefaultLimit
	}
	return n
}

// recordHistory adds to tx, as one more created file (and the folders it
// needs), the record of the change, so that the record lands exactly when
// the change does (and, prepared, goes with it on an abort). txid is the
// transaction id of a prepared change, "" for one applied at once; the
// record of a prepared change is Volatile, so that preparing it again at
// another time is the same change. lock holds tx's folders and is
// extended to the history's. A change to named files, or with a negative
// limit, is not recorded.
func (p *Plan) recordHistory(ctx context.Context, tx *txn.Tx, lock *txn.Lock, opts ApplyOptions, now time.Time, txid string) error {
	if p.cluster == nil || p.cluster.files || historyLimit(opts.History) < 0 || tx.JournalDir != p.cluster.base {
		return nil
	}
	base := p.cluster.base
	id, err := history.Next(base)
	if err != nil {
		return fmt.Errorf("history: %w; nothing written", err)
	}
	rec, err := recordOf(tx, id, now)
	if err != nil {
		p.warn(Warning{Code: codes.History, Message: fmt.Sprintf("this change is not recorded in the history, so it cannot be undone: %v", err)})
		return nil
	}
	rec.Command, rec.TxID = opts.Command, txid
	if rec.Command == "" {
		rec.Command = p.commandText()
	}
	data, err := rec.Encode()
	if err != nil {
		return fmt.Errorf("history: %w; nothing written", err)
	}
	for _, d := range []string{filepath.Join(base, history.Folder), history.DirOf(base)} {
		if _, err := os.Lstat(d); err != nil {
			rel, _ := filepath.Rel(base, d)
			tx.Dirs = append(tx.Dirs, txn.Dir{Path: d, Display: rel, Mode: 0o700, UID: -1, GID: -1})
		}
	}
	name := history.FileName(id)
	tx.Files = append(tx.Files, txn.File{Path: filepath.Join(history.DirOf(base), name), Display: filepath.Join(history.Folder, history.Sub, name), New: data, Create: true, Mode: 0o600, UID: -1, GID: -1, Volatile: txid != ""})
	if err := lock.Extend(ctx, tx.LockDirs()); err != nil {
		return lockedError(err, opts.Wait)
	}
	return nil
}

// commandText names the change in the history: the operation and node.
func (p *Plan) commandText() string {
	if p.command != "" {
		return p.command
	}
	s := p.Op + " " + p.Node.Host
	if p.Node.Role == RoleAnalytics {
		s += " (analytics)"
	}
	return s
}

// recordOf describes tx in a record: every path relative to the locked
// folder (the journal's), the old content of what is rewritten or removed.
func recordOf(tx *txn.Tx, id string, now time.Time) (*history.Record, error) {
	r := &history.Record{ID: id, Time: now.UTC(), User: userName(), UID: os.Geteuid(), Olds: map[string][]byte{}}
	for _, d := range tx.Dirs {
		if err := history.CheckPath(d.Display); err != nil {
			return nil, fmt.Errorf("%s: %v", d.Display, err)
		}
		r.Dirs = append(r.Dirs, d.Display)
	}
	for _, f := range tx.Files {
		if err := history.CheckPath(f.Display); err != nil {
			return nil, fmt.Errorf("%s: %v", f.Display, err)
		}
		rf := history.File{Path: f.Display, Created: f.Create, Removed: f.Remove}
		if !f.Remove {
			rf.New = history.Sum(f.New)
		}
		if !f.Create {
			rf.Old = history.Sum(f.Old)
			r.Olds[rf.Old] = f.Old
		}
		if f.Remove {
			mode, uid, gid, err := modeOwner(f.Path)
			if err != nil {
				return nil, err
			}
			rf.Mode, rf.UID, rf.GID = mode, uid, gid
		}
		r.Files = append(r.Files, rf)
	}
	for _, d := range tx.RemoveDirs {
		if err := history.CheckPath(d.Display); err != nil {
			return nil, fmt.Errorf("%s: %v", d.Display, err)
		}
		mode, uid, gid, err := modeOwner(d.Path)
		if err != nil {
			return nil, err
		}
		r.RemovedDirs = append(r.RemovedDirs, history.RemovedDir{Path: d.Display, Mode: mode, UID: uid, GID: gid})
	}
	return r, nil
}

// modeOwner returns the mode bits (with setuid, setgid, sticky) and the
// owner of path, not following a link.
func modeOwner(path string) (mode uint32, uid, gid int, err error) {
	info, err := os.Lstat(path)
	if err != nil {
		return 0, 0, 0, err
	}
	st := info.Sys().(*syscall.Stat_t)
	m := info.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)
	return uint32(m), int(st.Uid), int(st.Gid), nil
}

// userName returns the effective user's name, or its uid.
func userName() string {
	uid := strconv.Itoa(os.Geteuid())
	if u, err := user.LookupId(uid); err == nil {
		return u.Username
	}
	return uid
}

// pruneHistory removes, after the change is committed, the records beyond
// the limit, oldest first; a failure is a warning.
func (p *Plan) pruneHistory(opts ApplyOptions) {
	if p.cluster == nil || p.cluster.files || historyLimit(opts.History) < 0 {
		return
	}
	if _, err := history.Prune(p.cluster.base, historyLimit(opts.History)); err != nil {
		p.warn(Warning{Code: codes.History, Message: fmt.Sprintf("committed; removing old history records failed: %v", err)})
	}
}

// touches reports whether record r names any of paths.
func touches(r *history.Record, paths map[string]bool) []string {
	var out []string
	for _, f := range r.Files {
		if paths[f.Path] {
			out = append(out, f.Path)
		}
	}
	for _, d := range r.Dirs {
		if paths[d] {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out
}
