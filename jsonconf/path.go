package jsonconf

import (
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/tidwall/gjson"
)

// span is the bytes src[start:end] of one value.
type span struct{ start, end int }

// isRootPath reports whether path names the top-level value: gjson has no
// plain path for it, so "" and "@this" do.
func isRootPath(path string) bool { return path == "" || path == "@this" }

// Has reports whether path names a value in the file, of any type. The path
// is a gjson path; "" and "@this" name the top-level value.
func (f *File) Has(path string) bool {
	if isRootPath(path) {
		return true
	}
	return gjson.Get(text(f.body()), path).Exists()
}

// locate returns the span of the value that path names. A path that names
// nothing is an error wrapping ErrNoPath; one whose result gjson computes
// (a query, a modifier, a pipe) rather than finds in the file is an error
// too, since there are no bytes to edit, even when the result happens to
// equal bytes of the file.
func (f *File) locate(path, want string) (span, error) {
	if isRootPath(path) {
		return f.root(), nil
	}
	parts, plain := splitPath(path)
	if !plain {
		return span{}, f.errorf(f.root().start, "found path %q using a gjson query, modifier or pipe (expected a plain path of keys and indexes to %s)", showPath(path), want)
	}
	if !hasWildcard(parts) {
		return f.walk(parts, path, want)
	}
	r := gjson.Get(text(f.body()), path)
	if !r.Exists() {
		return span{}, f.missing(parts, path, want)
	}
	sp, ok := f.inFile(r)
	if !ok {
		return span{}, f.errorf(f.root().start, "found path %q naming a computed value (expected a path to %s in the file)", showPath(path), want)
	}
	return sp, f.checkUnique(parts, path)
}

// inFile returns the span in the file of a gjson result, and false when the
// result's bytes are not in the file where its Index says.
func (f *File) inFile(r gjson.Result) (span, bool) {
	body := f.body()
	start, end := r.Index, r.Index+len(r.Raw)
	if r.Raw == "" || end > len(body) || string(body[start:end]) != r.Raw {
		return span{}, false
	}
	return span{f.start + start, f.start + end}, true
}

// root returns the span of the top-level value.
func (f *File) root() span {
	start, end := f.start, len(f.src)
	for start < end && isSpace(f.src[start]) {
		start++
	}
	for end > start && isSpace(f.src[end-1]) {
		end--
	}
	return span{start, end}
}

// missing returns the error for a path that names nothing, placed at the
// deepest value along the path that does exist.
func (f *File) missing(parts []pathPart, path, want string) error {
	at := f.root().start
	parent := f.rootResult()
	for _, p := range parts {
		parent = parent.Get(p.raw)
		sp, ok := f.inFile(parent)
		if !ok {
			break
		}
		at = sp.start
	}
	return &Error{
		Pos: source.PositionAt(f.name, f.src, at),
		Msg: fmt.Sprintf("found no value at path %q (expected %s)", showPath(path), want),
		Err: ErrNoPath,
	}
}

// rootResult returns the top-level value as a gjson result whose Index is
// right, so that the results of its Get and ForEach are placed right too.
func (f *File) rootResult() gjson.Result {
	root := f.root()
	r := gjson.Parse(text(f.src[root.start:root.end]))
	r.Index = root.start - f.start // Parse leaves Index at 0
	return r
}

// A pathPart is one component of a plain gjson path: as written (escapes
// kept), the key it matches, and whether it holds a wildcard ('*' or '?').
type pathPart struct {
	raw, key string
	wild     bool
}

// splitPath splits a plain gjson path, one made of keys, indexes and
// wildcards, at its unescaped dots. It returns false for a path that uses
// queries, modifiers, pipes, multipaths or literals, whose results gjson
// computes rather than finds.
func splitPath(path string) ([]pathPart, bool) {
	var parts []pathPart
	var p pathPart
	var raw, key strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '\\' && i+1 < len(path):
			i++
			raw.WriteByte(c)
			raw.WriteByte(path[i])
			key.WriteByte(path[i])
			continue
		case c == '.':
			if raw.Len() == 0 {
				return nil, false
			}
			p.raw, p.key = raw.String(), key.String()
			parts = append(parts, p)
			p = pathPart{}
			raw.Reset()
			key.Reset()
			continue
		case c == '*' || c == '?':
			p.wild = true
		case c == '|' || c == '\\',
			raw.Len() == 0 && strings.IndexByte("@#![{", c) >= 0:
			return nil, false
		}
		raw.WriteByte(c)
		key.WriteByte(c)
	}
	if raw.Len() == 0 {
		return nil, false
	}
	p.raw, p.key = raw.String(), key.String()
	return append(parts, p), true
}

// hasWildcard reports whether a part of the path holds '*' or '?'.
func hasWildcard(parts []pathPart) bool {
	for _, p := range parts {
		if p.wild {
			return true
		}
	}
	return false
}

// checkUnique refuses a plain path that passes through an object holding
// its key twice. gjson takes the first of the two, while Node, jq and
// encoding/json keep the last, so an edit there would be one the
// application never reads.
func (f *File) checkUnique(parts []pathPart, path string) error {
	parent := f.rootResult()
	for _, p := range parts {
		if parent.IsObject() && !p.wild {
			if off, dup := secondKey(parent, p.key); dup {
				return f.errorf(f.start+off, "found key %q a second time in one object (expected each key once along path %q)", showPath(p.key), showPath(path))
			}
		}
		parent = parent.Get(p.raw)
	}
	return nil
}

// secondKey returns the offset of the second member of object obj whose key
// is key, and whether there is one.
func secondKey(obj gjson.Result, key string) (int, bool) {
	seen, at := 0, 0
	obj.ForEach(func(k, _ gjson.Result) bool {
		if k.String() == key {
			seen++
			at = k.Index
		}
		return seen < 2
	})
	return at, seen >= 2
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// maxShownPath caps the length of a path quoted in an error message.
const maxShownPath = 200

// showPath returns path for an error message, cut short if very long.
func showPath(path string) string {
	if len(path) <= maxShownPath {
		return path
	}
	return strings.ToValidUTF8(path[:maxShownPath], "") + "..."
}
