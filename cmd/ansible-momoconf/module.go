package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/runbook"
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
	switch {
	case a.Phase == phaseCommit:
		return commit(a).write(stdout)
	case a.Phase == phaseAbort:
		return abort(a).write(stdout)
	}
	switch a.State {
	case stateQuery:
		return query(a).write(stdout)
	case stateExport:
		return export(a).write(stdout)
	case stateDecide:
		if a.undoDecision() {
			return decideUndo(a).write(stdout)
		}
		return decide(a).write(stdout)
	case stateChecklist:
		return checklist(a).write(stdout)
	}
	if a.State == stateUndo {
		return undo(a).write(stdout)
	}
	return change(a).write(stdout)
}

// lockWait is how long the module waits for another momoconf run editing
// the same tree.
const lockWait = time.Minute

// now is the clock of backup names.
var now = time.Now

// open locks and reads the tree at a.Root; the tree of a new node may be
// empty yet.
func open(a *args) (*momoconf.Cluster, error) {
	return momoconf.Open(context.Background(), a.Root, momoconf.Options{Wait: lockWait, NewNode: a.NewNode})
}

// change adds or removes the node in the tree at a.Root: under the tree's
// lock, plan, validate, then (outside check mode) apply, or with
// phase=prepare stage the change, and back up.
func change(a *args) *result {
	r := &result{TxID: a.TxID}
	c, err := open(a)
	if err != nil {
		return r.fail(err)
	}
	defer c.Close()
	p, err := plan(c, a)
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
		if err := validate(r, p, changed); err != nil {
			return r.fail(err)
		}
	}
	r.Changed = len(changed) > 0
	r.Msg = message(a, p, len(changed))
	if a.CheckMode || !r.Changed {
		return r
	}
	opts := momoconf.ApplyOptions{Backup: a.Backup, Now: now, Wait: lockWait}
	if a.Phase == phasePrepare {
		return prepare(r, a, p, opts)
	}
	return apply(r, a, p, opts)
}

// apply writes the plan and, when asked, a backup of each changed file
// beside it (NAME.YYYYMMDDTHHMMSSZ~, the file's owner and mode), all in one
// transaction: every file and backup, or none.
func apply(r *result, a *args, p *momoconf.Plan, opts momoconf.ApplyOptions) *result {
	err := p.Apply(context.Background(), opts)
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

// plan plans the task's change on the open tree c: the new node's own
// tree, an addition or a removal.
func plan(c *momoconf.Cluster, a *args) (*momoconf.Plan, error) {
	node := a.node()
	switch {
	case a.NewNode:
		return c.AddNode(node, momoconf.AddOptions{From: a.From, Files: a.Files})
	case a.State == stateAbsent:
		if err := checkRemovedID(c, node); err != nil {
			return nil, err
		}
		return c.RemoveNode(node, momoconf.RemoveOptions{})
	}
	return c.AddNode(node, momoconf.AddOptions{})
}

// checkRemovedID refuses a removal given an mta_id that is not the one
// msg_gen.conf gives the node; a node no file lists is not refused.
func checkRemovedID(c *momoconf.Cluster, n momoconf.Node) error {
	if n.MTAID == 0 {
		return nil
	}
	for _, m := range c.Status().Members {
		if strings.EqualFold(m.Host, n.Host) && m.MTAID != 0 && m.MTAID != n.MTAID {
			return fmt.Errorf("%s has mta_id %d in this host's msg_gen.conf, not %d; give the node's own mta_id, or none; nothing written (%w)", n.Host, m.MTAID, n.MTAID, codes.Conflict)
		}
	}
	return nil
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

// describe fills in the files, changes, skipped trees, steps, services
// and, in diff mode, the diff of each changed file.
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
	r.Steps = append([]momoconf.Step{}, p.Steps...)
	r.Services = servicesOf(changed)
	if a.NewNode {
		r.Services = []service{} // a new node's services are started by the checklist's steps, not restarted
	}
}

// servicesOf returns what the changed files make this host restart or
// reload, once each, in a fixed order: ecelerity, then the applications,
// then nginx (reloaded).
func servicesOf(changed []*momoconf.FileChange) []service {
	var names []string
	for _, f := range changed {
		if s := runbook.Service(f.Path); s != "" && !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	slices.SortFunc(names, func(x, y string) int {
		rank := func(s string) string {
			switch {
			case s == "ecelerity":
				return "0"
			case s == "msys-nginx":
				return "2"
			}
			return "1" + s
		}
		return strings.Compare(rank(x), rank(y))
	})
	out := []service{}
	for _, s := range names {
		action := "restart"
		if s == "msys-nginx" {
			action = "reload"
		}
		out = append(out, service{Name: s, Action: action})
	}
	return out
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
	case a.Phase == phasePrepare:
		return fmt.Sprintf("%s prepared to be %s in transaction %s: %d file(s) staged, none replaced yet", node, verb, a.TxID, n)
	}
	return fmt.Sprintf("%s %s: %d file(s) changed", node, verb, n)
}
