package jsonconf

import (
	"unsafe"

	"github.com/tidwall/gjson"
)

// text returns b as a string without copying it. It is safe here because
// the bytes of a File are never modified: an edit makes new ones.
func text(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// walk finds the value a path without wildcards names, checking on the way
// that no object it passes through holds its key twice. The first time a
// path is walked it reads each object along it once, taking the key's
// first member (as gjson does) and counting the others: one pass, where a
// gjson lookup followed by a walk for duplicates took two or three. The
// verbs only edit arrays of strings, so keys never change and a path found
// free of duplicates stays so: later walks of it stop at the first match.
func (f *File) walk(parts []pathPart, path, want string) (span, error) {
	if f.unique[path] {
		if sp, ok := f.inFile(gjson.Get(text(f.body()), path)); ok {
			return sp, nil
		}
	}
	cur := f.rootResult()
	for _, p := range parts {
		var next gjson.Result
		switch {
		case cur.IsObject():
			var dup int
			if next, dup = member(cur, p.key); dup >= 0 {
				return span{}, f.errorf(f.start+dup, "found key %q a second time in one object (expected each key once along path %q)", showPath(p.key), showPath(path))
			}
		case cur.IsArray():
			next = cur.Get(p.raw)
		}
		if !next.Exists() {
			return span{}, f.missing(parts, path, want)
		}
		cur = next
	}
	sp, ok := f.inFile(cur)
	if !ok {
		return span{}, f.errorf(f.root().start, "found path %q naming a computed value (expected a path to %s in the file)", showPath(path), want)
	}
	if f.unique == nil {
		f.unique = make(map[string]bool)
	}
	f.unique[path] = true
	return sp, nil
}

// member returns the value of the first member of object obj whose key is
// key, and the offset of a second such key in the JSON text, or -1.
func member(obj gjson.Result, key string) (val gjson.Result, dup int) {
	dup = -1
	obj.ForEach(func(k, v gjson.Result) bool {
		if k.Str != key {
			return true
		}
		if val.Exists() {
			dup = k.Index
			return false
		}
		val = v
		return true
	})
	return val, dup
}
