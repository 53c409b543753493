package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/history"
)

// stateUndo undoes a change recorded in the tree's history: the one named
// by id (this host's number) or undo_txid (the fleet's transaction id),
// or the latest.
const stateUndo = "undo"

// undo undoes a change of the tree at a.Root: under the lock, find it
// (a.UndoTxID, a.ID, or the latest), plan, describe (with the diff in diff
// mode), then, outside check mode, apply it, or with phase=prepare stage
// it under a.TxID. A refusal (a file changed since, a later change, an
// untrusted record) is a failure that writes nothing. A tree whose history
// holds no change under a.UndoTxID has nothing to undo (it had nothing to
// change then); one whose history shows the undo done under a.TxID already
// (and not touched since) has nothing left to do.
func undo(a *args) *result {
	r := &result{TxID: a.TxID}
	c, err := momoconf.Open(context.Background(), a.Root, momoconf.Options{Wait: lockWait})
	if err != nil {
		return r.fail(err)
	}
	defer c.Close()
	id, done, err := undoTarget(c, a, r)
	if err != nil {
		return r.fail(err)
	}
	if done != "" {
		r.Msg = done
		return r
	}
	p, err := c.Undo(id)
	if err != nil {
		return r.fail(err)
	}
	for _, w := range p.Warnings {
		r.warn("%s", w)
	}
	changed := changedFiles(p)
	describeUndo(r, a, changed)
	r.Services = servicesOf(changed)
	r.Changed = len(changed) > 0
	if a.CheckMode {
		r.Msg = fmt.Sprintf("change %s of %s would be undone: %d file(s) would change (check mode)", p.Undoes, a.Root, len(changed))
		return r
	}
	opts := momoconf.ApplyOptions{Now: now, Wait: lockWait, Command: undoCommand(a, p.Undoes)}
	if a.Phase == phasePrepare {
		if err := p.Prepare(context.Background(), a.TxID, opts); err != nil {
			r.Changed = false
			return r.fail(err)
		}
		r.Prepared = true
		r.Msg = fmt.Sprintf("change %s of %s prepared to be undone in transaction %s: %d file(s) staged, none replaced yet", p.Undoes, a.Root, a.TxID, len(changed))
		return r
	}
	if err := p.Apply(context.Background(), opts); err != nil {
		r.Changed = false
		return r.fail(err)
	}
	r.Msg = fmt.Sprintf("change %s of %s undone: %d file(s) changed", p.Undoes, a.Root, len(changed))
	return r
}

// undoCommand names the undo in the history.
func undoCommand(a *args, id string) string {
	if a.UndoTxID != "" {
		return "ansible-momoconf state=undo undo_txid=" + a.UndoTxID
	}
	return "ansible-momoconf state=undo id=" + id
}

// undoTarget returns the history id of the change a names: a.ID, or the
// one recorded under a.UndoTxID, or "" for the latest. With a.UndoTxID it
// returns instead, in done, why there is nothing to do here: no change
// under that transaction, or its undo (under a.TxID) committed already
// and still the latest change to its files. With a.UndoTxID it also tells
// the fleet's decision, in r, the time of the change when the history
// holds it, and otherwise how far back the history reaches.
func undoTarget(c *momoconf.Cluster, a *args, r *result) (id, done string, err error) {
	if a.UndoTxID == "" {
		return a.ID, "", nil
	}
	recs, err := c.History()
	if err != nil {
		return "", "", err
	}
	if i := slices.IndexFunc(recs, func(h momoconf.HistoryRecord) bool { return h.TxID == a.UndoTxID }); i >= 0 {
		id, r.RecordTime = recs[i].ID, timeText(recs[i].Time)
	}
	if a.TxID != "" {
		if i := slices.IndexFunc(recs, func(h momoconf.HistoryRecord) bool { return h.TxID == a.TxID }); i >= 0 && latestFor(recs, i) {
			r.UndoneAlready = true
			return "", fmt.Sprintf("transaction %s: undone already in %s by change %s (transaction %s); nothing to do", a.UndoTxID, a.Root, recs[i].ID, a.TxID), nil
		}
	}
	if id != "" {
		return id, "", nil
	}
	done, err = notHere(a, r)
	return "", done, err
}

// notHere says why a tree whose history holds no change under a.UndoTxID
// has nothing to undo, and sets r.HistorySince when its history was pruned:
// whether the change was made here is then the fleet's decision.
func notHere(a *args, r *result) (string, error) {
	since, err := history.Reach(a.Root)
	if err != nil {
		return "", err
	}
	if since.IsZero() {
		return fmt.Sprintf("transaction %s: no change of %s was made under it; nothing to undo here", a.UndoTxID, a.Root), nil
	}
	r.HistorySince = timeText(since)
	return fmt.Sprintf("transaction %s: no change of %s under it in its history, which reaches back to %s (older records were pruned); nothing to undo here if it was made after that", a.UndoTxID, a.Root, r.HistorySince), nil
}

// timeText spells a time in a result: RFC 3339 in UTC, to the nanosecond,
// so that two hosts' times compare exactly.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// latestFor reports whether no change newer than recs[i] (recs are newest
// first) touched one of its files.
func latestFor(recs []momoconf.HistoryRecord, i int) bool {
	paths := map[string]bool{}
	for _, f := range recs[i].Files {
		paths[f.Path] = true
	}
	for _, r := range recs[:i] {
		for _, f := range r.Files {
			if paths[f.Path] {
				return false
			}
		}
	}
	return true
}

// describeUndo lists the files and, in diff mode, the diff of each: a
// file the undo removes goes to /dev/null, one it creates again comes
// from it.
func describeUndo(r *result, a *args, changed []*momoconf.FileChange) {
	for _, f := range changed {
		path := filepath.Join(a.Root, filepath.FromSlash(f.Path))
		r.Files = append(r.Files, path)
		for _, c := range f.Changes {
			r.Changes = append(r.Changes, path+": "+c)
		}
		if !a.Diff {
			continue
		}
		d := diffEntry{BeforeHeader: path, AfterHeader: path, Before: string(f.Old), After: string(f.New)}
		if f.Created {
			d.BeforeHeader = "/dev/null"
		}
		if f.Removed {
			d.AfterHeader = "/dev/null"
		}
		r.Diff = append(r.Diff, d)
	}
}
