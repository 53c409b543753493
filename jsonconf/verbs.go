package jsonconf

import (
	"unicode/utf8"

	"github.com/momoconf/momoconf/internal/source"
)

// Strings returns the strings of the array at path, decoded, in file order
// (an empty slice for "[]"). The path is a plain gjson path of keys and
// indexes, with dots inside keys escaped ("a\.b") and wildcards allowed;
// "" and "@this" name the top-level value. gjson queries, modifiers, pipes
// and multipaths compute their results, so they name nothing to edit and
// are refused with an [*Error]. A path that
// names nothing gives an error wrapping [ErrNoPath]; a value that is not an
// array, or an element that is not a string (an array inside the array, a
// number), gives an [*Error] at that value.
func (f *File) Strings(path string) ([]string, error) {
	a, err := f.stringArray(path)
	if err != nil {
		return nil, err
	}
	return f.values(a), nil
}

// AddString appends value to the array of strings at path and reports
// whether the file changed. It does nothing, and reports false, when an
// element already equals value ignoring ASCII case. In an array written one
// element per line the new element gets a line of its own below the former
// last one, which gains a comma; an array on one line stays on one line
// (see the package documentation for empty arrays). The path and errors are
// those of [File.Strings]; value must be valid UTF-8. On error the file is
// unchanged.
func (f *File) AddString(path, value string) (changed bool, err error) {
	a, err := f.stringArray(path)
	if err != nil {
		return false, err
	}
	if !utf8.ValidString(value) {
		return false, f.errorf(a.open, "found value %q to add, which is not UTF-8 (expected UTF-8 text)", value)
	}
	if len(f.matching(a, value)) > 0 {
		return false, nil
	}
	from := a.open
	if n := len(a.elems); n > 0 {
		from = a.elems[n-1].start
	}
	if err := f.apply(a, from, f.addEdits(a, f.quoteFor(value))); err != nil {
		return false, err
	}
	return true, nil
}

// RemoveString removes every element of the array of strings at path that
// equals value ignoring ASCII case, and reports whether the file changed
// (false when no element matched). An element on a line of its own goes
// with its whole line; when the last element goes, the comma before it goes
// too; removing every element leaves "[]" (an array on one line keeps the
// white space after its '['). The path and errors are those of
// [File.Strings]. On error the file is unchanged.
func (f *File) RemoveString(path, value string) (changed bool, err error) {
	a, err := f.stringArray(path)
	if err != nil {
		return false, err
	}
	idx := f.matching(a, value)
	if len(idx) == 0 {
		return false, nil
	}
	if err := f.apply(a, a.open, f.removeEdits(a, idx)); err != nil {
		return false, err
	}
	return true, nil
}

// quoteFor returns value as a JSON string in the file's style: non-ASCII
// characters are escaped only when the file escapes them.
func (f *File) quoteFor(value string) string {
	for i := 0; i < len(value); i++ {
		if value[i] >= utf8.RuneSelf {
			ascii, upper := escapeStyle(f.src[f.start:])
			return quote(value, ascii, upper)
		}
	}
	return quote(value, false, false)
}

// apply makes the edits, which lie inside array a at or after offset from,
// and checks that the array is still strict JSON; the rest of the file is
// untouched, so the whole stays valid. from is a.open, or the start of an
// element, in which case the array's bytes before it are untouched and
// valid up to that element, so only "[" and the bytes from it on need
// checking: an append checks its own few bytes, not the whole array. When
// the check fails, which would be a bug here, the file is kept as it was.
func (f *File) apply(a *array, from int, edits []source.Edit) error {
	out, err := source.Apply(f.src, edits...)
	if err == nil {
		end := a.close + 1 + len(out) - len(f.src)
		region := out[from:end]
		if from != a.open {
			region = append([]byte{'['}, region...)
		}
		err = validate(f.name, region, 0)
	}
	if err != nil {
		return f.errorf(a.open, "found an edit that would break the array, an internal error (expected strict JSON): %w", err)
	}
	f.src = out
	return nil
}
