package ecconf

import (
	"sort"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// item is one entry of a sequence: a list element, a hash entry or a
// statement of a scope body. commaEnd is the offset just past the comma
// that follows it, or end when none does.
type item struct {
	start, end, commaEnd int
	hasComma             bool
}

// seq is the inside of a bracketed sequence: open is the offset just past
// the opening bracket (0 at the top level), close the offset of the closing
// bracket (len(src) at the top level).
type seq struct {
	open, close int
	items       []item
	commas      bool // a list or hash, where commas may separate items
}

func mkItem(start, end, comma int) item {
	if comma < 0 {
		return item{start: start, end: end, commaEnd: end}
	}
	return item{start: start, end: end, commaEnd: comma + 1, hasComma: true}
}

func listSeq(v *Value) seq {
	sq := seq{open: v.open + 1, close: v.close, commas: true}
	for _, e := range v.Elems {
		sq.items = append(sq.items, mkItem(e.start, e.end, e.comma))
	}
	for _, e := range v.Entries {
		sq.items = append(sq.items, mkItem(e.start, e.end, e.comma))
	}
	return sq
}

func bodySeq(s *Scope) seq {
	sq := seq{open: s.open + 1, close: s.close}
	for _, st := range s.Stmts {
		start, end := st.span()
		sq.items = append(sq.items, mkItem(start, end, -1))
	}
	return sq
}

// skipBlanks returns the offset of the first byte from offset on that is not
// a space or a tab.
func skipBlanks(src []byte, offset int) int {
	for offset < len(src) && (src[offset] == ' ' || src[offset] == '\t') {
		offset++
	}
	return offset
}

// closeFollows reports whether only spaces and tabs separate offset from
// the sequence's closing bracket.
func (sq seq) closeFollows(src []byte, offset int) bool {
	return skipBlanks(src, offset) == sq.close && sq.close < len(src)
}

// hasComment reports whether a comment lies in src[start:end].
func (f *File) hasComment(start, end int) bool {
	i := sort.Search(len(f.comments), func(i int) bool { return f.comments[i][0] >= start })
	return i < len(f.comments) && f.comments[i][0] < end
}

// lastCommentLine returns the offset of the last comment in (start, end)
// that starts its line, or -1.
func (f *File) lastCommentLine(start, end int) int {
	i := sort.Search(len(f.comments), func(i int) bool { return f.comments[i][0] >= end })
	for i--; i >= 0 && f.comments[i][0] > start; i-- {
		if source.OnlySpaceBefore(f.src, f.comments[i][0]) {
			return f.comments[i][0]
		}
	}
	return -1
}

// eol returns the line ending to give a new line written near offset.
func (f *File) eol(offset int) string {
	if e := source.LineEnding(f.src, offset); e != "" {
		return e
	}
	return source.FileLineEnding(f.src)
}

// alignTo returns the indent that puts a new line's text in the column of
// offset: the line's own indent, then spaces.
func alignTo(src []byte, offset int) string {
	ind := source.Indent(src, offset)
	start := source.LineStart(src, offset) + len(ind)
	return ind + strings.Repeat(" ", max(0, offset-start))
}
