package ecconf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Parse refuses input whose size or nesting would cost too much. Parse
// costs some 100-300 bytes allocated per byte of input (participle's token
// slice and reflective parse), and nesting costs more still: each level
// is a few frames of participle's recursive descent and of this package's
// builder and checker, so 64 KB of nested "(" cost 75 MB and time that
// grew 9 times for 4 times the input. A real configuration nests four or
// five levels.
const (
	// maxSize is the largest file Parse reads, in bytes: at up to some 600
	// bytes allocated per byte (nested scopes), 4 MiB costs over 2 GB.
	maxSize = 4 << 20
	// maxDepth is the deepest nesting of scopes, lists and hashes Parse
	// reads.
	maxDepth = 64
)

// File is a parsed ecelerity configuration file. It keeps the source bytes;
// the typed view (Root and below) points into them, and edits splice them.
type File struct {
	name     string
	src      []byte
	root     *Scope
	comments [][2]int // [start, end) of every comment, in order
	gen      int      // bumped by every edit, to detect stale views
}

// Parse parses src, the contents of the file called name (used in
// positions and errors). The whole ecelerity grammar is accepted: comments,
// options, scopes nested to any depth, lists, hashes, include directives.
// A syntax error is returned as an *Error at the first fault; Parse never
// panics. Parse does not modify src and keeps a copy of its own, so the
// caller may reuse src.
func Parse(name string, src []byte) (f *File, err error) {
	if len(src) > maxSize {
		return nil, errorf(name, src, maxSize, "found a file of %d bytes (expected at most %d)", len(src), maxSize)
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, errorf(name, src, 0, "found input the parser could not handle (expected valid configuration): %v", r)
		}
	}()
	return parse(name, bytes.Clone(src), 0)
}

func parse(name string, src []byte, gen int) (*File, error) {
	f := &File{name: name}
	if err := f.load(src, gen); err != nil {
		return nil, err
	}
	return f, nil
}

// load parses src into f, replacing its contents only on success.
func (f *File) load(src []byte, gen int) error {
	l := newLexState(f.name, src)
	peek, err := lexer.Upgrade(l)
	if err != nil {
		return firstFault(f.name, src, l, err)
	}
	toks := peek.Range(0, lexer.RawCursor(l.n+1)) // every token, EOF included
	ast, err := parser.ParseFromLexer(peek)
	if err != nil {
		return firstFault(f.name, src, l, err)
	}
	b := &builder{f: f, src: src, text: l.text, gen: gen, toks: toks, vals: l.values}
	root, err := b.root(ast)
	if err != nil {
		return firstFault(f.name, src, l, err)
	}
	f.src, f.gen, f.root, f.comments = src, gen, root, l.comments
	return nil
}

// Name returns the file name given to Parse.
func (f *File) Name() string { return f.name }

// Bytes returns a copy of the file's current bytes: the source given to
// Parse when nothing was edited, byte for byte. The caller may modify it.
func (f *File) Bytes() []byte { return bytes.Clone(f.src) }

// Root returns the top level of the file, a Scope with Name "".
func (f *File) Root() *Scope { return f.root }

// Find returns the scopes reached from the top level by path, ignoring
// ASCII case; see Scope.Find.
func (f *File) Find(path ...string) []*Scope { return f.root.Find(path...) }

func (f *File) text(start, end int) string { return string(f.src[start:end]) }

// firstFault turns err, the failure of lexing, parsing or building, into
// an *Error at the first fault of the file, which the checker finds. A
// lexing error stands unless the grammar fails before it.
func firstFault(name string, src []byte, l *lexState, err error) error {
	toks, lexErr := l.fineTokens()
	c := &checker{toks: toks}
	if ft := c.fault(lexErr != nil); ft != nil {
		return errorf(name, src, ft.at, "%s", ft.msg)
	}
	if lexErr != nil {
		return lexErr
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		return errorf(name, src, perr.Position().Offset, "found unparsable input (expected configuration): %w", err)
	}
	return errorf(name, src, 0, "found unparsable input (expected configuration): %w", err)
}

func describe(t lexer.Token) string {
	if t.EOF() {
		return "end of file"
	}
	v := t.Value
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return fmt.Sprintf("%q", v)
}

func quoteName(s string) string { return fmt.Sprintf("%q", s) }

// unquote returns the text of a scalar token: a quoted string loses its
// quotes and its backslash escapes; a bare word is returned as is.
func unquote(raw string) (string, bool) {
	if raw == "" || (raw[0] != '"' && raw[0] != '\'') {
		return raw, false
	}
	body := raw[1 : len(raw)-1]
	if !strings.Contains(body, `\`) {
		return body, true
	}
	var sb strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			i++
			c = unescape(body[i])
		}
		sb.WriteByte(c)
	}
	return sb.String(), true
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c
}
