package ecconf

import (
	"bytes"
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Token types of the ecelerity lexer. Whitespace and comments are not
// tokens: they are the gaps between tokens, which the spans into src keep;
// the lexer records where the comments are.
const (
	tokWord lexer.TokenType = iota + 1
	tokString
	tokPunct
	tokAssign // "=" and the value after it, lexed whole; see assign.go
)

// symbols names the token types for the grammar. It is a function, not a
// variable, because the parser is built during package initialisation.
func symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":    lexer.EOF,
		"Word":   tokWord,
		"String": tokString,
		"Punct":  tokPunct,
		"Assign": tokAssign,
	}
}

// isPunct reports whether c is a one-byte token of its own.
func isPunct(c byte) bool {
	switch c {
	case '=', '{', '}', '(', ')', '[', ']', ',':
		return true
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// lexState walks src once, keeping line and column as it goes, so every
// token's position costs O(1). It is a participle lexer.Lexer: Upgrade
// pulls the tokens from it, ending with an EOF token, and it notes the
// comments it skips on the way. Token values are slices of text, one copy
// of src, so a token costs no allocation of its own.
type lexState struct {
	name      string
	src       []byte
	text      string // src as a string
	off       int
	line, col int // of off
	lineStart int
	n         int      // tokens handed out
	comments  [][2]int // [start, end) of every comment passed, in order
	depth     int      // open "{", "(" and "[" (a closer with none open counts nothing)

	// See assign.go.
	fine    bool          // no more tokAssign tokens
	values  []assignment  // the values of the tokAssign tokens, in order
	scratch []lexer.Token // the tokens of the value being tried
	reader  tokSlice      // reads scratch
}

func newLexState(name string, src []byte) *lexState {
	return &lexState{name: name, src: src, text: string(src), line: 1, col: 1}
}

// Next returns the next token, or the EOF token at the end of src.
func (l *lexState) Next() (lexer.Token, error) {
	t, err := l.scan()
	if err != nil || t.EOF() {
		return t, err
	}
	l.n++
	if !l.fine && t.Type == tokPunct && t.Value == "=" {
		return l.assign(t), nil
	}
	return t, nil
}

// scan returns the next token, skipping spaces and comments.
func (l *lexState) scan() (lexer.Token, error) {
	for {
		l.skipSpace()
		if l.off >= len(l.src) {
			return lexer.EOFToken(l.pos()), nil
		}
		if ok, err := l.comment(); err != nil {
			return lexer.Token{}, err
		} else if !ok {
			return l.next()
		}
	}
}

// fineTokens lexes the text of l again, every "=" a token of its own, for
// the messages of syntax errors. On a lexing error it returns the tokens
// before it, then an EOF token, and the error.
func (l *lexState) fineTokens() ([]lexer.Token, error) {
	f := &lexState{name: l.name, src: l.src, text: l.text, line: 1, fine: true}
	var toks []lexer.Token
	for {
		t, err := f.Next()
		if err != nil {
			return append(toks, lexer.EOFToken(f.pos())), err
		}
		toks = append(toks, t)
		if t.EOF() {
			return toks, nil
		}
	}
}

// comment skips a comment starting at the current offset, if one does,
// and records it.
func (l *lexState) comment() (bool, error) {
	end := 0
	switch {
	case l.src[l.off] == '#':
		end = source.LineEnd(l.src, l.off)
	case l.src[l.off] == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '*':
		i := bytes.Index(l.src[l.off+2:], []byte("*/"))
		if i < 0 {
			return false, l.errorf(l.off, "found unterminated comment (expected \"*/\" before end of file)")
		}
		end = l.off + 2 + i + 2
	default:
		return false, nil
	}
	l.comments = append(l.comments, [2]int{l.off, end})
	l.advance(end)
	return true, nil
}

func (l *lexState) pos() lexer.Position {
	return lexer.Position{Filename: l.name, Offset: l.off, Line: l.line, Column: l.off - l.lineStart + 1}
}

func (l *lexState) skipSpace() {
	for l.off < len(l.src) && isSpace(l.src[l.off]) {
		if l.src[l.off] == '\n' {
			l.line++
			l.lineStart = l.off + 1
		}
		l.off++
	}
}

// advance moves to end, counting the newlines passed.
func (l *lexState) advance(end int) {
	seg := l.src[l.off:end]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		l.line += n
		l.lineStart = l.off + bytes.LastIndexByte(seg, '\n') + 1
	}
	l.off = end
}

func (l *lexState) token(typ lexer.TokenType, end int) lexer.Token {
	t := lexer.Token{Type: typ, Value: l.text[l.off:end], Pos: l.pos()}
	l.advance(end)
	return t
}

func (l *lexState) next() (lexer.Token, error) {
	c := l.src[l.off]
	switch {
	case c == '"' || c == '\'':
		return l.quoted(c)
	case isPunct(c):
		return l.punct(c)
	}
	return l.word()
}

// punct lexes the one-byte token c, counting nesting: a bracket that opens
// more than maxDepth levels is an error.
func (l *lexState) punct(c byte) (lexer.Token, error) {
	switch c {
	case '{', '(', '[':
		if l.depth++; l.depth > maxDepth {
			return lexer.Token{}, l.errorf(l.off, "found nesting deeper than %d levels (expected at most %d)", maxDepth, maxDepth)
		}
	case '}', ')', ']':
		l.depth = max(0, l.depth-1)
	}
	return l.token(tokPunct, l.off+1), nil
}

// quoted lexes a string in quote q. A backslash escapes the next byte; a
// string ends on its line.
func (l *lexState) quoted(q byte) (lexer.Token, error) {
	for i := l.off + 1; i < len(l.src); i++ {
		switch l.src[i] {
		case '\\':
			if i+1 < len(l.src) && l.src[i+1] != '\n' && l.src[i+1] != '\r' {
				i++
			}
		case q:
			return l.token(tokString, i+1), nil
		case '\n':
			i = len(l.src)
		}
	}
	return lexer.Token{}, l.errorf(l.off, "found unterminated string (expected closing %c on the same line)", q)
}

// word lexes a bare word: anything up to whitespace, a comment, a quote or
// punctuation. A comma followed by a word byte stays in the word ("a,b").
func (l *lexState) word() (lexer.Token, error) {
	i := l.off
	for i < len(l.src) {
		c := l.src[i]
		if c == ',' && i+1 < len(l.src) && i > l.off && isWordByte(l.src, i+1) {
			i++
			continue
		}
		if !isWordByte(l.src, i) {
			break
		}
		if err := l.checkByte(i); err != nil {
			return lexer.Token{}, err
		}
		i++
	}
	if i == l.off {
		return lexer.Token{}, l.errorf(i, "found %q (expected a word, a string or punctuation)", l.src[i])
	}
	return l.token(tokWord, i), nil
}

// isWordByte reports whether src[i] may continue a bare word.
func isWordByte(src []byte, i int) bool {
	c := src[i]
	if isSpace(c) || isPunct(c) || c == '"' || c == '\'' || c == '#' {
		return false
	}
	return !(c == '/' && i+1 < len(src) && src[i+1] == '*')
}

// typographic quotes pasted from documentation: U+2018, U+2019, U+201C,
// U+201D, all E2 80 xx in UTF-8.
func typographicQuote(src []byte, i int) (string, bool) {
	if i+2 < len(src) && src[i] == 0xE2 && src[i+1] == 0x80 {
		switch src[i+2] {
		case 0x98, 0x99, 0x9C, 0x9D:
			return string(src[i : i+3]), true
		}
	}
	return "", false
}

// checkByte refuses, outside strings and comments, control bytes and
// typographic quotes.
func (l *lexState) checkByte(i int) error {
	if q, ok := typographicQuote(l.src, i); ok {
		return l.errorf(i, "found typographic quote %q (expected a plain '\"')", q)
	}
	if c := l.src[i]; c < 0x20 || c == 0x7f {
		return l.errorf(i, "found control byte %#02x (expected a word, a string or punctuation)", c)
	}
	return nil
}

// errorf builds an error at offset, which lies on the current line or after.
func (l *lexState) errorf(offset int, format string, args ...any) error {
	p := srcpos.Position{Filename: l.name, Offset: offset, Line: l.line, Column: offset - l.lineStart + 1}
	if offset < l.lineStart {
		p = srcpos.At(l.name, l.src, offset)
	}
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}
