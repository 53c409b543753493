package momoconf

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Plan is every file change of one cluster change, not yet written.
type Plan struct {
	Op       string        `json:"op"` // "add-node" or "remove-node"
	Node     Node          `json:"node"`
	Files    []*FileChange `json:"files"`              // every file examined, changed or not
	Warnings []string      `json:"warnings,omitempty"` // things an operator should look at, each a Notice's String()
	Notices  []Warning     `json:"notices,omitempty"`  // the same, with a code and a file, for tools
	Skipped  []string      `json:"skipped,omitempty"`  // host trees left alone, and why

	lockDirs []string // absolute folders to lock while applying: the cluster folder, each tree and each file's folder
}

// FileChange is one file of a plan: its bytes before and after, and what
// changed in words.
type FileChange struct {
	Path    string   `json:"path"` // slash-separated, relative to the folder planned on
	Kind    Kind     `json:"kind"`
	Created bool     `json:"created,omitempty"` // the file does not exist yet
	Changes []string `json:"changes,omitempty"` // what the edit does, in words
	Already []string `json:"already,omitempty"` // what was already so, in words
	Old     []byte   `json:"-"`
	New     []byte   `json:"-"`

	abs  string
	mode fs.FileMode // for a created file: the mode of the file it copies
	uid  int         // for a created file: the owner of the file it copies
	gid  int
}

// Changed reports whether applying the plan writes this file.
func (f *FileChange) Changed() bool { return f.Created || !bytes.Equal(f.Old, f.New) }

func newPlan(op string, n Node, c *Cluster) *Plan {
	p := &Plan{Op: op, Node: n}
	for _, t := range c.trees {
		p.lockDirs = append(p.lockDirs, t.abs)
		for _, d := range t.docs {
			p.lockDirs = append(p.lockDirs, filepath.Dir(d.abs))
		}
	}
	if !c.single {
		p.lockDirs = append(p.lockDirs, c.base)
	}
	return p
}

// warn records w in Notices and, rendered, in Warnings.
func (p *Plan) warn(w Warning) {
	p.Notices = append(p.Notices, w)
	p.Warnings = append(p.Warnings, w.String())
}

// finish records the bytes of every file of the trees planned on, edited
// or not, then the created files.
func (p *Plan) finish(pl *planner) *Plan {
	var created []*FileChange
	for _, f := range p.Files {
		if f.Created {
			created = append(created, f)
		}
	}
	p.Files = p.Files[:0]
	for _, t := range pl.c.trees {
		if pl.skipped[t] {
			continue
		}
		for _, d := range t.docs {
			f := &FileChange{Path: d.rel, Kind: d.kind(), Old: d.old, New: d.old, abs: d.abs}
			if fe := pl.edits[d]; fe != nil {
				f.New, f.Changes, f.Already = fe.bytes(), fe.notes, fe.same
			}
			p.Files = append(p.Files, f)
		}
	}
	p.Files = append(p.Files, created...)
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
		b.WriteString("--- " + from + "\n+++ b/" + path + "\n")
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
