package cassyaml

import (
	"bytes"

	"github.com/momoconf/momoconf/internal/source"
	yaml "go.yaml.in/yaml/v3"
)

// A local edit replaces one scalar value of a block mapping, written on
// the line of its key, by another written on that line, and is verified by
// parsing that line alone rather than the whole file again. That is enough
// because in block context the structure of a document is carried by the
// other lines' indentation and tokens, which such an edit leaves alone:
//
//   - the bytes before the key on its line, and the key, do not change, so
//     the line still opens the same pair at the same indentation;
//   - the new value must parse, on the key's line alone, as one pair with
//     that key and a scalar meaning the value set, followed by nothing but
//     what followed the old value (blanks, a comment), so no token of the
//     line runs onto the next one: a quoted scalar closes on the line;
//   - a plain scalar could go on over more indented lines below, but only
//     when the old value, also plain and also followed by the same bytes,
//     would have too, which span refuses; so a plain value may only
//     replace a plain one;
//   - the value carries no anchor, alias or tag, old or new, so no other
//     node refers to it.
//
// Any other edit (an empty value, flow context, a key on another line, an
// added key) is verified by parsing the whole file again.

// applyLocal reports whether the edit e of the scalar n, the value of key,
// can be verified on its line alone (see above), and if so, updates the
// file to the new bytes out and n to what its line now says.
func (f *File) applyLocal(e source.Edit, key, n *yaml.Node, val string, flow bool) bool {
	if flow || key == nil || isEmpty(n) || e.New == "" || key.Line != n.Line || n.Kind != yaml.ScalarNode {
		return false
	}
	plainNew := e.New[0] != '\'' && e.New[0] != '"'
	if plainNew && n.Style != 0 {
		return false
	}
	keyAt := f.offsetOf(key)
	if keyAt < 0 || keyAt > e.Start || hasBreak(f.src[keyAt:e.End]) {
		return false
	}
	out, err := source.Apply(f.src, e)
	if err != nil {
		return false
	}
	end := e.Start + len(e.New)
	for end < len(out) && breakLen(out, end) == 0 {
		end++
	}
	got, ok := onePair(out[keyAt:end])
	if !ok || got.key.Value != key.Value || got.val.Kind != yaml.ScalarNode ||
		got.val.Anchor != "" || got.val.Style&yaml.TaggedStyle != 0 || scalarValue(got.val) != val {
		return false
	}
	f.shiftLines(n.Line, len(out)-len(f.src))
	f.src = out
	n.Value, n.Tag, n.Style = got.val.Value, got.val.Tag, got.val.Style
	return true
}

// pair is a key and its value.
type pair struct{ key, val *yaml.Node }

// onePair parses line, which holds no line break, as YAML and returns its
// one pair, and false when it is anything else or does not parse.
func onePair(line []byte) (p pair, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var doc yaml.Node
	if yaml.Unmarshal(forParser(line), &doc) != nil || len(doc.Content) != 1 {
		return pair{}, false
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode || len(m.Content) != 2 || m.Style&yaml.FlowStyle != 0 {
		return pair{}, false
	}
	return pair{m.Content[0], m.Content[1]}, true
}

// hasBreak reports whether b holds a line break, as yaml.v3 counts them.
func hasBreak(b []byte) bool {
	if bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') >= 0 {
		return true
	}
	for i := range b {
		if breakLen(b, i) > 0 {
			return true
		}
	}
	return false
}

// shiftLines moves the starts of the lines after line (counted from 1) by
// delta bytes, after an edit inside that line; the index stays unbuilt if
// it was.
func (f *File) shiftLines(line, delta int) {
	for i := line; i < len(f.lines); i++ {
		f.lines[i] += delta
	}
}
