package jsonconf

import (
	"strings"
	"unicode/utf8"
)

// quote returns value as a JSON string. It escapes quotes, backslashes and
// control characters; with ascii it escapes every non-ASCII character as
// \uXXXX too (a surrogate pair beyond U+FFFF), in upper-case hex with upper.
// value must be valid UTF-8.
func quote(value string, ascii, upper bool) string {
	const lowerHex, upperHex = "0123456789abcdef", "0123456789ABCDEF"
	hex := lowerHex
	if upper {
		hex = upperHex
	}
	u4 := func(b *strings.Builder, r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[r>>shift&0xF])
		}
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range value {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			writeControl(&b, r, u4)
		case r >= utf8.RuneSelf && ascii && r > 0xFFFF:
			r1, r2 := surrogates(r)
			u4(&b, r1)
			u4(&b, r2)
		case r >= utf8.RuneSelf && ascii:
			u4(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeControl writes the escape of control character r: the short form
// where JSON has one, else \u00XX.
func writeControl(b *strings.Builder, r rune, u4 func(*strings.Builder, rune)) {
	if i := strings.IndexRune("\b\f\n\r\t", r); i >= 0 {
		b.WriteByte('\\')
		b.WriteByte("bfnrt"[i])
		return
	}
	u4(b, r)
}

// surrogates returns the UTF-16 surrogate pair of r, which is beyond U+FFFF.
func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xD800 + r>>10&0x3FF, 0xDC00 + r&0x3FF
}

// escapeStyle reports whether the strings in src escape non-ASCII
// characters (as jq -a writes them) rather than storing them as UTF-8, and
// whether those escapes use upper-case hex. Raw non-ASCII bytes anywhere in
// src, or no escaped ones, mean UTF-8.
func escapeStyle(src []byte) (ascii, upper bool) {
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c >= utf8.RuneSelf:
			return false, false
		case c == '\\' && i+1 < len(src) && src[i+1] == 'u':
			if i+6 <= len(src) && !ascii && hexValue(src[i+2:i+6]) >= utf8.RuneSelf {
				ascii, upper = true, hasUpperHex(src[i+2:i+6])
			}
			i++
		case c == '\\':
			i++
		}
	}
	return ascii, upper
}

// hexValue returns the value of four hex digits, or -1.
func hexValue(h []byte) rune {
	var v rune
	for _, c := range h {
		switch {
		case isDigit(c):
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return -1
		}
	}
	return v
}

func hasUpperHex(h []byte) bool {
	for _, c := range h {
		if c >= 'A' && c <= 'F' {
			return true
		}
	}
	return false
}
