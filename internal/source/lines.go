package source

import "bytes"

// LineStart returns the offset of the first byte of the line holding offset.
func LineStart(src []byte, offset int) int {
	offset = max(0, min(offset, len(src)))
	return bytes.LastIndexByte(src[:offset], '\n') + 1
}

// LineEnd returns the offset just past the content of the line holding
// offset: the offset of its "\r\n" or "\n", or len(src) on a last line with
// no line ending.
func LineEnd(src []byte, offset int) int {
	offset = max(0, min(offset, len(src)))
	i := bytes.IndexByte(src[offset:], '\n')
	if i < 0 {
		return len(src)
	}
	end := offset + i
	if end > 0 && src[end-1] == '\r' {
		end--
	}
	return end
}

// NextLineStart returns the offset just past the line ending of the line
// holding offset, or len(src) when that line is the last.
func NextLineStart(src []byte, offset int) int {
	offset = max(0, min(offset, len(src)))
	i := bytes.IndexByte(src[offset:], '\n')
	if i < 0 {
		return len(src)
	}
	return offset + i + 1
}

// Indent returns the leading spaces and tabs of the line holding offset.
func Indent(src []byte, offset int) string {
	start := LineStart(src, offset)
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// LineEnding returns the line ending of the line holding offset: "\r\n",
// "\n", or "" for a last line that has none.
func LineEnding(src []byte, offset int) string {
	end := LineEnd(src, offset)
	switch {
	case end >= len(src):
		return ""
	case src[end] == '\r':
		return "\r\n"
	default:
		return "\n"
	}
}

// FileLineEnding returns the line ending a new line in src should use: that
// of the first line that has one, or "\n" for a file with none.
func FileLineEnding(src []byte) string {
	i := bytes.IndexByte(src, '\n')
	if i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// OnlySpaceBefore reports whether the bytes between the start of the line
// holding offset and offset are all spaces or tabs.
func OnlySpaceBefore(src []byte, offset int) bool {
	for _, c := range src[LineStart(src, offset):offset] {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// OnlySpaceAfter reports whether the bytes from offset to the end of its
// line (line ending excluded) are all spaces or tabs.
func OnlySpaceAfter(src []byte, offset int) bool {
	for _, c := range src[offset:LineEnd(src, offset)] {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}
