package cassyaml

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// scalarValue returns what a scalar means to Cassandra: its text, or "" for a
// null ("", "~", "null").
func scalarValue(n *yaml.Node) string {
	if n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// isEmpty reports whether n is a null written as nothing at all, which
// yaml.v3 places just after the ':' of its key.
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value == "" && n.ShortTag() == "!!null"
}

// span returns the bytes [start, end) of the scalar n, which starts at
// start: the quotes included, a trailing comment and blanks excluded. It
// refuses what it cannot replace by one line: block scalars (| and >), plain
// scalars that continue on the next line, and values carrying an anchor or
// an explicit tag. In flow context a plain scalar also ends at , [ ] { }.
// An empty value is an empty span where yaml.v3 places it: just after the
// ':' in block context, at the next ',' or '}' (after blanks) in flow.
func span(src []byte, start int, n *yaml.Node, flow bool) (int, int, error) {
	switch {
	case n.Kind == yaml.AliasNode:
		return 0, 0, fmt.Errorf("found %s (expected a plain or quoted value)", describe(n))
	case n.Kind != yaml.ScalarNode:
		return 0, 0, fmt.Errorf("found %s (expected a plain or quoted value)", describe(n))
	case n.Anchor != "" || n.Style&yaml.TaggedStyle != 0:
		return 0, 0, fmt.Errorf("found a value with an anchor or a tag (expected a plain or quoted value)")
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return 0, 0, fmt.Errorf("found a block scalar (expected a plain or quoted value)")
	case isEmpty(n):
		before := start
		for before > 0 && isBlank(src[before-1]) {
			before--
		}
		if before == 0 || src[before-1] != ':' {
			return 0, 0, fmt.Errorf("found an empty value not after a ':' (expected key: value)")
		}
		return start, start, nil
	case n.Style&yaml.SingleQuotedStyle != 0:
		return quotedSpan(src, start, '\'')
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return quotedSpan(src, start, '"')
	}
	end := plainEnd(src, start, flow)
	if string(src[start:end]) != n.Value {
		return 0, 0, fmt.Errorf("found a plain value that goes on over more than one line (expected one line)")
	}
	return start, end, nil
}

// quotedSpan returns the span of the quoted scalar opening at start. In a
// single-quoted scalar a doubled quote stands for one; in a double-quoted
// one a backslash escapes the next byte.
func quotedSpan(src []byte, start int, q byte) (int, int, error) {
	if start >= len(src) || src[start] != q {
		return 0, 0, fmt.Errorf("found no opening %c where the value starts (expected a quoted value)", q)
	}
	for i := start + 1; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i++
		case src[i] == q:
			return start, i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("found no closing %c (expected a quoted value)", q)
}

// plainEnd returns where the plain scalar starting at start ends on its
// line: before a line break or a " #" comment (and, in flow context, before
// a flow indicator), trailing blanks excluded.
func plainEnd(src []byte, start int, flow bool) int {
	end := start
	for ; end < len(src); end++ {
		c := src[end]
		if breakLen(src, end) > 0 || (c == '#' && end > start && isBlank(src[end-1])) {
			break
		}
		if flow && bytes.IndexByte([]byte(",[]{}"), c) >= 0 {
			break
		}
	}
	for end > start && isBlank(src[end-1]) {
		end--
	}
	return end
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// checkText refuses a value or key that cannot stand on one line of YAML:
// text that is not UTF-8, control characters (tab and line breaks included)
// and the characters YAML does not allow at all.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("found %s %q, which is not UTF-8 (expected UTF-8 text)", what, s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == '\ufffe' || r == '\uffff' {
			return fmt.Errorf("found %s %q holding the character %U (expected printable text on one line)", what, s, r)
		}
	}
	return nil
}

// render returns s written as a YAML scalar in the first of the styles
// given (their quoting bits; 0 is plain), then single-quoted, then
// double-quoted, that reads back as s (a plain "" reads back as a null,
// which is the same to Cassandra).
func render(s string, flow bool, prefer ...yaml.Style) string {
	for _, st := range slices.Concat(prefer, []yaml.Style{yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle}) {
		st &= yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle
		text := quote(s, st)
		if readsBack(text, s, flow) {
			return text
		}
	}
	return quote(s, yaml.DoubleQuotedStyle)
}

// quote writes s in style st (0 is plain).
func quote(s string, st yaml.Style) string {
	switch st {
	case yaml.SingleQuotedStyle:
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case yaml.DoubleQuotedStyle:
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return s
}

// readsBack reports whether text, written as the value of a key in block
// (or flow) context, parses back to the value s.
func readsBack(text, s string, flow bool) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	doc := "k: " + text + "\n"
	if flow {
		doc = "{k: " + text + "}\n"
	}
	var n yaml.Node
	if yaml.Unmarshal([]byte(doc), &n) != nil || len(n.Content) != 1 {
		return false
	}
	m := n.Content[0]
	return m.Kind == yaml.MappingNode && len(m.Content) == 2 && m.Content[1].Kind == yaml.ScalarNode &&
		scalarValue(m.Content[1]) == s && m.Content[1].Line == 1
}

// plainKey reports whether key can be written bare as a top-level key.
func plainKey(key string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var n yaml.Node
	if key == "" || yaml.Unmarshal([]byte(key+": x\n"), &n) != nil || len(n.Content) != 1 {
		return false
	}
	m := n.Content[0]
	return m.Kind == yaml.MappingNode && len(m.Content) == 2 && m.Content[0].Value == key && m.Content[0].Style == 0
}
