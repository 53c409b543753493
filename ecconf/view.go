package ecconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Scope is a scope of the file: the top level (Name "") or a block
// "Name { ... }" / "Name instance { ... }". A Scope is a view of the bytes
// it was parsed from: an edit of its File makes it stale, and edits refuse
// stale views, so look it up again after each edit.
type Scope struct {
	Name     string // as written; names compare ignoring ASCII case
	Instance string // the instance name, unquoted; "" for an anonymous scope
	Quoted   bool   // the instance name is a quoted string
	Pos      srcpos.Position
	Stmts    []Stmt // the options, scopes and includes of its body, in order

	file        *File
	gen         int
	parent      *Scope // nil at the top level
	start, end  int    // span of the whole statement ("Name ... }")
	instStart   int    // offset of the instance name, or -1
	instEnd     int
	open, close int // offsets of "{" and "}"; -1 and len(src) at top level
}

// Option is an option "name = value" of a scope.
type Option struct {
	Name  string // as written
	Value *Value
	Pos   srcpos.Position

	file       *File
	gen        int
	parent     *Scope
	start, end int
	eqStart    int // offset of "="
}

// Include is an include or readonly_include directive.
type Include struct {
	Keyword  string // "include" or "readonly_include", as written
	Path     string // unquoted
	ReadOnly bool
	Pos      srcpos.Position

	start, end int
}

// Stmt is an element of a scope body: a *Scope, an *Option or an *Include.
type Stmt interface {
	Position() srcpos.Position
	span() (start, end int)
}

// Position returns where the scope's name starts.
func (s *Scope) Position() srcpos.Position { return s.Pos }

// Position returns where the option's name starts.
func (o *Option) Position() srcpos.Position { return o.Pos }

// Position returns where the directive starts.
func (i *Include) Position() srcpos.Position { return i.Pos }

func (s *Scope) span() (int, int)   { return s.start, s.end }
func (o *Option) span() (int, int)  { return o.start, o.end }
func (i *Include) span() (int, int) { return i.start, i.end }

// Kind is the kind of a Value.
type Kind int

// The kinds of value.
const (
	Scalar Kind = iota // a bare word or a quoted string
	List               // ( a "b" c )
	Hash               // [ key = value ... ]
)

// Value is an option's value, a list element or a hash entry's value.
type Value struct {
	Kind    Kind
	Raw     string   // the text as written, quotes included
	Text    string   // Scalar: the text without quotes and escapes
	Quoted  bool     // Scalar: written as a quoted string
	Elems   []*Value // List: the elements, in order
	Entries []*Entry // Hash: the entries, in order
	Pos     srcpos.Position

	start, end int
	comma      int // offset of a "," following it in a list, or -1
	open       int // List, Hash: offset of "(" or "["
	close      int // List, Hash: offset of ")" or "]"
}

// Entry is an entry "key = value" of a hash.
type Entry struct {
	Key       string // unquoted
	KeyQuoted bool
	Value     *Value
	Pos       srcpos.Position

	start, end int
	keyEnd     int
	comma      int
}

// Scopes returns the child scopes whose name equals name, ignoring ASCII
// case, in order.
func (s *Scope) Scopes(name string) []*Scope {
	var out []*Scope
	for _, st := range s.Stmts {
		if c, ok := st.(*Scope); ok && source.EqualFoldASCII(c.Name, name) {
			out = append(out, c)
		}
	}
	return out
}

// Find returns the scopes reached from s by following path, one scope name
// a step, ignoring ASCII case: s.Find("msg_gen", "node") returns every node
// scope of every msg_gen scope. With an empty path it returns s.
func (s *Scope) Find(path ...string) []*Scope {
	cur := []*Scope{s}
	for _, name := range path {
		var next []*Scope
		for _, c := range cur {
			next = append(next, c.Scopes(name)...)
		}
		cur = next
	}
	return cur
}

// InstanceOf returns the first child scope named name whose instance name
// equals instance, both ignoring ASCII case, or nil.
func (s *Scope) InstanceOf(name, instance string) *Scope {
	for _, c := range s.Scopes(name) {
		if source.EqualFoldASCII(c.Instance, instance) {
			return c
		}
	}
	return nil
}

// Options returns the options of s named name, ignoring ASCII case, in order.
func (s *Scope) Options(name string) []*Option {
	var out []*Option
	for _, st := range s.Stmts {
		if o, ok := st.(*Option); ok && source.EqualFoldASCII(o.Name, name) {
			out = append(out, o)
		}
	}
	return out
}

// Option returns the last option of s named name, ignoring ASCII case (the
// one that takes effect), or nil.
func (s *Scope) Option(name string) *Option {
	opts := s.Options(name)
	if len(opts) == 0 {
		return nil
	}
	return opts[len(opts)-1]
}

// Includes returns the include and readonly_include directives of s.
func (s *Scope) Includes() []*Include {
	var out []*Include
	for _, st := range s.Stmts {
		if i, ok := st.(*Include); ok {
			out = append(out, i)
		}
	}
	return out
}

// OneLine reports whether the scope's braces sit on one line.
func (s *Scope) OneLine() bool {
	if s.open < 0 {
		return false
	}
	return !strings.Contains(s.file.text(s.open, s.close), "\n")
}

// Entry returns the last entry of a hash whose key equals key, ignoring
// ASCII case, or nil (also when v is not a hash).
func (v *Value) Entry(key string) *Entry {
	for i := len(v.Entries) - 1; i >= 0; i-- {
		if source.EqualFoldASCII(v.Entries[i].Key, key) {
			return v.Entries[i]
		}
	}
	return nil
}
