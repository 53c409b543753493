package ecconf

import (
	"io"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. Every node records where it starts (Pos); nodes
// whose end is not a single token keep their closing token, so a node's
// span is src[Pos.Offset:end]. Comments are elided: they stay in src and in
// File.comments.

type fileAST struct {
	Stmts []*stmtAST `parser:"@@*"`
}

// stmtAST is an option (name = value), a scope (name [instance] { ... }) or
// a directive (name argument, as include "path").
type stmtAST struct {
	Pos       lexer.Position
	Name      *wordAST   `parser:"@@"`
	Option    *optionAST `parser:"( @@"`
	Scope     *scopeAST  `parser:"| @@"`
	Directive *scalarAST `parser:"| @@ )?"`
}

// optionAST is the "= value" part of an option.
type optionAST struct {
	Eq    *eqAST    `parser:"@@"`
	Value *valueAST `parser:"@@"`
}

// scopeAST is the "[instance] { ... }" part of a scope.
type scopeAST struct {
	Arg  *scalarAST `parser:"@@?"`
	Body *bodyAST   `parser:"@@"`
}

type eqAST struct {
	Pos lexer.Position
	Eq  string `parser:"@\"=\""`
}

type wordAST struct {
	Pos  lexer.Position
	Text string `parser:"@Word"`
}

type scalarAST struct {
	Pos  lexer.Position
	Text string `parser:"@(Word | String)"`
}

type bodyAST struct {
	Pos   lexer.Position
	Stmts []*stmtAST     `parser:"\"{\" @@*"`
	Close *braceCloseAST `parser:"@@"`
}

type braceCloseAST struct {
	Pos  lexer.Position
	Text string `parser:"@\"}\""`
}

// valueAST is a scalar, a list or a hash. Values are the bulk of a file, so
// valueAST parses itself (participle.Parseable; see value.go) rather than
// through participle's reflective matching, which is several times slower.
type valueAST struct {
	Scalar *scalarAST
	List   *listAST
	Hash   *hashAST
}

type listAST struct {
	Pos   lexer.Position
	Elems []*elemAST
	Close *parenCloseAST
}

type elemAST struct {
	Value *valueAST
	Comma *commaAST
}

type parenCloseAST struct {
	Pos lexer.Position
}

type hashAST struct {
	Pos     lexer.Position
	Entries []*entryAST
	Close   *bracketCloseAST
}

type entryAST struct {
	Pos   lexer.Position
	Key   *scalarAST
	Eq    *eqAST
	Value *valueAST
	Comma *commaAST
}

type bracketCloseAST struct {
	Pos lexer.Position
}

type commaAST struct {
	Pos lexer.Position
}

// lexDef is the participle lexer.Definition: lexState does the work.
type lexDef struct{}

func (lexDef) Symbols() map[string]lexer.TokenType { return symbols() }

func (lexDef) Lex(name string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return newLexState(name, src), nil
}

var parser = participle.MustBuild[fileAST](
	participle.Lexer(lexDef{}),
	participle.Elide("Comment"),
	participle.UseLookahead(2),
)
