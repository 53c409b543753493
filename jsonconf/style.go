package jsonconf

import (
	"github.com/momoconf/momoconf/internal/source"
)

// defaultUnit is the indentation step of a file that shows none: the one
// the Momentum documentation and jq use.
const defaultUnit = "  "

// eolAt returns the line ending a new line next to offset should use: that
// of offset's line, else that of the line before it, else the file's.
func (f *File) eolAt(offset int) string {
	if eol := source.LineEnding(f.src, offset); eol != "" {
		return eol
	}
	if start := source.LineStart(f.src, offset); start > 0 {
		return source.LineEnding(f.src, start-1)
	}
	return source.FileLineEnding(f.src)
}

// indentUnit returns the file's indentation step: the leading white space
// of its first indented line that holds something, which in pretty-printed
// JSON is one level deep, or defaultUnit when no line is indented.
func (f *File) indentUnit() string { return source.IndentUnit(f.src, defaultUnit) }

// onOwnLine reports whether the array a is the only thing on its line
// besides its key and a comma, as in `  "hosts": [],`.
func (f *File) onOwnLine(a *array) bool {
	if !f.onlySpaceBefore(f.memberStart(a.open)) {
		return false
	}
	return f.onlyCommaAfter(a.close + 1)
}

// onlyCommaAfter reports whether the rest of offset's line holds nothing
// but white space and at most one comma.
func (f *File) onlyCommaAfter(offset int) bool {
	p := offset
	for p < len(f.src) && (f.src[p] == ' ' || f.src[p] == '\t') {
		p++
	}
	if p < len(f.src) && f.src[p] == ',' {
		p++
	}
	return source.OnlySpaceAfter(f.src, p)
}

// memberStart returns the offset of the key whose value starts at offset,
// or offset itself for a value that has no key (an array element or the
// top-level value).
func (f *File) memberStart(offset int) int {
	p := offset - 1
	for p >= f.start && isSpace(f.src[p]) {
		p--
	}
	if p < f.start || f.src[p] != ':' {
		return offset
	}
	p--
	for p >= f.start && isSpace(f.src[p]) {
		p--
	}
	return openingQuote(f.src, p)
}

// openingQuote returns the offset of the quote that opens the valid string
// whose closing quote is at end: the nearest quote before it that is not
// escaped, that is, not preceded by an odd number of backslashes.
func openingQuote(src []byte, end int) int {
	for p := end - 1; p >= 0; p-- {
		if src[p] != '"' {
			continue
		}
		slashes := 0
		for q := p - 1; q >= 0 && src[q] == '\\'; q-- {
			slashes++
		}
		if slashes%2 == 0 {
			return p
		}
	}
	return end
}

// onlySpaceBefore reports whether only spaces and tabs precede offset on
// its line, a byte order mark at the start of the file aside.
func (f *File) onlySpaceBefore(offset int) bool {
	start := max(source.LineStart(f.src, offset), f.start)
	for _, c := range f.src[start:offset] {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}
