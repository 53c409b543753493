package ecconf

import (
	"io"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. Statements and scopes are participle's; the
// leaves (scalars, and the "= value" of an option) parse themselves
// (participle.Parseable, see value.go), since participle's reflective
// matching costs several allocations a node. A statement records where it
// starts (Pos) and leaves record their tokens' offsets; the braces of a
// scope are found from the tokens by the builder. Comments never reach
// participle: the lexer skips them and notes them for File.comments.

type fileAST struct {
	Stmts []*stmtAST `parser:"@@*"`
}

// stmtAST is an option (name = value), a scope (name [instance] { ... }) or
// a directive (name argument, as include "path"). Nothing of the name, nor
// of an option lexed as one Assign token, is captured: the builder reads
// them from the tokens at Pos. A scope is inlined, Arg and Stmts. An
// option is nearly always an Assign token, so the scope comes before the
// slower Option alternative.
type stmtAST struct {
	Pos       lexer.Position
	Arg       *scalarAST `parser:"Word ( Assign | @@? \"{\""`
	Stmts     []*stmtAST `parser:"  @@* \"}\""`
	Option    *optionAST `parser:"| @@"`
	Directive *scalarAST `parser:"| @@ )?"`

	name string // set by the builder
}

// optionAST is the "= value" part of an option that the lexer did not
// turn into an Assign token. The value is built as the typed view's Value
// right away.
type optionAST struct {
	Eq    int // offset of "="
	Value *Value
}

// scalarAST is a bare word or a quoted string: a scope's instance name or
// a directive's argument.
type scalarAST struct {
	Pos  lexer.Position
	Text string
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
	participle.UseLookahead(2),
)
