package cassyaml

import (
	"github.com/momoconf/momoconf/internal/source"
	yaml "go.yaml.in/yaml/v3"
)

// apply splices e into the file, re-parses the result and keeps it only if
// check, given the old and new document nodes, accepts the change. Any
// other outcome leaves the file as it was and returns an *Error at e.Start:
// the edit would have meant more than intended, so the layout around it is
// one this package does not handle.
func (f *File) apply(e source.Edit, check func(old, new *yaml.Node) bool) error {
	out, err := source.Apply(f.src, e)
	if err == nil {
		var doc *yaml.Node
		if doc, err = decode(f.name, out); err == nil && check(f.doc, doc) {
			f.src, f.doc, f.lines = out, doc, nil
			return nil
		}
	}
	return errorAt(f.name, f.src, e.Start, "found a layout where %q would change more than the value (expected a plain or quoted value on its own line)", e.New)
}

// replace writes val in place of the scalar n, reached from the document
// node by path, keeping n's quoting when it can carry val, else in the
// quoting fallback (which is also used for a value that was empty). A
// trailing comment and the blanks before it stay. Setting a plain value to
// "" leaves "key:" and any comment.
func (f *File) replace(path []int, n *yaml.Node, val string, fallback yaml.Style, flow bool) error {
	start := f.offsetOf(n)
	if start < 0 {
		return errorAt(f.name, f.src, 0, "found a value at %d:%d outside the file (expected a position yaml.v3 reports)", n.Line, n.Column)
	}
	from, to, err := span(f.src, start, n, flow)
	if err != nil {
		return errorAt(f.name, f.src, start, "%v", err)
	}
	prefer := []yaml.Style{fallback}
	if !isEmpty(n) {
		prefer = []yaml.Style{n.Style, fallback}
	}
	text := render(val, flow, prefer...)
	switch {
	case isEmpty(n) && text != "" && f.src[from-1] == ':':
		text = " " + text
	case text == "" && !flow:
		for from > 0 && isBlank(f.src[from-1]) {
			from--
		}
	}
	e := source.Edit{Start: from, End: to, New: text}
	if f.applyLocal(e, f.keyOf(path), n, val, flow) {
		return nil
	}
	check := func(old, new *yaml.Node) bool { return sameExcept(old, new, path, scalarIs(val)) }
	return f.apply(e, check)
}

// done turns the error of an edit into a verb's results: changed only when
// the edit was made.
func done(err error) (changed bool, _ error) { return err == nil, err }

// keyOf returns the key of the value reached from the document node by
// path, or nil when that value is not in a mapping.
func (f *File) keyOf(path []int) *yaml.Node {
	parent := f.doc
	for _, i := range path[:len(path)-1] {
		parent = parent.Content[i]
	}
	last := path[len(path)-1]
	if parent.Kind != yaml.MappingNode || last%2 != 1 {
		return nil
	}
	return parent.Content[last-1]
}
