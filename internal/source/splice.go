package source

import (
	"fmt"
	"slices"
)

// Edit replaces src[Start:End] with New. An insertion has Start == End.
type Edit struct {
	Start, End int
	New        string
}

// Apply returns a copy of src with the edits made. The edits may come in any
// order but must not overlap (two insertions at one offset are kept in the
// order given); Apply returns an error, and no bytes, when they do or when an
// edit lies outside src.
func Apply(src []byte, edits ...Edit) ([]byte, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int { return a.Start - b.Start })
	out := make([]byte, 0, len(src)+64)
	last := 0
	for _, e := range sorted {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("source: edit [%d,%d) overlaps or lies outside [%d,%d)", e.Start, e.End, last, len(src))
		}
		out = append(out, src[last:e.Start]...)
		out = append(out, e.New...)
		last = e.End
	}
	return append(out, src[last:]...), nil
}
