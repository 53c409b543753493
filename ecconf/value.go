package ecconf

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Parse implements participle.Parseable for values:
//
//	value = Word | String | "(" (value ","?)* ")" | "[" (key "=" value ","?)* "]"
//	key   = Word | String
//
// It returns participle.NextMatch when no value starts here, and an
// *participle.UnexpectedTokenError at the first token that does not fit;
// syntaxError then says what was expected there.
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

// comma consumes an optional ",".
func comma(lex *lexer.PeekingLexer) *commaAST {
	if t := lex.Peek(); isPunctTok(t, ",") {
		return &commaAST{Pos: lex.Next().Pos}
	}
	return nil
}

func (l *listAST) parse(lex *lexer.PeekingLexer) error {
	for {
		if t := lex.Peek(); isPunctTok(t, ")") {
			l.Close = &parenCloseAST{Pos: lex.Next().Pos}
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
			h.Close = &bracketCloseAST{Pos: lex.Next().Pos}
			return nil
		}
		if !isScalarTok(*t) {
			return unexpected(t)
		}
		e := &entryAST{Pos: t.Pos, Key: &scalarAST{Pos: t.Pos, Text: lex.Next().Value}}
		if t = lex.Peek(); !isPunctTok(t, "=") {
			return unexpected(t)
		}
		e.Eq = &eqAST{Pos: lex.Next().Pos, Eq: "="}
		v, err := parseValue(lex)
		if err != nil {
			return err
		}
		e.Value, e.Comma = v, comma(lex)
		h.Entries = append(h.Entries, e)
	}
}
