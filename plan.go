package momoconf

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
)

// Plan is every file change of one cluster change, not yet written.
type Plan struct {
	Op    string        `json:"op"`    // "add-node" or "remove-node"
	Node  Node          `json:"node"`  // the node, with the address and mta_id the plan uses
	Files []*FileChange `json:"files"` // every file examined, changed or not
	// Warnings are what an operator should look at, in the order found:
	// each carries a code ([codes.Seeds], [codes.Quorum], ...) and, where a
	// file is to blame, its path and position; its String() is the line
	// the command prints after "warning: ".
	Warnings []Warning `json:"warnings,omitempty"`
	Skipped  []string  `json:"skipped,omitempty"` // host trees left alone, and why
	// Steps is the runbook's remaining steps for this change, the ones
	// that are not file edits, in order, with the hosts each applies to
	// (from the trees the change edits). It is empty when the plan
	// changes nothing.
	Steps   []Step   `json:"steps,omitempty"`
	Backups []string `json:"backups,omitempty"` // backups made by Apply, paths like Files' paths
	// Undoes is, for a plan of [Cluster.Undo], the id of the change it
	// undoes; "" for any other plan.
	Undoes string `json:"undoes,omitempty"`

	cluster    *Cluster // the cluster planned on: its lock, when held open
	journalDir string   // where the journal of the change goes
	command    string   // how the history names the change; "" is Op and Node
	undo       *undoing // for an undo: the folders it removes and creates again
}

// FileChange is one file of a plan: its bytes before and after, and what
// changed in words.
type FileChange struct {
	Path    string        `json:"path"`              // slash-separated, relative to the folder planned on
	Kind    filekind.Kind `json:"kind"`              // the kind of file, which says how it was read and edited
	Created bool          `json:"created,omitempty"` // the file does not exist yet
	Removed bool          `json:"removed,omitempty"` // applying the plan removes the file (an undo's)
	Changes []string      `json:"changes,omitempty"` // what the edit does, in words
	Already []string      `json:"already,omitempty"` // what was already so, in words
	Old     []byte        `json:"-"`                 // the content read; empty for a file being created
	New     []byte        `json:"-"`                 // the content the plan writes

	abs    string
	shown  string      // the path as the user can open it, for nginx's messages
	tree   string      // the name of its host tree
	copyOf string      // for a created copy: the file it copies
	mode   fs.FileMode // for a created file: the mode of the file it copies
	uid    int         // for a created file: the owner of the file it copies
	gid    int
}

// Changed reports whether applying the plan writes this file.
func (f *FileChange) Changed() bool { return f.Created || f.Removed || !bytes.Equal(f.Old, f.New) }

func newPlan(op string, n Node, c *Cluster) *Plan {
	p := &Plan{Op: op, Node: n, cluster: c, journalDir: c.journalDir()}
	for _, r := range c.Recovered() {
		p.warn(Warning{Code: codes.Recovered, Message: r})
	}
	return p
}

// journalDir returns the folder of the journal of a change to c: the
// cluster folder, the host tree, or the folder of the first named file.
func (c *Cluster) journalDir() string {
	if c.journal != "" {
		return c.journal
	}
	return c.base
}

// isDoc reports whether the file at abs is a member-listing file of one
// of c's trees (a copy already made is then listed as that).
func (c *Cluster) isDoc(abs string) bool {
	for _, t := range c.trees {
		for _, d := range t.docs {
			if d.abs == abs {
				return true
			}
		}
	}
	return false
}

// warn records w in Warnings.
func (p *Plan) warn(w Warning) { p.Warnings = append(p.Warnings, w) }

// finish records the bytes of every file of the trees planned on, edited
// or not, then the created files.
func (p *Plan) finish(pl *planner) *Plan {
	var created []*FileChange // and copies already made
	for _, f := range p.Files {
		if f.Created || f.copyOf != "" {
			created = append(created, f)
		}
	}
	p.Files = p.Files[:0]
	for _, t := range pl.c.trees {
		if pl.skipped[t] {
			continue
		}
		for _, d := range t.docs {
			if !d.spec.editedBy(pl.p.Node.role()) {
				continue
			}
			f := &FileChange{Path: d.rel, Kind: d.kind(), Old: d.old, New: d.old, abs: d.abs, shown: d.shown, tree: t.name}
			if fe := pl.edits[d]; fe != nil {
				f.New, f.Changes, f.Already = fe.bytes(), fe.notes, fe.same
			}
			p.Files = append(p.Files, f)
		}
	}
	for _, f := range created {
		if f.Created || !pl.c.isDoc(f.abs) {
			p.Files = append(p.Files, f)
		}
	}
	if p.Changed() {
		p.Steps = runbookSteps(pl.stepScope())
	}
	return p
}

// Changed reports whether applying the plan would write any file.
func (p *Plan) Changed() bool {
	for _, f := range p.Files {
		if f.Changed() {
			return true
		}
	}
	return false
}

// Diff returns the plan as a unified diff, git style: "--- a/PATH" and
// "+++ b/PATH" with paths relative to the folder planned on (an absolute
// path loses its leading slash), "/dev/null" for a created file. It is
// empty when nothing changes.
func (p *Plan) Diff() string {
	// Host trees mostly hold identical copies, edited identically: each
	// distinct (old, new) pair is diffed once, and only the file names
	// in the headers change from copy to copy.
	// The lookups index by string(bytes) directly, which copies nothing.
	hunks := map[string]map[string]string{} // old → new → hunks
	var b strings.Builder
	for _, f := range p.Files {
		if !f.Changed() {
			continue
		}
		byNew, ok := hunks[string(f.Old)]
		if !ok {
			byNew = map[string]string{}
			hunks[string(f.Old)] = byNew
		}
		h, ok := byNew[string(f.New)]
		if !ok {
			h = hunksOf(string(f.Old), string(f.New))
			byNew[string(f.New)] = h
		}
		if h == "" {
			continue
		}
		path := strings.TrimLeft(f.Path, "/")
		from := "a/" + path
		if f.Created {
			from = "/dev/null"
		}
		to := "b/" + path
		if f.Removed {
			to = "/dev/null"
		}
		b.WriteString("--- " + from + "\n+++ " + to + "\n")
		b.WriteString(h)
	}
	return b.String()
}

// hunksOf returns the hunks of the unified diff from old to new, without
// the two header lines that name the files; "" when they are equal.
func hunksOf(old, new string) string {
	const header = "--- a\n+++ b\n"
	return strings.TrimPrefix(udiff.Unified("a", "b", old, new), header)
}

// Summary returns one line for each file: what changed, or that it was
// already so, then the skipped trees.
func (p *Plan) Summary() string {
	var b strings.Builder
	for _, f := range p.Files {
		switch {
		case f.Created:
			fmt.Fprintf(&b, "%s: created: %s\n", f.Path, joinNotes(f.Changes))
		case f.Removed:
			fmt.Fprintf(&b, "%s: removed: %s\n", f.Path, joinNotes(f.Changes))
		case f.Changed():
			fmt.Fprintf(&b, "%s: %s\n", f.Path, joinNotes(f.Changes))
		default:
			fmt.Fprintf(&b, "%s: unchanged: %s\n", f.Path, joinNotes(f.Already))
		}
	}
	for _, s := range p.Skipped {
		fmt.Fprintln(&b, s)
	}
	return b.String()
}

func joinNotes(notes []string) string {
	if len(notes) == 0 {
		return "no edit needed"
	}
	return strings.Join(notes, "; ")
}
