package nginxconf

import (
	"fmt"
	"testing"
)

// treeDiff returns "" when a and b hold the same bytes and the same parse:
// the same directives with the same words and offsets, in the same blocks,
// the same upstream list (each one a node of the tree), read with the same
// reading of Lua comments; else it describes the first difference.
func treeDiff(a, b *File) string {
	if string(a.t.src) != string(b.t.src) {
		return "bytes differ"
	}
	if a.luaComments != b.luaComments {
		return fmt.Sprintf("Lua comment reading %v, fresh parse %v", a.luaComments, b.luaComments)
	}
	if d := nodeDiff(a.root, b.root, "file"); d != "" {
		return d
	}
	if len(a.upstreams) != len(b.upstreams) {
		return fmt.Sprintf("%d upstreams, fresh parse %d", len(a.upstreams), len(b.upstreams))
	}
	for i := range a.upstreams {
		if a.pathTo(a.upstreams[i]) == nil {
			return fmt.Sprintf("upstream %d is not in the tree", i)
		}
		if d := nodeDiff(a.upstreams[i], b.upstreams[i], fmt.Sprintf("upstream %d", i)); d != "" {
			return d
		}
	}
	return ""
}

func nodeDiff(a, b *node, where string) string {
	if a.start != b.start || a.end != b.end || a.term != b.term || a.close != b.close || a.block != b.block || a.lua != b.lua {
		return fmt.Sprintf("%s: node %+v, fresh parse %+v", where, *a, *b)
	}
	if len(a.words) != len(b.words) {
		return fmt.Sprintf("%s: %d words, fresh parse %d", where, len(a.words), len(b.words))
	}
	for i := range a.words {
		if a.words[i] != b.words[i] {
			return fmt.Sprintf("%s: word %d %+v, fresh parse %+v", where, i, a.words[i], b.words[i])
		}
	}
	if len(a.children) != len(b.children) {
		return fmt.Sprintf("%s: %d children, fresh parse %d", where, len(a.children), len(b.children))
	}
	for i := range a.children {
		if d := nodeDiff(a.children[i], b.children[i], fmt.Sprintf("%s > %d", where, i)); d != "" {
			return d
		}
	}
	return ""
}

// requireFresh fails the test unless f, as edited, equals a fresh parse of
// its bytes.
func requireFresh(t testing.TB, f *File) {
	t.Helper()
	fresh, err := Parse(f.Name(), f.Bytes())
	if err != nil {
		t.Fatalf("edited file does not parse: %v\n%q", err, f.Bytes())
	}
	if d := treeDiff(f, fresh); d != "" {
		t.Fatalf("edited tree differs from a fresh parse: %s\n%q", d, f.Bytes())
	}
}

// TestTreeDiffFails keeps treeDiff honest: it must see a moved offset, a
// changed word, a lost child and a stale upstream list.
func TestTreeDiffFails(t *testing.T) {
	const in = "http {\n  upstream u { server a:1; server b:1; }\n  server { listen 80; }\n}\n"
	mutations := map[string]func(f *File){
		"offset":   func(f *File) { f.root.children[0].children[1].end++ },
		"word":     func(f *File) { f.upstreams[0].children[0].words[1].end-- },
		"child":    func(f *File) { f.upstreams[0].children = f.upstreams[0].children[:1] },
		"upstream": func(f *File) { f.upstreams[0] = f.upstreams[0].clone() },
		"lua":      func(f *File) { f.luaComments = false },
	}
	for name, mutate := range mutations {
		a, err := Parse("x.conf", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Parse("x.conf", []byte(in))
		if d := treeDiff(a, b); d != "" {
			t.Fatalf("equal parses differ: %s", d)
		}
		mutate(a)
		if treeDiff(a, b) == "" {
			t.Errorf("%s: treeDiff sees no difference", name)
		}
	}
}
