package ecconf

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/momoconf/momoconf/srcpos"
)

// The leaves of the grammar implement participle.Parseable:
//
//	option = "=" value
//	value  = scalar | "(" (value ","?)* ")" | "[" (scalar "=" value ","?)* "]"
//	scalar = Word | String
//
// Each returns participle.NextMatch when it does not start here, and an
// *participle.UnexpectedTokenError at the first token that does not fit;
// syntaxError then says what was expected there. Values are the bulk of a
// file, so they are built as the typed view's Values directly; the builder
// only fills in the Raw text of lists and hashes.

// Parse implements participle.Parseable.
func (s *scalarAST) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if !isScalarTok(*t) {
		return participle.NextMatch
	}
	s.Pos, s.Text = t.Pos, t.Value
	lex.Next()
	return nil
}

// Parse implements participle.Parseable.
func (o *optionAST) Parse(lex *lexer.PeekingLexer) error {
	if !isPunctTok(lex.Peek(), "=") {
		return participle.NextMatch
	}
	o.Eq = lex.Next().Pos.Offset
	v, err := parseValue(lex)
	o.Value = v
	return err
}

func isPunctTok(t *lexer.Token, s string) bool { return t.Type == tokPunct && t.Value == s }

func unexpected(t *lexer.Token) error { return &participle.UnexpectedTokenError{Unexpected: *t} }

func srcPos(p lexer.Position) srcpos.Position {
	return srcpos.Position{Filename: p.Filename, Offset: p.Offset, Line: p.Line, Column: p.Column}
}

// parseValue parses a value that must be there.
func parseValue(lex tokenReader) (*Value, error) {
	t := lex.Peek()
	switch {
	case isScalarTok(*t):
		return scalarValue(lex.Next()), nil
	case isPunctTok(t, "("):
		return parseList(lex)
	case isPunctTok(t, "["):
		return parseHash(lex)
	}
	return nil, unexpected(t)
}

func scalarValue(t *lexer.Token) *Value {
	text, quoted := unquote(t.Value)
	return &Value{
		Kind: Scalar, Raw: t.Value, Text: text, Quoted: quoted, Pos: srcPos(t.Pos),
		start: t.Pos.Offset, end: t.Pos.Offset + len(t.Value), comma: -1, open: -1, close: -1,
	}
}

// comma consumes an optional "," and returns its offset, or -1.
func comma(lex tokenReader) int {
	if t := lex.Peek(); isPunctTok(t, ",") {
		return lex.Next().Pos.Offset
	}
	return -1
}

// bracketed starts a list or hash value at its opening bracket.
func bracketed(kind Kind, lex tokenReader) *Value {
	t := lex.Next()
	return &Value{Kind: kind, Pos: srcPos(t.Pos), start: t.Pos.Offset, comma: -1, open: t.Pos.Offset}
}

// closeAt ends a list or hash at its closing bracket.
func (v *Value) closeAt(lex tokenReader) {
	v.close = lex.Next().Pos.Offset
	v.end = v.close + 1
}

func parseList(lex tokenReader) (*Value, error) {
	v := bracketed(List, lex)
	for {
		if isPunctTok(lex.Peek(), ")") {
			v.closeAt(lex)
			return v, nil
		}
		e, err := parseValue(lex)
		if err != nil {
			return nil, err
		}
		e.comma = comma(lex)
		v.Elems = append(v.Elems, e)
	}
}

func parseHash(lex tokenReader) (*Value, error) {
	v := bracketed(Hash, lex)
	for {
		t := lex.Peek()
		if isPunctTok(t, "]") {
			v.closeAt(lex)
			return v, nil
		}
		if !isScalarTok(*t) {
			return nil, unexpected(t)
		}
		lex.Next()
		if !isPunctTok(lex.Peek(), "=") {
			return nil, unexpected(lex.Peek())
		}
		lex.Next()
		val, err := parseValue(lex)
		if err != nil {
			return nil, err
		}
		v.Entries = append(v.Entries, hashEntry(t, val, comma(lex)))
	}
}

func hashEntry(key *lexer.Token, val *Value, comma int) *Entry {
	text, quoted := unquote(key.Value)
	return &Entry{
		Key: text, KeyQuoted: quoted, Value: val, Pos: srcPos(key.Pos),
		start: key.Pos.Offset, end: val.end, keyEnd: key.Pos.Offset + len(key.Value), comma: comma,
	}
}
