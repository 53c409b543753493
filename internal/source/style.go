package source

import "bytes"

// IndentUnit returns the indentation step of src, judged from its first
// indented line that holds something: a tab when that line's indent starts
// with one, else its leading spaces (at most eight); def when no line is
// indented.
func IndentUnit(src []byte, def string) string {
	for off := 0; off < len(src); off = NextLineStart(src, off) {
		ind := Indent(src, off)
		if ind == "" || OnlySpaceAfter(src, off) {
			continue
		}
		if ind[0] == '\t' {
			return "\t"
		}
		n := 0
		for n < len(ind) && n < 8 && ind[n] == ' ' {
			n++
		}
		return ind[:n]
	}
	return def
}

// SameLine reports whether offsets a and b of src lie on one line.
func SameLine(src []byte, a, b int) bool {
	lo, hi := max(0, min(a, b, len(src))), max(0, min(max(a, b), len(src)))
	return bytes.IndexByte(src[lo:hi], '\n') < 0
}

// RestIsBlank reports whether the bytes from offset to the end of its line
// (its line ending excluded) are spaces and tabs, possibly followed by a
// comment that starts with the byte comment (0 when the format has no such
// comment). A lone CR is not blank: an edit must not take it for a line
// ending.
func RestIsBlank(src []byte, offset int, comment byte) bool {
	offset = max(0, min(offset, len(src)))
	end := LineEnd(src, offset)
	for i := offset; i < end; i++ {
		switch c := src[i]; {
		case c == ' ' || c == '\t':
		case c == comment && comment != 0:
			return true
		default:
			return false
		}
	}
	return true
}

// EqualFoldASCII reports whether a and b are equal under ASCII case
// folding, as configuration names compare: only A-Z and a-z fold, so a
// byte that is not ASCII matches only itself.
func EqualFoldASCII[T string | []byte](a T, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(b) {
		if LowerASCII(a[i]) != LowerASCII(b[i]) {
			return false
		}
	}
	return true
}

// LowerASCII returns c with A-Z turned into a-z.
func LowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
