package ecconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Setting is an option to write into a new scope: its name and its value
// as it should be written (quotes included, see Quote).
type Setting struct {
	Name  string
	Value string
}

// Quote returns s as a double-quoted string, with backslash escapes for
// backslashes and double quotes.
func Quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// NeedsQuote reports whether s cannot be written as a bare word: it is
// empty or holds whitespace, punctuation, quotes, a comment start or
// control bytes.
func NeedsQuote(s string) bool {
	if s == "" {
		return true
	}
	src := []byte(s)
	for i := range src {
		if !isWordByte(src, i) || src[i] < 0x20 || src[i] == 0x7f {
			return true
		}
		if _, ok := typographicQuote(src, i); ok {
			return true
		}
	}
	return false
}

// word returns s bare, or quoted when it must be (or when quoted is set).
func word(s string, quoted bool) string {
	if quoted || NeedsQuote(s) {
		return Quote(s)
	}
	return s
}

// apply makes the edits and parses the result, which becomes f's contents;
// every view of f taken before is then stale. When the result does not
// parse, which would be a bug, f is left as it was.
func (f *File) apply(edits ...source.Edit) error {
	out, err := source.Apply(f.src, edits...)
	if err != nil {
		return errorf(f.name, f.src, 0, "found overlapping edits (expected disjoint ones; this is a bug): %w", err)
	}
	if err := f.load(out, f.gen+1); err != nil {
		return errorf(f.name, f.src, edits[0].Start, "found an edit whose result does not parse (expected valid output; this is a bug): %w", err)
	}
	return nil
}

// change makes the edits like apply and reports that the file changed.
func (f *File) change(edits ...source.Edit) (bool, error) {
	if err := f.apply(edits...); err != nil {
		return false, err
	}
	return true, nil
}

// current checks that a view taken from f is still valid.
func (f *File) current(file *File, gen int, pos srcpos.Position) error {
	if file != f || gen != f.gen {
		return &Error{Pos: pos, Msg: "found a view of another file or from before the last edit (expected one looked up after it)"}
	}
	return nil
}

func (f *File) optionOf(o *Option, kind Kind) error {
	if o == nil {
		return &Error{Pos: srcpos.Position{Filename: f.name, Line: 1, Column: 1}, Msg: "found no option (expected one)", Err: ErrNoOption}
	}
	if err := f.current(o.file, o.gen, o.Pos); err != nil {
		return err
	}
	if o.Value.Kind != kind {
		return &Error{Pos: o.Value.Pos, Msg: "found " + kindName(o.Value.Kind) + " value of " + quoteName(o.Name) + " (expected " + kindName(kind) + ")"}
	}
	return nil
}

func kindName(k Kind) string {
	switch k {
	case List:
		return "a list"
	case Hash:
		return "a hash"
	}
	return "a scalar"
}

// SetScalar replaces the value of option o, a scalar, with raw (written as
// given: quote it with Quote if needed). The rest of the line is untouched;
// setting the value already written changes nothing.
func (f *File) SetScalar(o *Option, raw string) (changed bool, err error) {
	if err := f.optionOf(o, Scalar); err != nil {
		return false, err
	}
	if o.Value.Raw == raw {
		return false, nil
	}
	return f.change(source.Edit{Start: o.Value.start, End: o.Value.end, New: raw})
}

// AppendElement adds raw (an element as written, quotes included) to the
// list value of option o, right after its last element, laid out like it:
// on a new line with the same indent when the last element starts its
// line, else on the same line with the same separator. A ")" that shared
// the last element's line moves to the new one; comments below the last
// element stay below the new one. An empty list gets the element inside
// its brackets, or on its own line when the brackets are on two lines.
func (f *File) AppendElement(o *Option, raw string) (changed bool, err error) {
	if err := f.optionOf(o, List); err != nil {
		return false, err
	}
	return f.change(f.insertEdits(listSeq(o.Value), len(o.Value.Elems)-1, raw)...)
}

// RemoveElement removes element i of the list value of option o: its whole
// line when it is alone there, else the element and its separator. A ")"
// that shared its line joins the previous element.
func (f *File) RemoveElement(o *Option, i int) (changed bool, err error) {
	if err := f.optionOf(o, List); err != nil {
		return false, err
	}
	if i < 0 || i >= len(o.Value.Elems) {
		return false, &Error{Pos: o.Value.Pos, Msg: "found no such list element (expected an index below the element count)"}
	}
	return f.change(f.removeEdits(listSeq(o.Value), i)...)
}

// AddEntry adds "key = raw" to the hash value of option o, right after its
// last entry and laid out like it (the spacing around "=" too). The key is
// written bare unless it must be quoted or the last key was quoted; raw is
// written as given.
func (f *File) AddEntry(o *Option, key, raw string) (changed bool, err error) {
	if err := f.optionOf(o, Hash); err != nil {
		return false, err
	}
	entries := o.Value.Entries
	eq, quoted := " = ", false
	if n := len(entries); n > 0 {
		eq, quoted = f.gapOr(entries[n-1].keyEnd, entries[n-1].Value.start, " = "), entries[n-1].KeyQuoted
	}
	return f.change(f.insertEdits(listSeq(o.Value), len(entries)-1, word(key, quoted)+eq+raw)...)
}

// RemoveEntry removes entry i of the hash value of option o, like
// RemoveElement.
func (f *File) RemoveEntry(o *Option, i int) (changed bool, err error) {
	if err := f.optionOf(o, Hash); err != nil {
		return false, err
	}
	if i < 0 || i >= len(o.Value.Entries) {
		return false, &Error{Pos: o.Value.Pos, Msg: "found no such hash entry (expected an index below the entry count)"}
	}
	return f.change(f.removeEdits(listSeq(o.Value), i)...)
}

// gapOr returns src[start:end] when it is plain spacing on one line, else
// def.
func (f *File) gapOr(start, end int, def string) string {
	if start > end {
		return def
	}
	gap := f.text(start, end)
	if strings.ContainsAny(gap, "\r\n#") || strings.Contains(gap, "/*") {
		return def
	}
	return gap
}
