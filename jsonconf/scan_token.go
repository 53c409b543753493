package jsonconf

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// str scans a string starting at its opening quote. Bytes that are not
// UTF-8 are let through, as encoding/json does; control characters and
// unknown escapes are not.
func (s *scanner) str() error {
	start := s.pos
	s.pos++
	for s.pos < len(s.src) {
		s.pos = plainRun(s.src, s.pos)
		if s.pos >= len(s.src) {
			break
		}
		switch c := s.src[s.pos]; {
		case c == '"':
			s.pos++
			return nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return err
			}
		case c < 0x20:
			return s.errorf(s.pos, "found %s in string (expected it escaped)", s.found(s.pos))
		default:
			s.pos++
		}
	}
	return s.errorf(start, "found unterminated string (expected closing '\"')")
}

// plainRun returns the offset of the first byte at or after i that ends a
// run of string bytes needing no check: a quote, a backslash, a control
// character, or the end of src. It is the scanner's hot loop: it looks at
// eight bytes at a time while none of them is special.
func plainRun(src []byte, i int) int {
	for i+8 <= len(src) && !special8(binary.LittleEndian.Uint64(src[i:])) {
		i += 8
	}
	for i < len(src) {
		if c := src[i]; c < 0x20 || c == '"' || c == '\\' {
			return i
		}
		i++
	}
	return i
}

// Masks for testing eight bytes at once.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special8 reports whether any of the eight bytes packed in x is a quote,
// a backslash or a control character (below 0x20). (x - ones) &^ x & highs
// is non-zero exactly when some byte of x is zero; a borrow can only start
// at a byte that is, so there are no false answers.
func special8(x uint64) bool {
	below := func(x uint64, c uint64) bool { return (x-ones*c)&^x&highs != 0 }
	return below(x^(ones*'"'), 1) || below(x^(ones*'\\'), 1) || below(x, 0x20)
}

// escape scans one backslash escape inside a string.
func (s *scanner) escape() error {
	start := s.pos
	n := 2
	if start+1 < len(s.src) && s.src[start+1] == 'u' {
		n = 6
	}
	if start+n <= len(s.src) && validEscape(s.src[start:start+n]) {
		s.pos += n
		return nil
	}
	end := min(start+n, len(s.src))
	if n == 6 {
		end = start + 2
		for end < len(s.src) && end < start+6 && isHex(s.src[end]) {
			end++
		}
	}
	bad := s.src[start:end]
	return s.errorf(start, "found invalid escape %s in string (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", showEscape(bad))
}

// showEscape returns a bad escape for a message: in single quotes when it
// is printable ASCII, else Go-quoted.
func showEscape(esc []byte) string {
	for _, c := range esc {
		if c < ' ' || c > '~' {
			return strconv.Quote(string(esc))
		}
	}
	return "'" + string(esc) + "'"
}

// validEscape reports whether esc, which starts with a backslash, is a JSON
// escape: two bytes, or six for \uXXXX.
func validEscape(esc []byte) bool {
	switch esc[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return len(esc) == 2
	case 'u':
		for _, c := range esc[2:] {
			if !isHex(c) {
				return false
			}
		}
		return len(esc) == 6
	}
	return false
}

// number scans a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// A token that runs on past the grammar ("01", "1.", "+1", "0x10") is
// reported whole.
func (s *scanner) number() error {
	start := s.pos
	ok := s.numberGrammar()
	if !ok || wordEnd(s.src, s.pos) != s.pos {
		return s.errorf(start, "found invalid number %s (expected JSON number)", strconv.Quote(word(s.src, start)))
	}
	return nil
}

func (s *scanner) numberGrammar() bool {
	s.accept('-')
	if !s.accept('0') && !s.digits() {
		return false
	}
	if s.accept('.') && !s.digits() {
		return false
	}
	if s.accept('e') || s.accept('E') {
		if !s.accept('+') {
			s.accept('-')
		}
		return s.digits()
	}
	return true
}

// accept moves past c when it is the next byte.
func (s *scanner) accept(c byte) bool {
	if s.pos < len(s.src) && s.src[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// digits moves past a run of decimal digits and reports whether there was
// at least one.
func (s *scanner) digits() bool {
	start := s.pos
	for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
		s.pos++
	}
	return s.pos > start
}

// literal scans true, false or null.
func (s *scanner) literal() error {
	end := wordEnd(s.src, s.pos)
	switch string(s.src[s.pos:end]) {
	case "true", "false", "null":
		s.pos = end
		return nil
	}
	return s.errorf(s.pos, "found %s (expected value)", s.found(s.pos))
}

func (s *scanner) found(offset int) string { return describe(s.src, offset) }

// describe names what starts at offset for an error message: a word
// (quoted), a comment, a character, or end of file.
func describe(src []byte, offset int) string {
	if offset >= len(src) {
		return "end of file"
	}
	c := src[offset]
	switch {
	case c == '/' && offset+1 < len(src) && (src[offset+1] == '/' || src[offset+1] == '*'):
		return "comment"
	case isWordByte(c):
		return strconv.Quote(word(src, offset))
	case c == '\'':
		return "single quote"
	case c == '\n' || c == '\r':
		return "line break"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("control character U+%04X", c)
	case c < utf8.RuneSelf:
		return fmt.Sprintf("'%c'", c)
	}
	r, size := utf8.DecodeRune(src[offset:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("%+q", r)
}

// maxWord caps the length of a word quoted in an error message.
const maxWord = 40

// word returns the run of word bytes at offset, at most maxWord long.
func word(src []byte, offset int) string {
	end := min(wordEnd(src, offset), offset+maxWord)
	return string(src[offset:end])
}

// wordEnd returns the end of the run of word bytes starting at offset.
func wordEnd(src []byte, offset int) int {
	for offset < len(src) && isWordByte(src[offset]) {
		offset++
	}
	return offset
}

// isWordByte reports whether c can be part of a bare word: a literal, a
// number, or the kind of identifier (NaN, Infinity, undefined) that strict
// JSON refuses.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) ||
		c == '_' || c == '$' || c == '.' || c == '+' || c == '-'
}

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
