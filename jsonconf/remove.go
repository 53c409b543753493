package jsonconf

import "github.com/momoconf/momoconf/internal/source"

// removeEdits returns the edits that remove the elements of a at the
// increasing indexes idx.
func (f *File) removeEdits(a *array, idx []int) []source.Edit {
	if len(idx) == len(a.elems) {
		return f.removeAll(a)
	}
	var edits []source.Edit
	for _, r := range runs(idx) {
		edits = append(edits, f.removeRun(a, r[0], r[1])...)
	}
	return edits
}

// removeAll empties a. An array written on one line keeps the white space
// after its '['; any other becomes "[]".
func (f *File) removeAll(a *array) []source.Edit {
	if source.SameLine(f.src, a.open, a.close) {
		return []source.Edit{{Start: a.elems[0].start, End: a.close, New: ""}}
	}
	return []source.Edit{{Start: a.open + 1, End: a.close, New: ""}}
}

// removeRun removes the elements first..last of a, not all of a's
// elements. Elements that fill whole lines go with their lines; when they
// were the last elements, so does the comma after the new last one.
// Elements that share a line go with the separator after them when the
// next element is on the same line, else with the separator before them.
func (f *File) removeRun(a *array, first, last int) []source.Edit {
	el, n := a.elems, len(a.elems)
	if f.fillLines(el[first], el[last]) {
		end := el[last].end
		if el[last].comma >= 0 {
			end = el[last].comma // on the line of the element, or alone on a later one
		}
		edits := []source.Edit{{
			Start: source.LineStart(f.src, el[first].start),
			End:   source.NextLineStart(f.src, end),
		}}
		if last == n-1 {
			edits = append(edits, f.removeComma(el[first-1].comma))
		}
		return edits
	}
	switch {
	case last < n-1 && source.SameLine(f.src, el[last].end, el[last+1].start):
		return []source.Edit{{Start: el[first].start, End: el[last+1].start}}
	case first > 0:
		return []source.Edit{{Start: el[first-1].end, End: el[last].end}}
	default:
		return []source.Edit{{Start: el[first].start, End: f.pastBlanks(el[last].comma + 1)}}
	}
}

// fillLines reports whether the elements from first to last fill their
// lines: only white space before first on its line, and after last only
// white space and, unless last ends the array, its comma, then only white
// space. The comma may stand on last's line or alone on a later one (only
// white space lies between a value and its comma, in JSON); a comma that
// starts a later line before the next element (comma-first layout) would
// be left behind, so it does not count.
func (f *File) fillLines(first, last element) bool {
	if !f.onlySpaceBefore(first.start) {
		return false
	}
	if last.comma < 0 {
		return source.OnlySpaceAfter(f.src, last.end)
	}
	return source.OnlySpaceAfter(f.src, last.comma+1)
}

// removeComma returns the edit that removes the comma at offset: its whole
// line when it stands alone there, else the comma alone.
func (f *File) removeComma(comma int) source.Edit {
	if f.onlySpaceBefore(comma) && source.OnlySpaceAfter(f.src, comma+1) {
		return source.Edit{Start: source.LineStart(f.src, comma), End: source.NextLineStart(f.src, comma)}
	}
	return source.Edit{Start: comma, End: comma + 1}
}

// pastBlanks returns the offset of the first byte at or after offset that
// is not a space or a tab.
func (f *File) pastBlanks(offset int) int {
	for offset < len(f.src) && (f.src[offset] == ' ' || f.src[offset] == '\t') {
		offset++
	}
	return offset
}

// runs groups increasing indexes into runs of consecutive ones, each given
// as its first and last index.
func runs(idx []int) [][2]int {
	var out [][2]int
	for _, i := range idx {
		if len(out) > 0 && out[len(out)-1][1] == i-1 {
			out[len(out)-1][1] = i
			continue
		}
		out = append(out, [2]int{i, i})
	}
	return out
}
