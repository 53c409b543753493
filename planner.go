package momoconf

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/srcpos"
)

// planner holds the edits of one plan over a cluster. An edit is a
// function of the file's kind and content (the node and the cluster being
// the same for the whole plan), so only the first copy of each distinct
// file is edited, and its copies take that edit's result, and its
// warnings. That edit changes the parse made at load in place, taking it
// from the cluster's model, which parses the same bytes again only if it
// is read afterwards: the model stays as it was read, and a file is not
// parsed twice to be edited once.
type planner struct {
	c       *Cluster
	p       *Plan
	edits   map[*doc]*fileEdit
	done    map[parseKey]*fileEdit // the first edit of each distinct file
	skipped map[*tree]bool
}

// fileEdit is one file being edited, and what the edits did, in words.
type fileEdit struct {
	d     *doc
	f     content   // nil for a copy that took another file's result
	out   []byte    // the result, once the edit is done
	notes []string  // what changed
	same  []string  // what was already so
	warns []Warning // the warnings the edit gave about the file
}

// bytes returns the file's content after the edit.
func (fe *fileEdit) bytes() []byte {
	if fe.out != nil || fe.f == nil {
		return fe.out
	}
	return fe.f.Bytes()
}

// edit is the request a kind's add or remove works on.
type edit struct {
	node Node
	fe   *fileEdit
	pl   *planner
}

// role returns the role of the node the edit adds or removes.
func (e *edit) role() Role { return e.node.role() }

// needIP refuses an edit of a list (field) that names its members by IP
// address when the node's address is not known: the entry cannot be
// matched or written in the neighbours' style.
func (e *edit) needIP(names []string, field string) error {
	if e.node.IP != "" || len(names) == 0 {
		return nil
	}
	for _, s := range names {
		if !isIP(s) {
			return nil
		}
	}
	return &refusal{kind: codes.NeedIP, msg: fmt.Sprintf("%s names its members by IP address and no IP was given for %s; give --ip; nothing written", field, e.node.Host)}
}

// keepOne refuses a removal that would leave the list (field, of what
// items) without an active entry.
func (e *edit) keepOne(names []string, field, what string) error {
	if len(names) == 0 {
		return nil
	}
	for _, s := range names {
		if !e.node.matches(s) {
			return nil
		}
	}
	return &refusal{kind: codes.LastEntry, msg: fmt.Sprintf("removing %s would leave %s without a %s; nothing written", e.node.Host, field, what)}
}

func (e *edit) note(format string, args ...any) {
	e.fe.notes = append(e.fe.notes, fmt.Sprintf(format, args...))
}

func (e *edit) noteSame(format string, args ...any) {
	e.fe.same = append(e.fe.same, fmt.Sprintf(format, args...))
}

// warn records a warning about the file being edited.
func (e *edit) warn(code codes.Code, format string, args ...any) {
	w := Warning{Code: code, Position: srcpos.Position{Filename: e.fe.d.rel}, Message: fmt.Sprintf(format, args...)}
	e.fe.warns = append(e.fe.warns, w)
	e.pl.p.warn(w)
}

func newPlanner(c *Cluster, op string, n Node) *planner {
	return &planner{c: c, p: newPlan(op, n, c), edits: map[*doc]*fileEdit{}, done: map[parseKey]*fileEdit{}, skipped: map[*tree]bool{}}
}

// editable returns the file's edit, taking the file's parse from the
// model the first time.
func (pl *planner) editable(d *doc) (*fileEdit, error) {
	if fe, ok := pl.edits[d]; ok {
		return fe, nil
	}
	f, err := d.parse.take(d.shown)
	if err != nil {
		return nil, err
	}
	fe := &fileEdit{d: d, f: f}
	pl.edits[d] = fe
	return fe, nil
}

// apply runs op (a kind's add or remove: one of them for a whole plan) on
// every file of t that lists members of the node's role.
func (pl *planner) apply(t *tree, n Node, op func(content, *edit) error) error {
	for _, d := range t.docs {
		if !d.spec.editedBy(n.role()) {
			continue
		}
		if first, ok := pl.done[d.key]; ok {
			pl.reuse(d, first)
			continue
		}
		fe, err := pl.editable(d)
		if err != nil {
			return err
		}
		if err := op(fe.f, &edit{node: n, fe: fe, pl: pl}); err != nil {
			return wrapDoc(d, err)
		}
		// The edit is done: its result is rendered once, and its copies
		// share it (read only).
		fe.out = fe.f.Bytes()
		pl.done[d.key] = fe
	}
	return nil
}

// reuse gives d, a copy of first's file, first's edit: its result, its
// notes and its warnings, about d.
func (pl *planner) reuse(d *doc, first *fileEdit) {
	fe := &fileEdit{d: d, out: first.bytes(), notes: slices.Clone(first.notes), same: slices.Clone(first.same)}
	for _, w := range first.warns {
		w.Filename = d.rel
		fe.warns = append(fe.warns, w)
		pl.p.warn(w)
	}
	pl.edits[d] = fe
}

// bytesOf returns a file's content after the edits planned so far.
func (pl *planner) bytesOf(d *doc) []byte {
	if fe, ok := pl.edits[d]; ok {
		return fe.bytes()
	}
	return d.old
}

// docAt returns the member-listing file at the resolved path abs, if any.
func (pl *planner) docAt(t *tree, abs string) *doc {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil
	}
	for _, d := range t.docs {
		if d.abs == real {
			return d
		}
	}
	return nil
}

// wrapDoc names the file in err, unless err already carries a position in
// it.
func wrapDoc(d *doc, err error) error {
	if pos, ok := srcpos.Find(err); ok && pos.Filename == d.shown {
		return err
	}
	return fmt.Errorf("%s: %w", d.shown, err)
}

// skipRemovedTree leaves alone the tree of a node removed earlier (one the
// other trees no longer list): it keeps its files as they were when the
// node left, and the plan says so.
func (pl *planner) skipRemovedTree(t *tree) {
	pl.p.Skipped = append(pl.p.Skipped, fmt.Sprintf("%s: skipped, it is the tree of %s, which the other trees no longer list (a node removed earlier)", t.name, t.owner))
}
