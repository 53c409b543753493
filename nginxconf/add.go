package nginxconf

import (
	"bytes"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// dropOnClone reports whether a server parameter belongs to that one server
// and so is not copied onto a new line: down and backup are per-server
// states, route= is a per-server identity, and service= names the DNS SRV
// record that one server line stands for.
func dropOnClone(p string) bool {
	return p == "down" || p == "backup" || strings.HasPrefix(p, "route=") || strings.HasPrefix(p, "service=")
}

// AddServer adds `server addr;` to the upstream named upstream (matched as
// [File.Upstream] does). The new line goes right after the last active
// server line and copies it: indentation, spacing, quoting, parameters
// (except down, backup, route= and service=, which belong to that server),
// line ending; its trailing comment is not copied. When the server lines
// align their parameters in a column, the new line's parameters start in
// that column too (one space after the address at least). A server sharing its line with
// other directives gets the new one beside it on that line. With no server
// line, the new one goes before the block's first directive, indented like
// the block's other lines.
//
// AddServer does nothing and returns false when a server with the same host
// (ASCII case-insensitively; IP addresses compared as addresses) and port (a
// missing port counting as 80) is already listed. It returns an error when
// the file has no such upstream, has two, or addr is not one bare word.
func (f *File) AddServer(upstream, addr string) (changed bool, err error) {
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
	for _, n := range servers {
		if want.matches(splitAddr(wordValue(src, n.words[1])), false) {
			return false, nil
		}
	}
	if len(servers) == 0 {
		return true, f.splice(up, addFirst(src, up, addr))
	}
	return true, f.splice(up, addAfter(src, servers, addr))
}

// addAfter inserts a clone of the last server line, with addr, after it.
func addAfter(src []byte, servers []*node, addr string) source.Edit {
	last := servers[len(servers)-1]
	if !source.OnlySpaceBefore(src, last.start) || !source.RestIsBlank(src, last.end, '#') {
		line := cloneServer(src, last, addr, -1) // beside it: no column applies
		return source.Edit{Start: last.end, End: last.end, New: sepBefore(src, last.start) + line}
	}
	line := cloneServer(src, last, addr, paramColumn(src, servers))
	indent := source.Indent(src, last.start)
	eol := source.LineEnding(src, last.end)
	if eol == "" {
		at := source.LineEnd(src, last.end)
		return source.Edit{Start: at, End: at, New: source.FileLineEnding(src) + indent + line}
	}
	at := source.NextLineStart(src, last.end)
	return source.Edit{Start: at, End: at, New: indent + line + eol}
}

// sepBefore returns the spaces between a directive at i and what precedes it
// on its line, or one space when it starts its line.
func sepBefore(src []byte, i int) string {
	n := spaceBefore(src, i)
	if n == 0 || i-n == 0 || src[i-n-1] == '\n' {
		return " "
	}
	return string(src[i-n : i])
}

// cloneServer returns the text of server directive n, from its name to its
// ";", with addr in place of the address, its comments and per-server
// parameters left out.
//
// col, when not -1, is the column (bytes from the start of the line) the
// first parameter is to start in.
func cloneServer(src []byte, n *node, addr string, col int) string {
	var b strings.Builder
	w := n.words
	b.Write(src[w[0].start:w[0].end])
	prev := w[0].end
	indent := len(source.Indent(src, n.start))
	for i := 1; i < len(w); i++ {
		if i > 1 && dropOnClone(wordValue(src, w[i])) {
			prev = w[i].end
			continue
		}
		gap := stripComments(src[prev:w[i].start])
		if i > 1 && col >= 0 && !strings.Contains(b.String(), "\n") {
			gap = strings.Repeat(" ", max(1, col-indent-b.Len()))
			col = -1
		}
		b.WriteString(gap)
		if i == 1 {
			b.WriteString(quoteLike(addr, w[1].quote))
		} else {
			b.Write(src[w[i].start:w[i].end])
		}
		prev = w[i].end
	}
	b.WriteString(stripComments(src[prev:n.term]))
	b.WriteByte(';')
	return b.String()
}

func quoteLike(s string, quote byte) string {
	if quote == 0 {
		return s
	}
	q := string(quote)
	return q + s + q
}

// addFirst inserts `server addr;` into an upstream block that has none.
func addFirst(src []byte, up *node, addr string) source.Edit {
	line := "server " + addr + ";"
	if len(up.children) > 0 {
		d := up.children[0]
		if !source.OnlySpaceBefore(src, d.start) {
			return source.Edit{Start: d.start, End: d.start, New: line + " "}
		}
		at := source.LineStart(src, d.start)
		return source.Edit{Start: at, End: at, New: source.Indent(src, d.start) + line + source.LineEnding(src, d.start)}
	}
	if !source.OnlySpaceBefore(src, up.close) {
		sep := " "
		if spaceBefore(src, up.close) > 0 {
			sep = ""
		}
		return source.Edit{Start: up.close, End: up.close, New: sep + line + " "}
	}
	at := source.LineStart(src, up.close)
	return source.Edit{Start: at, End: at, New: innerIndent(src, up) + line + source.LineEnding(src, up.term)}
}

// innerIndent returns the indentation of the first non-blank line inside an
// empty block (a comment line), or the block's own indentation plus the
// file's indent unit.
func innerIndent(src []byte, up *node) string {
	for i := source.NextLineStart(src, up.term); i < source.LineStart(src, up.close); i = source.NextLineStart(src, i) {
		if !source.RestIsBlank(src, i, 0) {
			return source.Indent(src, i)
		}
	}
	return source.Indent(src, up.start) + source.IndentUnit(src, "    ")
}

// paramColumn returns the column (bytes from the start of the line) in
// which the server lines align their first parameter, or -1 when they do
// not. Lines align when at least two of them, each alone on its line,
// start their first parameter in one column after spaces only, and some
// line pads its address to reach it (a single space everywhere is no
// column).
func paramColumn(src []byte, servers []*node) int {
	col, lines, padded := -1, 0, false
	for _, n := range servers {
		if len(n.words) < 3 || !source.OnlySpaceBefore(src, n.start) {
			continue
		}
		p := n.words[2].start
		gap := src[n.words[1].end:p]
		if !onlySpaceTab(gap) || bytes.IndexByte(gap, '\t') >= 0 {
			return -1
		}
		c := p - source.LineStart(src, p)
		if col >= 0 && c != col {
			return -1
		}
		col, lines, padded = c, lines+1, padded || len(gap) > 1
	}
	if lines < 2 || !padded {
		return -1
	}
	return col
}
