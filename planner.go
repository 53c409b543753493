package momoconf

import (
	"fmt"
	"path/filepath"

	"github.com/momoconf/momoconf/srcpos"
)

// planner holds the edits of one plan over a cluster. Each file edited is
// parsed afresh, so the cluster's model stays as it was read.
type planner struct {
	c       *Cluster
	p       *Plan
	edits   map[*doc]*fileEdit
	skipped map[*tree]bool
}

// fileEdit is one file being edited, and what the edits did, in words.
type fileEdit struct {
	d     *doc
	f     content
	notes []string // what changed
	same  []string // what was already so
}

// edit is the request a kind's add or remove works on.
type edit struct {
	node Node
	fe   *fileEdit
	pl   *planner
}

func (e *edit) note(format string, args ...any) {
	e.fe.notes = append(e.fe.notes, fmt.Sprintf(format, args...))
}

func (e *edit) noteSame(format string, args ...any) {
	e.fe.same = append(e.fe.same, fmt.Sprintf(format, args...))
}

// warn records a warning about the file being edited.
func (e *edit) warn(code, format string, args ...any) {
	e.pl.p.warn(Warning{Code: code, File: e.fe.d.rel, Message: fmt.Sprintf(format, args...)})
}

func newPlanner(c *Cluster, op string, n Node) *planner {
	return &planner{c: c, p: newPlan(op, n, c), edits: map[*doc]*fileEdit{}, skipped: map[*tree]bool{}}
}

// editable returns the file's edit, parsing it afresh the first time.
func (pl *planner) editable(d *doc) (*fileEdit, error) {
	if fe, ok := pl.edits[d]; ok {
		return fe, nil
	}
	f, err := d.spec.parse(d.shown, d.old)
	if err != nil {
		return nil, err
	}
	fe := &fileEdit{d: d, f: f}
	pl.edits[d] = fe
	return fe, nil
}

// apply runs op (a kind's add or remove) on every file of t.
func (pl *planner) apply(t *tree, n Node, op func(content, *edit) error) error {
	for _, d := range t.docs {
		fe, err := pl.editable(d)
		if err != nil {
			return err
		}
		if err := op(fe.f, &edit{node: n, fe: fe, pl: pl}); err != nil {
			return wrapDoc(d, err)
		}
	}
	return nil
}

// bytesOf returns a file's content after the edits planned so far.
func (pl *planner) bytesOf(d *doc) []byte {
	if fe, ok := pl.edits[d]; ok {
		return fe.f.Bytes()
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
