package cassyaml

import (
	"bytes"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	yaml "go.yaml.in/yaml/v3"
)

// maxTries bounds how many commented-out lines insert tries (each try
// parses the whole file again), so that a file full of them stays linear.
const maxTries = 4

// insert adds the absent top-level key: after the first of its first
// maxTries commented-out lines where a top-level key can go, else (when add
// is set) at the end of the file.
func (f *File) insert(key, val string, add bool) (bool, error) {
	root := f.root()
	if root.Style&yaml.FlowStyle != 0 {
		return false, errorAt(f.name, f.src, max(0, f.offsetOf(root)), "found a flow mapping at the top without %s (expected a block mapping to add it to)", key).wrap(ErrNoKey)
	}
	indent := strings.Repeat(" ", max(0, root.Column-1))
	commented := f.commentedOut(key, indent)
	for i, at := range commented {
		if i == maxTries {
			break
		}
		if f.addAfter(at, key, val, indent) == nil {
			return true, nil
		}
	}
	if add {
		return done(f.appendKey(key, val, indent))
	}
	if len(commented) > 0 {
		return false, errorAt(f.name, f.src, commented[0], "found %s only commented out where a top-level key cannot go (expected it between top-level keys)", key).wrap(ErrNoKey)
	}
	return false, errorAt(f.name, f.src, 0, "found no %s, set or commented out (expected a line \"%s: ...\" or \"# %s: ...\")", key, key, key).wrap(ErrNoKey)
}

// commentedOut returns the offsets of key in the full-line comments that
// read "#key:" or "# key: ...", the '#' at the indentation of the top-level
// keys, in file order.
func (f *File) commentedOut(key, indent string) []int {
	var found []int
	for from := 0; ; {
		i := bytes.Index(f.src[from:], []byte(key+":"))
		if i < 0 {
			return found
		}
		at := from + i
		from = at + len(key) + 1
		if from < len(f.src) && !isBlank(f.src[from]) && breakLen(f.src, from) == 0 {
			continue
		}
		start, _, _ := lineBounds(f.src, at)
		prefix, ok := strings.CutPrefix(string(f.src[start:at]), indent+"#")
		if ok && strings.Trim(prefix, " \t") == "" {
			found = append(found, at)
		}
	}
}

// addAfter adds "key: val" on the line after the comment holding key at
// offset at, copying the comment's spacing after the ':', the quoting of its
// example value and its line ending.
func (f *File) addAfter(at int, key, val, indent string) error {
	_, end, eol := lineBounds(f.src, at)
	rest := string(f.src[at+len(key)+1 : end])
	sep := rest[:len(rest)-len(strings.TrimLeft(rest, " \t"))]
	if sep == "" {
		sep = " "
	}
	line := indent + key + ":"
	if text := render(val, false, exampleStyle(rest), 0); text != "" {
		line += sep + text
	}
	e := source.Edit{Start: end + len(eol), End: end + len(eol), New: line + eol}
	if eol == "" {
		e.New = fileEOL(f.src) + line
	}
	return f.apply(e, pairAdded(key, val))
}

// appendKey adds "key: val" as the last line of the file.
func (f *File) appendKey(key, val, indent string) error {
	line := indent + key + ":"
	if text := render(val, false, 0); text != "" {
		line += " " + text
	}
	n := len(f.src)
	e := source.Edit{Start: n, End: n, New: line + fileEOL(f.src)}
	if n > 0 && f.src[n-1] != '\n' && f.src[n-1] != '\r' {
		e.New = fileEOL(f.src) + line
	}
	return f.apply(e, pairAdded(key, val))
}

// pairAdded checks that the new document is the old one plus key: val at
// the top.
func pairAdded(key, val string) func(old, new *yaml.Node) bool {
	return func(old, new *yaml.Node) bool {
		return sameNode(old, new) && sameWithPair(old.Content[0], new.Content[0], key, val)
	}
}

// exampleStyle returns the quoting of the example value in the rest of a
// commented-out line after "key:" (0, plain, when it has none or is not a
// plain YAML scalar).
func exampleStyle(rest string) (st yaml.Style) {
	defer func() {
		if recover() != nil {
			st = 0
		}
	}()
	var n yaml.Node
	if yaml.Unmarshal([]byte("k:"+rest+"\n"), &n) != nil || len(n.Content) != 1 || len(n.Content[0].Content) != 2 {
		return 0
	}
	return n.Content[0].Content[1].Style & (yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle)
}
