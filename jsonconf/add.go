package jsonconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// addEdits returns the edits that append the JSON string q to a.
func (f *File) addEdits(a *array, q string) []source.Edit {
	n := len(a.elems)
	switch {
	case n == 0:
		return f.addFirst(a, q)
	case f.onlySpaceBefore(a.elems[n-1].start):
		return f.addLine(a.elems[n-1], q)
	default:
		return f.addInline(a, q)
	}
}

// addLine appends q on a new line below last, which starts its line: last
// gains a comma right after it (white space after it stays on its line) and
// the new line copies its indentation and line ending. A ']' sharing last's
// line stays after the new element.
func (f *File) addLine(last element, q string) []source.Edit {
	eol := f.eolAt(last.start)
	line := eol + source.Indent(f.src, last.start) + q
	if !source.OnlySpaceAfter(f.src, last.end) {
		return []source.Edit{{Start: last.end, End: last.end, New: "," + line}}
	}
	end := source.LineEnd(f.src, last.end)
	return []source.Edit{
		{Start: last.end, End: last.end, New: ","},
		{Start: end, End: end, New: line},
	}
}

// addInline appends q after the last element on its line, with the
// separator that precedes the last element (which may start with a line
// break, in comma-first layouts), or with ", " (or "," in compact JSON)
// when the array has one element.
func (f *File) addInline(a *array, q string) []source.Edit {
	n := len(a.elems)
	last := a.elems[n-1]
	sep := ", "
	if n >= 2 {
		sep = lastLineBreak(string(f.src[a.elems[n-2].end:last.start]))
	} else if f.compact(a) {
		sep = ","
	}
	return []source.Edit{{Start: last.end, End: last.end, New: sep + q}}
}

// compact reports whether a is written without spaces: no space after its
// '[', nor before it (after the key's colon).
func (f *File) compact(a *array) bool {
	tight := a.open+1 == a.elems[0].start
	return tight && (a.open == f.start || !isSpace(f.src[a.open-1]))
}

// addFirst puts q into the empty array a. An array holding a line break
// gets q on a new line after its '['. One alone on its line, written "[]",
// takes the layout of the file's first other array that holds something:
// on one line, as ["q"], when that array is on one line (without padding,
// so that removing q again gives back "[]"); else (or when there is none)
// it opens onto new lines. Others stay on one line, q taking the place of the white space
// between the brackets, which is kept on both sides.
func (f *File) addFirst(a *array, q string) []source.Edit {
	inner := string(f.src[a.open+1 : a.close])
	outer := source.Indent(f.src, a.open)
	indent := outer + f.indentUnit()
	eol := f.eolAt(a.open)
	switch {
	case !source.SameLine(f.src, a.open, a.close):
		end := source.LineEnd(f.src, a.open)
		return []source.Edit{{Start: end, End: end, New: eol + indent + q}}
	case inner == "" && f.onOwnLine(a):
		if f.inlineArrays(a.open) {
			return []source.Edit{{Start: a.close, End: a.close, New: q}}
		}
		return []source.Edit{{Start: a.close, End: a.close, New: eol + indent + q + eol + outer}}
	default:
		return []source.Edit{{Start: a.open + 1, End: a.close, New: inner + q + inner}}
	}
}

// inlineArrays reports whether the first array of the file that holds
// something, other than the one opening at skip, is written on one line
// (its '[' and first element sharing a line); false when there is none.
func (f *File) inlineArrays(skip int) bool {
	for i := f.start; i < len(f.src); i++ {
		switch f.src[i] {
		case '"':
			i = stringEnd(f.src, i) - 1
		case '[':
			first := f.skipSpace(i + 1)
			if i == skip || first >= len(f.src) || f.src[first] == ']' {
				continue
			}
			return source.SameLine(f.src, i, first)
		}
	}
	return false
}

// lastLineBreak returns sep from the last line break before its comma on,
// so that blank lines before a comma-first separator are not copied; a sep
// without a line break before its comma is returned whole.
func lastLineBreak(sep string) string {
	comma := strings.IndexByte(sep, ',')
	i := strings.LastIndexByte(sep[:max(comma, 0)], '\n')
	if i < 0 {
		return sep
	}
	if i > 0 && sep[i-1] == '\r' {
		i--
	}
	return sep[i:]
}
