package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/momoconf/momoconf"
)

// run is the module: argv holds the path of the arguments file. It prints
// the result on stdout and returns the exit status.
func run(argv []string, stdout io.Writer) int {
	if len(argv) != 1 {
		return (&result{}).fail(fmt.Errorf("usage: ansible-momoconf ARGS_FILE (a JSON object of the task's arguments, as Ansible passes it)")).write(stdout)
	}
	a, err := readArgs(argv[0])
	if err != nil {
		return (&result{}).fail(err).write(stdout)
	}
	if a.State == stateQuery {
		return query(a).write(stdout)
	}
	if a.State == stateUndo {
		return undo(a).write(stdout)
	}
	return change(a).write(stdout)
}

// change adds or removes the node in the tree at a.Root: plan, validate,
// then (outside check mode) apply and back up.
func change(a *args) *result {
	r := &result{}
	p, err := plan(a)
	if err != nil {
		return r.fail(err)
	}
	r.MTAID = p.Node.MTAID
	for _, w := range p.Warnings {
		r.warn("%s", fmt.Sprint(w))
	}
	changed := changedFiles(p)
	describe(r, a, p, changed)
	if a.Validate {
		if err := validate(r, a.Root, changed); err != nil {
			return r.fail(err)
		}
	}
	r.Changed = len(changed) > 0
	r.Msg = message(a, p, len(changed))
	if a.CheckMode || !r.Changed {
		return r
	}
	return apply(r, a, p)
}

// lockWait is how long the module waits for another momoconf run editing
// the same tree.
const lockWait = time.Minute

// now is the clock of backup names.
var now = time.Now

// apply writes the plan and, when asked, a backup of each changed file
// beside it (NAME.YYYYMMDDTHHMMSSZ~, the file's owner and mode), all in one
// transaction: every file and backup, or none.
func apply(r *result, a *args, p *momoconf.Plan) *result {
	err := p.ApplyContext(context.Background(), momoconf.ApplyOptions{Backup: a.Backup, Now: now, Wait: lockWait})
	var rb *momoconf.RollbackError
	switch {
	case errors.As(err, &rb):
		r.Changed = len(rb.Changed) > 0
		return r.fail(err)
	case err != nil:
		r.Changed = false
		return r.fail(err)
	}
	for _, b := range p.Backups {
		r.BackupFiles = append(r.BackupFiles, filepath.Join(a.Root, filepath.FromSlash(b)))
	}
	return r
}

func plan(a *args) (*momoconf.Plan, error) {
	node := a.node()
	if a.State == stateAbsent {
		return momoconf.RemoveNode(a.Root, node, momoconf.Options{Wait: lockWait})
	}
	return momoconf.AddNode(a.Root, node, momoconf.Options{Wait: lockWait})
}

func changedFiles(p *momoconf.Plan) []*momoconf.FileChange {
	var files []*momoconf.FileChange
	for _, f := range p.Files {
		if f.Changed() {
			files = append(files, f)
		}
	}
	return files
}

// describe fills in the files, changes, skipped trees and, in diff mode,
// the diff of each changed file.
func describe(r *result, a *args, p *momoconf.Plan, changed []*momoconf.FileChange) {
	for _, f := range changed {
		path := filepath.Join(a.Root, filepath.FromSlash(f.Path))
		r.Files = append(r.Files, path)
		for _, c := range f.Changes {
			r.Changes = append(r.Changes, path+": "+c)
		}
		if a.Diff {
			before := path
			if f.Created {
				before = "/dev/null"
			}
			r.Diff = append(r.Diff, diffEntry{BeforeHeader: before, AfterHeader: path, Before: string(f.Old), After: string(f.New)})
		}
	}
	for _, s := range p.Skipped {
		r.Changes = append(r.Changes, fmt.Sprint(s))
	}
}

func message(a *args, p *momoconf.Plan, n int) string {
	verb := "added"
	if a.State == stateAbsent {
		verb = "removed"
	}
	node := a.Host
	if a.analytics() {
		node = "Analytics node " + a.Host
	}
	if p.Node.MTAID != 0 && a.State == statePresent && !a.analytics() {
		node = fmt.Sprintf("%s (mta_id %d)", a.Host, p.Node.MTAID)
	}
	switch {
	case n == 0:
		return fmt.Sprintf("%s: already %s in every file of %s; nothing to change", node, verb, a.Root)
	case a.CheckMode:
		return fmt.Sprintf("%s would be %s: %d file(s) would change (check mode)", node, verb, n)
	}
	return fmt.Sprintf("%s %s: %d file(s) changed", node, verb, n)
}
