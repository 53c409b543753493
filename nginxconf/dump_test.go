package nginxconf

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// dump renders the directive tree of f, one directive a line, with the
// line:col of each name and every word as written (its value after "=" when
// quoting or escapes change it). Lua bodies show their length only.
func dump(f *File) string {
	var b strings.Builder
	dumpNodes(&b, f.t, f.root.children, "")
	return b.String()
}

func dumpNodes(b *strings.Builder, t *text, nodes []*node, indent string) {
	for _, n := range nodes {
		p := t.pos(n.start)
		fmt.Fprintf(b, "%s%d:%d", indent, p.Line, p.Column)
		for _, w := range n.words {
			raw := string(t.src[w.start:w.end])
			b.WriteString(" " + show(raw))
			if v := wordValue(t.src, w); v != raw {
				b.WriteString("=" + show(v))
			}
		}
		switch {
		case n.lua:
			fmt.Fprintf(b, " {lua %d bytes}\n", n.close-n.term-1)
		case n.block:
			b.WriteString(" {\n")
			dumpNodes(b, t, n.children, indent+"  ")
			b.WriteString(indent + "}\n")
		default:
			b.WriteString(";\n")
		}
	}
}

// show writes s on one line: \n, \r, \t, other control bytes and bytes that
// are not UTF-8 are escaped, and a word is framed by ⟨⟩ so spaces show.
func show(s string) string {
	var b strings.Builder
	b.WriteString("⟨")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteString("⟩")
	return b.String()
}
