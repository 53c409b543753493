package ecconf

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The leaves of the grammar implement participle.Parseable:
//
//	option = "=" value
//	value  = scalar | "(" (value ","?)* ")" | "[" (scalar "=" value ","?)* "]"
//	scalar = Word | String
//
// Each returns participle.NextMatch when it does not start here, and an
// *participle.UnexpectedTokenError at the first token that does not fit;
// syntaxError then says what was expected there.

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
	t := lex.Peek()
	if !isPunctTok(t, "=") {
		return participle.NextMatch
	}
	o.Eq = lex.Next().Pos.Offset
	v, err := parseValue(lex)
	o.Value = v
	return err
}

// Parse implements participle.Parseable.
func (v *valueAST) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	switch {
	case isScalarTok(*t):
		v.Scalar = &scalarAST{Pos: t.Pos, Text: lex.Next().Value}
	case isPunctTok(t, "("):
		v.List = &listAST{Pos: lex.Next().Pos}
		return v.List.parse(lex)
	case isPunctTok(t, "["):
		v.Hash = &hashAST{Pos: lex.Next().Pos}
		return v.Hash.parse(lex)
	default:
		return participle.NextMatch
	}
	return nil
}

func isPunctTok(t *lexer.Token, s string) bool { return t.Type == tokPunct && t.Value == s }

func unexpected(t *lexer.Token) error { return &participle.UnexpectedTokenError{Unexpected: *t} }

// parseValue parses a value that must be there.
func parseValue(lex *lexer.PeekingLexer) (*valueAST, error) {
	v := &valueAST{}
	if err := v.Parse(lex); err == participle.NextMatch {
		return nil, unexpected(lex.Peek())
	} else if err != nil {
		return nil, err
	}
	return v, nil
}

// comma consumes an optional "," and returns its offset, or -1.
func comma(lex *lexer.PeekingLexer) int {
	if t := lex.Peek(); isPunctTok(t, ",") {
		return lex.Next().Pos.Offset
	}
	return -1
}

func (l *listAST) parse(lex *lexer.PeekingLexer) error {
	for {
		if t := lex.Peek(); isPunctTok(t, ")") {
			l.Close = lex.Next().Pos.Offset
			return nil
		}
		v, err := parseValue(lex)
		if err != nil {
			return err
		}
		l.Elems = append(l.Elems, &elemAST{Value: v, Comma: comma(lex)})
	}
}

func (h *hashAST) parse(lex *lexer.PeekingLexer) error {
	for {
		t := lex.Peek()
		if isPunctTok(t, "]") {
			h.Close = lex.Next().Pos.Offset
			return nil
		}
		if !isScalarTok(*t) {
			return unexpected(t)
		}
		e := &entryAST{Key: &scalarAST{Pos: t.Pos, Text: lex.Next().Value}}
		if t = lex.Peek(); !isPunctTok(t, "=") {
			return unexpected(t)
		}
		lex.Next()
		v, err := parseValue(lex)
		if err != nil {
			return err
		}
		e.Value, e.Comma = v, comma(lex)
		h.Entries = append(h.Entries, e)
	}
}
