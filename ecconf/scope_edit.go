package ecconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// AddScope adds the scope "name instance { settings }" to parent (f.Root()
// for the top level), right after the last child scope of parent with that
// name, cloned from it: brace on the same or the next line, one-line or
// multi-line body, indent, spacing inside the braces and around "=", the
// spelling of the names, a quoted or bare instance name (quoted anyway when
// it must be), line endings. The clone holds only settings, not the
// sibling's other options or comments. With no such sibling the scope goes
// after parent's last statement, on one line: "name instance { a = 1  b = 2 }".
// An empty instance makes an anonymous scope.
func (f *File) AddScope(parent *Scope, name, instance string, settings ...Setting) (changed bool, err error) {
	if err := f.scopeOf(parent); err != nil {
		return false, err
	}
	anchor, text := len(parent.Stmts)-1, f.newScopeText(name, instance, settings)
	if sibs := parent.Scopes(name); len(sibs) > 0 {
		sib := sibs[len(sibs)-1]
		anchor, text = indexOf(parent.Stmts, sib), f.cloneScopeText(sib, instance, settings)
	}
	return f.change(f.insertEdits(bodySeq(parent), anchor, text)...)
}

// RemoveScope removes scope s whole: all its lines, line ending included,
// when nothing else shares them; else just its text and the spacing before
// it.
func (f *File) RemoveScope(s *Scope) (changed bool, err error) {
	if err := f.scopeOf(s); err != nil {
		return false, err
	}
	if s.parent == nil {
		return false, &Error{Pos: s.Pos, Msg: "found the top level (expected a scope inside it)"}
	}
	return f.change(f.removeEdits(bodySeq(s.parent), indexOf(s.parent.Stmts, s))...)
}

func (f *File) scopeOf(s *Scope) error {
	if s == nil {
		return &Error{Pos: srcpos.Position{Filename: f.name, Line: 1, Column: 1}, Msg: "found no scope (expected one)", Err: ErrNoScope}
	}
	return f.current(s.file, s.gen, s.Pos)
}

func indexOf(stmts []Stmt, st Stmt) int {
	for i, x := range stmts {
		if x == st {
			return i
		}
	}
	return -1
}

func (f *File) newScopeText(name, instance string, settings []Setting) string {
	head := name + " "
	if instance != "" {
		head += word(instance, false) + " "
	}
	if len(settings) == 0 {
		return head + "{ }"
	}
	opts := make([]string, len(settings))
	for i, s := range settings {
		opts[i] = s.Name + " = " + s.Value
	}
	return head + "{ " + strings.Join(opts, "  ") + " }"
}

// cloneScopeText writes a new scope in the layout of sib.
func (f *File) cloneScopeText(sib *Scope, instance string, settings []Setting) string {
	nameEnd := sib.start + len(sib.Name)
	head, afterHead := sib.Name, nameEnd
	if instance != "" {
		gap := " "
		if sib.instStart >= 0 {
			gap, afterHead = f.gapOr(nameEnd, sib.instStart, " "), sib.instEnd
		}
		head += gap + word(instance, sib.Quoted)
	}
	head += f.braceGap(afterHead, sib.open)
	opts := f.settingTexts(sib, settings)
	if sib.OneLine() {
		return head + f.oneLineBody(sib, opts)
	}
	return head + f.multiLineBody(sib, opts)
}

// braceGap returns what sits between a scope's header and its "{": spacing,
// or a line break and indent when the brace is on the next line.
func (f *File) braceGap(start, open int) string {
	gap := f.text(start, open)
	if strings.Contains(gap, "#") || strings.Contains(gap, "/*") {
		return " "
	}
	return gap
}

// settingTexts writes each setting like sib's options: the sibling's
// spelling of the name and its spacing around "=".
func (f *File) settingTexts(sib *Scope, settings []Setting) []string {
	eq := " = "
	if opts := sib.allOptions(); len(opts) > 0 {
		eq = f.gapOr(opts[0].start+len(opts[0].Name), opts[0].Value.start, " = ")
	}
	out := make([]string, len(settings))
	for i, s := range settings {
		name := s.Name
		if o := sib.Option(s.Name); o != nil {
			name = o.Name
		}
		out[i] = name + eq + s.Value
	}
	return out
}

func (s *Scope) allOptions() []*Option {
	var out []*Option
	for _, st := range s.Stmts {
		if o, ok := st.(*Option); ok {
			out = append(out, o)
		}
	}
	return out
}

func (f *File) oneLineBody(sib *Scope, opts []string) string {
	inner := f.text(sib.open+1, sib.close)
	if len(sib.Stmts) == 0 {
		if len(opts) == 0 {
			return "{" + inner + "}"
		}
		return "{" + inner + strings.Join(opts, " ") + inner + "}"
	}
	first, _ := sib.Stmts[0].span()
	_, last := sib.Stmts[len(sib.Stmts)-1].span()
	lead, trail := f.gapOr(sib.open+1, first, " "), f.gapOr(last, sib.close, " ")
	return "{" + lead + strings.Join(opts, f.optionSep(sib, "  ")) + trail + "}"
}

// optionSep returns the spacing between sib's first two statements when
// they share a line, else def.
func (f *File) optionSep(sib *Scope, def string) string {
	if len(sib.Stmts) < 2 {
		return def
	}
	_, end := sib.Stmts[0].span()
	start, _ := sib.Stmts[1].span()
	if start == end {
		return def
	}
	return f.gapOr(end, start, def)
}

func (f *File) multiLineBody(sib *Scope, opts []string) string {
	eol := f.eol(sib.open)
	closeLine := source.Indent(f.src, sib.close) + "}"
	if !source.OnlySpaceBefore(f.src, sib.close) {
		closeLine = source.Indent(f.src, sib.start) + "}"
	}
	indent := source.Indent(f.src, sib.start) + source.IndentUnit(f.src, "  ")
	sep := eol + indent
	if len(sib.Stmts) > 0 {
		first, _ := sib.Stmts[0].span()
		indent = alignTo(f.src, first)
		sep = eol + indent
		if s := f.optionSep(sib, ""); s != "" {
			sep = s
		}
	}
	if len(opts) == 0 {
		return "{" + eol + closeLine
	}
	return "{" + eol + indent + strings.Join(opts, sep) + eol + closeLine
}
