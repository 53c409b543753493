package nginxconf

import (
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/momoconf/momoconf/internal/source"
)

// wholeReparses counts the edits that parsed the whole file again, for
// the tests that check an edit splices.
var wholeReparses atomic.Int64

// splice makes edits, which all lie inside the directive n (a block of
// the file), and updates the tree rather than parsing the whole file
// again: it parses n's new text alone, from the same state a whole parse
// is in when it reaches n, puts the result in n's place, and moves every
// offset after n by the change in length. The result is the tree Parse
// gives for the new bytes; the tests compare the two after every edit.
//
// A file read with the other reading of Lua comments, an edit outside the
// braces of n, or a new text for n that does not parse as one directive
// ending where n now ends is left to a whole parse, which is then also
// what reports an error.
func (f *File) splice(n *node, edits ...source.Edit) error {
	out, err := applyEdits(f.t.src, edits)
	if err != nil {
		return f.t.errorf(0, "found overlapping edits (expected none): %w", err)
	}
	delta := len(out) - len(f.t.src)
	t := &text{name: f.t.name, src: out}
	path := f.pathTo(n)
	if !f.luaComments || !within(edits, n) || len(out) > MaxSize || path == nil {
		return f.reparse(t)
	}
	nn, ups, ok := parseOne(t, n.start, n.end+delta, len(path)-1)
	if !ok || checkUpstreams(t, ups) != nil {
		return f.reparse(t)
	}
	parent := path[len(path)-1]
	parent.children[firstEndingAfter(parent.children, n.start)] = nn
	f.replaceUpstreams(n, ups)
	shiftAfter(f.root, n.end, delta, nn)
	f.t = t
	return nil
}

// applyEdits returns a copy of src with the edits made, as source.Apply
// does, in a buffer of the exact size: a file of many megabytes is copied
// once, with no growth of the buffer.
func applyEdits(src []byte, edits []source.Edit) ([]byte, error) {
	size := len(src)
	for _, e := range edits {
		size += len(e.New) - (e.End - e.Start)
	}
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b source.Edit) int { return a.Start - b.Start })
	out := make([]byte, 0, max(size, 0))
	last := 0
	for _, e := range sorted {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) overlaps or lies outside [%d,%d)", e.Start, e.End, last, len(src))
		}
		out = append(append(out, src[last:e.Start]...), e.New...)
		last = e.End
	}
	return append(out, src[last:]...), nil
}

// reparse parses t whole and makes it the file.
func (f *File) reparse(t *text) error {
	wholeReparses.Add(1)
	nf, err := parseText(t)
	if err != nil {
		return f.t.errorf(0, "found the edited file unparsable (expected it to parse): %w", err)
	}
	*f = *nf
	return nil
}

// within reports whether n is a block (not a Lua body) and every edit lies
// between its braces.
func within(edits []source.Edit, n *node) bool {
	if !n.block || n.lua {
		return false
	}
	for _, e := range edits {
		if e.Start <= n.term || e.End > n.close {
			return false
		}
	}
	return true
}

// pathTo returns the blocks that hold n, the file's root first, or nil
// when n is not in the tree. Children are in file order, so each step is
// a binary search.
func (f *File) pathTo(n *node) []*node {
	path := []*node{f.root}
	for cur := f.root; ; {
		c := childAt(cur.children, n.start)
		switch {
		case c == nil:
			return nil
		case c == n:
			return path
		}
		path, cur = append(path, c), c
	}
}

// childAt returns the child whose span holds offset, or nil.
func childAt(children []*node, offset int) *node {
	lo, hi := 0, len(children)
	for lo < hi {
		mid := (lo + hi) / 2
		if children[mid].end <= offset {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(children) && children[lo].start <= offset {
		return children[lo]
	}
	return nil
}

// parseOne parses the one directive of t that starts at start and must
// end at end, as a whole parse would find it depth blocks deep, and
// returns it with the upstream blocks it holds.
func parseOne(t *text, start, end, depth int) (*node, []*node, bool) {
	p := &parser{sc: scanner{f: t, pos: start}, t: t, luaComments: true, baseDepth: depth}
	root := &node{}
	p.stack = []*node{root}
	for len(root.children) == 0 || p.cur != nil || len(p.stack) > 1 {
		tok, err := p.sc.next()
		if err != nil || tok.kind == tokEOF {
			return nil, nil, false
		}
		if _, err := p.step(tok); err != nil {
			return nil, nil, false
		}
	}
	if len(root.children) != 1 || root.children[0].end != end {
		return nil, nil, false
	}
	return root.children[0], p.upstreams, true
}

// replaceUpstreams puts ups, the upstream blocks of the new directive
// that replaces old, where old's were in the file's list.
func (f *File) replaceUpstreams(old *node, ups []*node) {
	i := 0
	for i < len(f.upstreams) && f.upstreams[i].start < old.start {
		i++
	}
	j := i
	for j < len(f.upstreams) && f.upstreams[j].end <= old.end {
		j++
	}
	rest := append(ups[:len(ups):len(ups)], f.upstreams[j:]...)
	f.upstreams = append(f.upstreams[:i], rest...)
}

// shiftAfter moves by delta every offset at or after at, in the tree under
// n, except inside skip (the new directive, already at its offsets).
func shiftAfter(n *node, at, delta int, skip *node) {
	if n == skip || delta == 0 {
		return
	}
	if n.start >= at {
		shiftAll(n, delta)
		return
	}
	for _, o := range []*int{&n.end, &n.term, &n.close} {
		if *o >= at {
			*o += delta
		}
	}
	for _, c := range n.children[firstEndingAfter(n.children, at):] {
		shiftAfter(c, at, delta, skip)
	}
}

// firstEndingAfter returns the index of the first child that ends after
// at: the ones before it lie wholly before at.
func firstEndingAfter(children []*node, at int) int {
	lo, hi := 0, len(children)
	for lo < hi {
		mid := (lo + hi) / 2
		if children[mid].end <= at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// shiftAll moves every offset of n and its children by delta.
func shiftAll(n *node, delta int) {
	n.start, n.end, n.term = n.start+delta, n.end+delta, n.term+delta
	if n.block {
		n.close += delta
	}
	for i := range n.words {
		n.words[i].start += delta
		n.words[i].end += delta
	}
	for _, c := range n.children {
		shiftAll(c, delta)
	}
}
