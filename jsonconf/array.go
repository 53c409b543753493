package jsonconf

import (
	"bytes"

	"github.com/tidwall/gjson"

	"github.com/momoconf/momoconf/internal/source"
)

// wantStrings is what the verbs expect to find at their path.
const wantStrings = "an array of strings"

// An element is one string of an array: its bytes src[start:end], quotes
// included, and the offset of the comma after it (-1 for the last element).
type element struct{ start, end, comma int }

// An array is an array of strings in the file: the offsets of its '[' and
// ']', and its elements.
type array struct {
	open, close int
	elems       []element
}

// stringArray finds the array of strings at path.
func (f *File) stringArray(path string) (*array, error) {
	sp, err := f.locate(path, wantStrings)
	if err != nil {
		return nil, err
	}
	if c := f.src[sp.start]; c != '[' {
		return nil, f.errorf(sp.start, "found %s at path %q (expected %s)", kindOf(c), showPath(path), wantStrings)
	}
	return f.scanArray(sp, path)
}

// scanArray reads the elements of the array at sp. The file is valid JSON,
// so only the kinds of the elements need checking. The array holds at most
// half as many strings as quotes, so the elements are allocated once.
func (f *File) scanArray(sp span, path string) (*array, error) {
	quotes := bytes.Count(f.src[sp.start:sp.end], []byte{'"'})
	a := &array{open: sp.start, elems: make([]element, 0, quotes/2)}
	pos := f.skipSpace(sp.start + 1)
	for f.src[pos] != ']' {
		if f.src[pos] != '"' {
			return nil, f.errorf(pos, "found %s in the array at path %q (expected a string)", kindOf(f.src[pos]), showPath(path))
		}
		e := element{start: pos, end: stringEnd(f.src, pos), comma: -1}
		pos = f.skipSpace(e.end)
		if f.src[pos] == ',' {
			e.comma = pos
			pos = f.skipSpace(pos + 1)
		}
		a.elems = append(a.elems, e)
	}
	a.close = pos
	return a, nil
}

// skipSpace returns the offset of the first byte at or after pos that is not
// JSON white space.
func (f *File) skipSpace(pos int) int {
	for pos < len(f.src) && isSpace(f.src[pos]) {
		pos++
	}
	return pos
}

// stringEnd returns the offset just past the closing quote of the valid
// string whose opening quote is at start.
func stringEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return len(src)
		}
		i += q
		if !escaped(src, i) {
			return i + 1
		}
		i++
	}
	return len(src)
}

// escaped reports whether the byte at i follows an odd number of
// backslashes, inside a string.
func escaped(src []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// decode returns the value of a valid JSON string, quotes included.
func decode(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	return gjson.ParseBytes(raw).String()
}

// kindOf names the kind of JSON value that starts with c.
func kindOf(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// values returns the decoded values of the elements of a.
func (f *File) values(a *array) []string {
	out := make([]string, len(a.elems))
	for i, e := range a.elems {
		out[i] = decode(f.src[e.start:e.end])
	}
	return out
}

// matching returns the indexes of the elements of a equal to value,
// ignoring ASCII case. Elements without escapes are compared in place.
func (f *File) matching(a *array, value string) []int {
	var idx []int
	for i, e := range a.elems {
		raw := f.src[e.start:e.end]
		var eq bool
		if bytes.IndexByte(raw, '\\') < 0 {
			eq = source.EqualFoldASCII(raw[1:len(raw)-1], value)
		} else {
			eq = source.EqualFoldASCII(decode(raw), value)
		}
		if eq {
			idx = append(idx, i)
		}
	}
	return idx
}
