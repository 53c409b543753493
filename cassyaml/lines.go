package cassyaml

import (
	"bytes"
	"sort"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// lineIndex holds the byte offset at which each line starts, lines counted
// the way yaml.v3 counts them: "\r\n", "\n", "\r", NEL, LS and PS each end a
// line. A UTF-8 byte order mark is not part of line 1, as in yaml.v3.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	lf := bytes.Count(src, []byte{'\n'})
	cr := bytes.Count(src, []byte{'\r'})
	idx := make(lineIndex, 1, 1+lf+cr)
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		idx[0] = 3
	}
	if cr == 0 && bytes.IndexByte(src, 0xC2) < 0 && bytes.IndexByte(src, 0xE2) < 0 {
		// Only "\n" can break a line here (NEL, LS and PS start with
		// 0xC2 or 0xE2): jump from one to the next.
		for i := 0; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return idx
			}
			i += j + 1
			idx = append(idx, i)
		}
	}
	for i := 0; i < len(src); i++ {
		if c := src[i]; c != '\n' && c != '\r' && c != 0xC2 && c != 0xE2 {
			continue // not the first byte of a line break: the common case, kept cheap
		}
		if n := breakLen(src, i); n > 0 {
			i += n - 1
			idx = append(idx, i+1)
		}
	}
	return idx
}

// breakLen returns the length of the line break at src[i], or 0.
func breakLen(src []byte, i int) int {
	switch {
	case src[i] == '\n':
		return 1
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return 2
	case src[i] == '\r':
		return 1
	case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
		return 2
	case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
		return 3
	}
	return 0
}

// offset returns the byte offset of line and column as yaml.v3 reports
// them (both from 1; the column counts characters, a byte that is not UTF-8
// counting as one), or -1 when they lie outside src.
func (idx lineIndex) offset(src []byte, line, col int) int {
	if line < 1 || line > len(idx) || col < 1 {
		return -1
	}
	off := idx[line-1]
	for c := 1; c < col; c++ {
		if off >= len(src) || breakLen(src, off) > 0 {
			return -1
		}
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// lineOf returns the line (from 1) that holds byte offset off.
func (idx lineIndex) lineOf(off int) int {
	return sort.Search(len(idx), func(i int) bool { return idx[i] > off })
}

// index returns the file's line index, building it on first use.
func (f *File) index() lineIndex {
	if f.lines == nil {
		f.lines = newLineIndex(f.src)
	}
	return f.lines
}

// offsetOf returns the byte offset where yaml.v3 places node n, or -1.
func (f *File) offsetOf(n *yaml.Node) int {
	return f.index().offset(f.src, n.Line, n.Column)
}

// nodeOffset is offsetOf for error paths that have no File yet; it clamps
// to 0 when the position cannot be placed.
func nodeOffset(src []byte, idx lineIndex, n *yaml.Node) int {
	if idx == nil {
		idx = newLineIndex(src)
	}
	return max(0, idx.offset(src, n.Line, n.Column))
}

// lineBounds returns, for the line holding offset, the offset of its first
// byte, the end of its content, and the line break that ends it ("" on a
// last line without one). Only "\r\n", "\n" and "\r" end a line here.
func lineBounds(src []byte, offset int) (start, end int, eol string) {
	start = offset
	for start > 0 && src[start-1] != '\n' && src[start-1] != '\r' {
		start--
	}
	end = offset
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	switch {
	case end == len(src):
		eol = ""
	case src[end] == '\r' && end+1 < len(src) && src[end+1] == '\n':
		eol = "\r\n"
	default:
		eol = string(src[end])
	}
	return start, end, eol
}

// fileEOL returns the line break new lines should use: the first one in the
// file, or "\n".
func fileEOL(src []byte) string {
	for i, c := range src {
		if c == '\n' {
			return "\n"
		}
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				return "\r\n"
			}
			return "\r"
		}
	}
	return "\n"
}
