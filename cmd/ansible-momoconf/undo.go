package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/momoconf/momoconf"
)

// stateUndo undoes a change recorded in the tree's history: the one named
// by id, or the latest.
const stateUndo = "undo"

// undo undoes change a.ID (or the latest) of the tree at a.Root: plan
// under the lock, describe (with the diff in diff mode), then, outside
// check mode, apply. A refusal (a file changed since, a later change, an
// untrusted record) is a failure that writes nothing.
func undo(a *args) *result {
	r := &result{}
	c, err := momoconf.Open(context.Background(), a.Root, momoconf.Options{Wait: lockWait})
	if err != nil {
		return r.fail(err)
	}
	defer c.Close()
	p, err := c.Undo(a.ID)
	if err != nil {
		return r.fail(err)
	}
	for _, w := range p.Warnings {
		r.warn("%s", w)
	}
	changed := changedFiles(p)
	describeUndo(r, a, changed)
	r.Changed = len(changed) > 0
	if a.CheckMode {
		r.Msg = fmt.Sprintf("change %s of %s would be undone: %d file(s) would change (check mode)", p.Undoes, a.Root, len(changed))
		return r
	}
	opts := momoconf.ApplyOptions{Now: now, Wait: lockWait, Command: "ansible-momoconf state=undo id=" + p.Undoes}
	if err := p.Apply(context.Background(), opts); err != nil {
		r.Changed = false
		return r.fail(err)
	}
	r.Msg = fmt.Sprintf("change %s of %s undone: %d file(s) changed", p.Undoes, a.Root, len(changed))
	return r
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
