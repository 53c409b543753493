package nginxconf

import "bytes"

// tokKind is the kind of a lexical token of an nginx configuration.
type tokKind uint8

const (
	tokEOF   tokKind = iota
	tokWord          // a bare or quoted word
	tokSemi          // ";"
	tokOpen          // "{"
	tokClose         // "}"
)

// token is a span of src. For a quoted word the span includes the quotes and
// quote is the quote byte; for a bare word quote is 0.
type token struct {
	start, end int
	kind       tokKind
	quote      byte
}

// scanner splits src into tokens the way nginx's ngx_conf_read_token does:
// spaces, tabs, CR and LF separate words; "#" starts a comment only where a
// word could start; a backslash escapes the next byte; "${" does not open a
// block; "}" inside a bare word is part of the word.
type scanner struct {
	f   *text
	pos int
}

// next returns the next token, skipping spaces and comments.
func (s *scanner) next() (token, error) {
	s.skipTrivia()
	src := s.f.src
	start := s.pos
	if start >= len(src) {
		return token{kind: tokEOF, start: start, end: start}, nil
	}
	switch c := src[start]; c {
	case ';', '{', '}':
		s.pos++
		return token{kind: punctKind(c), start: start, end: start + 1}, nil
	case '"', '\'':
		return s.quoted(c)
	}
	s.pos = bareEnd(src, start)
	return token{kind: tokWord, start: start, end: s.pos}, nil
}

func punctKind(c byte) tokKind {
	switch c {
	case ';':
		return tokSemi
	case '{':
		return tokOpen
	}
	return tokClose
}

// skipTrivia moves past whitespace and "#" comments.
func (s *scanner) skipTrivia() {
	src := s.f.src
	for s.pos < len(src) {
		switch src[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		case '#':
			i := bytes.IndexByte(src[s.pos:], '\n')
			if i < 0 {
				s.pos = len(src)
				return
			}
			s.pos += i
		default:
			return
		}
	}
}

// bareEnd returns the end of the bare word starting at i.
func bareEnd(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\r', '\n', ';', '{':
			return i
		case '\\':
			i += 2
		case '$':
			i++
			for i < len(src) && src[i] == '{' {
				i++
			}
		default:
			i++
		}
	}
	return len(src)
}

// quoted scans a string opened by quote at s.pos. Like crossplane, and
// unlike nginx, it accepts a word that follows the closing quote without a
// space ("a"-b is two words); a "#" there is refused, since nginx would not
// read it as a comment.
func (s *scanner) quoted(quote byte) (token, error) {
	src := s.f.src
	start := s.pos
	i := start + 1
	for i < len(src) && src[i] != quote {
		if src[i] == '\\' {
			i++
		}
		i++
	}
	if i >= len(src) {
		return token{}, s.f.errorf(len(src), "found end of file inside the string opened at %s (expected a closing %s)", s.f.lineCol(start), quoteName(quote))
	}
	s.pos = i + 1
	if s.pos < len(src) && src[s.pos] == '#' {
		return token{}, s.f.errorf(s.pos, `found "#" right after a quoted string (expected a space, ";" or "{")`)
	}
	return token{kind: tokWord, start: start, end: s.pos, quote: quote}, nil
}

func quoteName(quote byte) string {
	if quote == '"' {
		return "double quote"
	}
	return "single quote"
}
