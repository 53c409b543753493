package ecconf

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// builder turns the participle tree into the typed view, and checks what
// the grammar lets through: a statement that is neither an option, a scope
// nor an include directive.
type builder struct {
	f    *File
	src  []byte
	text string // src as a string, for Raw
	gen  int
	toks []lexer.Token // tokAssign tokens included
	cur  int           // index into toks of the last tokenAt
	vals []assignment  // what is left of lex.values
}

func (b *builder) pos(p lexer.Position) srcpos.Position { return srcPos(p) }

func (b *builder) root(ast *fileAST) (*Scope, error) {
	s := &Scope{file: b.f, gen: b.gen, start: 0, end: len(b.src), instStart: -1, open: -1, close: len(b.src)}
	s.Pos = b.pos(lexer.Position{Filename: b.f.name, Line: 1, Column: 1})
	var err error
	s.Stmts, err = b.stmts(s, ast.Stmts)
	return s, err
}

func (b *builder) stmts(parent *Scope, asts []*stmtAST) ([]Stmt, error) {
	out := make([]Stmt, 0, len(asts))
	for _, a := range asts {
		st, err := b.stmt(parent, a)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func (b *builder) stmt(parent *Scope, a *stmtAST) (Stmt, error) {
	i := b.tokenAt(a.Pos.Offset)
	a.name = b.toks[i].Value
	next := &b.toks[i+1]
	switch {
	case next.Type == tokAssign:
		return b.option(parent, a, next.Pos.Offset, b.assigned(next.Pos.Offset)), nil
	case a.Option != nil:
		return b.option(parent, a, a.Option.Eq, a.Option.Value), nil
	case a.Directive != nil && isInclude(a.name):
		return b.include(a), nil
	case a.Directive == nil && (a.Arg != nil || isPunctTok(next, "{")):
		return b.scope(parent, a)
	}
	return nil, b.badStmt(a)
}

func isInclude(name string) bool {
	return source.EqualFoldASCII(name, "include") || source.EqualFoldASCII(name, "readonly_include")
}

// badStmt reports a name followed by neither "=" nor a scope body. The
// checker then finds the first such fault and says what was expected.
func (b *builder) badStmt(a *stmtAST) error {
	return errorf(b.f.name, b.src, a.Pos.Offset, "found %s (expected \"=\" or \"{\" after it)", quoteName(a.name))
}

func nameEnd(a *stmtAST) int     { return a.Pos.Offset + len(a.name) }
func scalarEnd(s *scalarAST) int { return s.Pos.Offset + len(s.Text) }

func (b *builder) option(parent *Scope, a *stmtAST, eq int, v *Value) *Option {
	b.fillRaw(v)
	return &Option{
		Name: a.name, Value: v, Pos: b.pos(a.Pos),
		file: b.f, gen: b.gen, parent: parent, start: a.Pos.Offset, end: v.end, eqStart: eq,
	}
}

func (b *builder) include(a *stmtAST) *Include {
	path, _ := unquote(a.Directive.Text)
	return &Include{
		Keyword: a.name, Path: path, ReadOnly: source.EqualFoldASCII(a.name, "readonly_include"),
		Pos: b.pos(a.Pos), start: a.Pos.Offset, end: scalarEnd(a.Directive),
	}
}

func (b *builder) scope(parent *Scope, a *stmtAST) (*Scope, error) {
	s := &Scope{Name: a.name, Pos: b.pos(a.Pos), file: b.f, gen: b.gen, parent: parent,
		start: a.Pos.Offset, instStart: -1}
	head := nameEnd(a)
	if arg := a.Arg; arg != nil {
		s.Instance, s.Quoted = unquote(arg.Text)
		s.instStart, s.instEnd = arg.Pos.Offset, scalarEnd(arg)
		head = s.instEnd
	}
	s.open = b.nextToken(head) // "{"
	var err error
	if s.Stmts, err = b.stmts(s, a.Stmts); err != nil {
		return nil, err
	}
	body := s.open + 1
	if n := len(s.Stmts); n > 0 {
		_, body = s.Stmts[n-1].span()
	}
	s.close = b.nextToken(body) // "}"
	s.end = s.close + 1
	return s, nil
}

// nextToken returns the offset of the first token at or after offset.
func (b *builder) nextToken(offset int) int {
	return b.toks[b.tokenAt(offset)].Pos.Offset
}

// tokenAt returns the index of the first token at or after offset. The
// builder asks for offsets in increasing order, so it walks forward from
// the previous answer; the walk over a whole file costs one pass over the
// tokens.
func (b *builder) tokenAt(offset int) int {
	if b.cur > 0 && b.toks[b.cur-1].Pos.Offset >= offset {
		b.cur = tokenAt(b.toks, offset)
	}
	for b.cur < len(b.toks)-1 && b.toks[b.cur].Pos.Offset < offset {
		b.cur++
	}
	return b.cur
}

// assigned returns the value the lexer parsed after the "=" at offset eq.
// Options are built in the order of the file, so it looks forward only.
func (b *builder) assigned(eq int) *Value {
	for b.vals[0].eq < eq {
		b.vals = b.vals[1:]
	}
	return b.vals[0].value
}

// fillRaw sets the Raw text of the lists and hashes in v.
func (b *builder) fillRaw(v *Value) {
	if v.Kind == Scalar {
		return
	}
	v.Raw = b.text[v.start:v.end]
	for _, e := range v.Elems {
		b.fillRaw(e)
	}
	for _, e := range v.Entries {
		b.fillRaw(e.Value)
	}
}

// tokenAt returns the index of the first token at or after offset.
func tokenAt(toks []lexer.Token, offset int) int {
	lo, hi := 0, len(toks)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if toks[mid].Pos.Offset < offset {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
