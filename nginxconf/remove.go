package nginxconf

import (
	"github.com/momoconf/momoconf/internal/source"
)

// RemoveServer removes from the upstream named upstream (matched as
// [File.Upstream] does) every active server line whose host matches addr's
// (ASCII case-insensitively; IP addresses compared as addresses) and, when
// addr has a port, whose port matches too (a missing port counting as 80).
// A server alone on its line(s) goes with the whole line, trailing comment
// and line ending included; one that shares its line with other directives
// goes alone, with the spaces that set it apart. Comment lines such as
// `#server ...` are never touched.
//
// RemoveServer does nothing and returns false when no line matches. It
// returns an error when the file has no such upstream or two, when addr is
// not one bare word, and when the removal would leave the upstream with no
// server line, which nginx refuses.
func (f *File) RemoveServer(upstream, addr string) (changed bool, err error) {
	up, err := f.target(upstream)
	if err != nil {
		return false, err
	}
	if err := f.checkAddr(up, addr); err != nil {
		return false, err
	}
	src := f.t.src
	want := splitAddr(addr)
	servers := serverNodes(src, up)
	var gone []*node
	for _, n := range servers {
		if want.matches(splitAddr(wordValue(src, n.words[1])), want.port == "") {
			gone = append(gone, n)
		}
	}
	if len(gone) == 0 {
		return false, nil
	}
	if len(gone) == len(servers) {
		return false, f.t.errorf(gone[0].start, "found only servers matching %s in upstream %s (expected another to remain: nginx refuses an upstream with no server)",
			addr, upstreamName(src, up))
	}
	return true, f.splice(up, removalEdits(src, gone)...)
}

// removalEdits returns the edits removing directives gone (in file order).
// Directives separated only by spaces are removed as one span.
func removalEdits(src []byte, gone []*node) []source.Edit {
	var spans [][2]int
	for _, n := range gone {
		if k := len(spans) - 1; k >= 0 && onlySpaceTab(src[spans[k][1]:n.start]) {
			spans[k][1] = n.end
			continue
		}
		spans = append(spans, [2]int{n.start, n.end})
	}
	edits := make([]source.Edit, 0, len(spans))
	for _, s := range spans {
		edits = append(edits, removal(src, s[0], s[1]))
	}
	return edits
}

// removal returns the edit removing src[a:b]: its whole lines when nothing
// else is on them; else the span with the spaces before it (the ones
// AddServer puts before a server it adds beside another), or, when it
// starts its line, with the spaces after it.
func removal(src []byte, a, b int) source.Edit {
	startsLine := source.OnlySpaceBefore(src, a)
	switch {
	case startsLine && source.RestIsBlank(src, b, '#'):
		return source.Edit{Start: source.LineStart(src, a), End: source.NextLineStart(src, b)}
	case !startsLine && spaceBefore(src, a) > 0:
		return source.Edit{Start: a - spaceBefore(src, a), End: b}
	default:
		return source.Edit{Start: a, End: b + spaceAfter(src, b)}
	}
}
