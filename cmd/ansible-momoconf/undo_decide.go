package main

import (
	"fmt"
	"strings"
	"time"
)

// undoDecision reports whether the task is the fleet's one decision on an
// undo: state=decide with change=undo.
func (a *args) undoDecision() bool { return a.State == stateDecide && a.Change == stateUndo }

// decideUndo makes the fleet's one decision on undoing transaction
// a.UndoTxID, from every host's state=undo view read in check mode (views,
// by inventory name; hosts, every host that must have answered). It
// refuses, naming the hosts, when a host did not answer or failed; when a
// host holds no record of the change while its history was pruned at or
// after the change's time (the earliest time of the change on the hosts
// that hold it, or at any time when none does): that host may have made
// the change and forgotten it; and when no host made the change. A host
// without the record whose history reaches back past the change made
// nothing then. Nothing is read or written.
func decideUndo(a *args) *result {
	r := &result{TxID: a.TxID}
	if problems := unanswered(a); len(problems) > 0 {
		return r.fail(fmt.Errorf("not every host could be read, so nothing is undone anywhere:\n  %s", strings.Join(problems, "\n  ")))
	}
	made, err := changeTime(a)
	if err != nil {
		return r.fail(err)
	}
	if lost, err := forgotten(a, made); err != nil || len(lost) > 0 {
		if err == nil {
			err = fmt.Errorf("%s; nothing undone anywhere", strings.Join(lost, "\n"))
		}
		return r.fail(err)
	}
	changed, done := 0, 0
	for _, h := range a.Hosts {
		if v := a.Views[h]; v.Changed {
			changed++
		} else if v.UndoneAlready {
			done++
		}
	}
	if changed == 0 && done == 0 {
		return r.fail(fmt.Errorf("no host made a change under transaction %s: nothing to undo (momoconf history shows each change's transaction)", a.UndoTxID))
	}
	r.Msg = fmt.Sprintf("undo %s as transaction %s on %d host(s); undone already on %d host(s)", a.UndoTxID, a.TxID, changed, done)
	return r
}

// unanswered names the hosts whose view is missing, skipped, unreachable
// or failed.
func unanswered(a *args) []string {
	var problems []string
	for _, h := range a.Hosts {
		v := a.Views[h]
		switch {
		case v == nil || v.Skipped:
			problems = append(problems, fmt.Sprintf("%s: no answer to the read (it was not run there)", h))
		case v.Unreachable:
			problems = append(problems, fmt.Sprintf("%s: unreachable: %s", h, v.Msg))
		case v.Failed:
			problems = append(problems, fmt.Sprintf("%s: %s", h, v.Msg))
		}
	}
	return problems
}

// changeTime returns when the change was made: the earliest time of its
// record on the hosts that hold it; the zero time when none does.
func changeTime(a *args) (time.Time, error) {
	var made time.Time
	for _, h := range a.Hosts {
		s := a.Views[h].RecordTime
		if s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: record_time %q: expected an RFC 3339 time", h, s)
		}
		if made.IsZero() || t.Before(made) {
			made = t
		}
	}
	return made, nil
}

// forgotten names the hosts that hold no record of the change, are not
// done with its undo, and whose history was pruned at or after made (at
// any time, when made is zero: no host tells when the change was made).
func forgotten(a *args, made time.Time) ([]string, error) {
	var lost []string
	for _, h := range a.Hosts {
		v := a.Views[h]
		if v.RecordTime != "" || v.UndoneAlready || v.HistorySince == "" {
			continue
		}
		since, err := time.Parse(time.RFC3339Nano, v.HistorySince)
		if err != nil {
			return nil, fmt.Errorf("%s: history_since %q: expected an RFC 3339 time", h, v.HistorySince)
		}
		if made.IsZero() || !since.Before(made) {
			lost = append(lost, fmt.Sprintf("%s: its history no longer reaches back to transaction %s (records up to %s were pruned); cannot tell whether it made that change", h, a.UndoTxID, v.HistorySince))
		}
	}
	return lost, nil
}
