package ecconf

import "github.com/alecthomas/participle/v2/lexer"

// Most tokens of a file are in values, and participle pays for every token
// (lexer.Upgrade appends each to a growing slice, the parse steps over
// each). So the lexer parses "= value" itself and hands participle one
// tokAssign token for it, keeping the parsed Value for the builder.
//
// This changes nothing participle sees but the token count. An "=" followed
// by a well-formed value can only be consumed as "=" and that whole value,
// which the tokAssign token stands for; anywhere else the parse stops at it,
// at the same offset as at the "=". A value that is not well-formed makes
// the parse fail, so from the first one on the lexer hands out single tokens
// only (fine), and participle meets exactly the tokens it did before.

// assignment is the value of a tokAssign token: eq is the offset of "=".
type assignment struct {
	eq    int
	value *Value
}

// lexState fields saved while a value is tried.
type lexMark struct {
	off, line, lineStart, comments, depth int
}

func (l *lexState) mark() lexMark {
	return lexMark{l.off, l.line, l.lineStart, len(l.comments), l.depth}
}

func (l *lexState) reset(m lexMark) {
	l.off, l.line, l.lineStart, l.comments, l.depth = m.off, m.line, m.lineStart, l.comments[:m.comments], m.depth
}

// assign returns the tokAssign token for eq and the value after it, or,
// when no well-formed value follows, eq itself and l turns fine.
func (l *lexState) assign(eq lexer.Token) lexer.Token {
	m := l.mark()
	if l.valueTokens() {
		r := &l.reader
		*r = tokSlice{toks: l.scratch}
		if v, err := parseValue(r); err == nil && r.i == len(r.toks)-1 {
			l.values = append(l.values, assignment{eq.Pos.Offset, v})
			return lexer.Token{Type: tokAssign, Value: l.text[eq.Pos.Offset:v.end], Pos: eq.Pos}
		}
	}
	l.reset(m)
	l.fine = true
	return eq
}

// valueTokens lexes into l.scratch the tokens of what should be a value: a
// scalar, or a bracket and everything up to the bracket that balances it,
// then an EOF token. It reports false at a lexing error or the end of the
// file.
func (l *lexState) valueTokens() bool {
	l.scratch = l.scratch[:0]
	depth := 0
	for {
		t, err := l.scan()
		if err != nil || t.EOF() {
			return false
		}
		l.scratch = append(l.scratch, t)
		if t.Type == tokPunct {
			switch t.Value {
			case "(", "[":
				depth++
			case ")", "]":
				depth--
			}
		}
		if depth <= 0 {
			l.scratch = append(l.scratch, lexer.Token{Type: lexer.EOF, Pos: t.Pos})
			return true
		}
	}
}

// tokenReader is what the value parser reads: a *lexer.PeekingLexer, or a
// tokSlice.
type tokenReader interface {
	Peek() *lexer.Token
	Next() *lexer.Token
}

// tokSlice reads tokens ending with an EOF token.
type tokSlice struct {
	toks []lexer.Token
	i    int
}

func (s *tokSlice) Peek() *lexer.Token { return &s.toks[s.i] }

func (s *tokSlice) Next() *lexer.Token {
	t := &s.toks[s.i]
	if s.i < len(s.toks)-1 {
		s.i++
	}
	return t
}
