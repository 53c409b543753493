package cassyaml

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/source/hostile"
)

// hostileShapes are pathological cassandra.yaml files: nesting past the
// limit, nesting at the limit over and over, and sizes no real file has,
// both valid and broken (a broken file goes through the fault-placing
// parser too).
var hostileShapes = []hostile.Shape{
	{Name: "nested [ never closed", Make: func(n int) []byte { return hostile.Repeat("seeds: ", "[", "", n) }},
	{Name: "nested { never closed", Make: func(n int) []byte { return hostile.Repeat("seeds: ", "{a: ", "", n) }},
	{Name: "nested [ closed", Make: func(n int) []byte {
		return []byte("seeds: " + strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n")
	}},
	{Name: "nested block sequences", Make: func(n int) []byte { return hostile.Repeat("seeds:\n", "- ", "x\n", n) }},
	{Name: "deeper indentation on every line", Make: func(n int) []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat(" ", i) + "k:\n")
		}
		return b.Bytes()
	}},
	{Name: "flow nesting at the limit, line after line", Make: func(n int) []byte {
		return hostile.Numbered("", "k%d: "+strings.Repeat("[", maxDepth-2)+strings.Repeat("]", maxDepth-2)+"\n", "", n)
	}},
	{Name: "flow nesting at the limit, then a fault", Make: func(n int) []byte {
		return hostile.Numbered("", "k%d: "+strings.Repeat("[", maxDepth-2)+strings.Repeat("]", maxDepth-2)+"\n", " bad: 1\n", n)
	}},
	{Name: "block nesting at the limit, over and over", Make: func(n int) []byte {
		var unit strings.Builder
		for i := range maxDepth - 1 {
			unit.WriteString(strings.Repeat(" ", i) + "k:\n")
		}
		return hostile.Repeat("", unit.String(), "", n)
	}},
	{Name: "many keys", Make: func(n int) []byte { return hostile.Numbered("", "key%d: value\n", "", n) }},
	{Name: "many keys, then a key indented one space", Make: func(n int) []byte {
		return hostile.Numbered("", "key%d: value\n", " bad: 1\n", n)
	}},
	{Name: "flow sequence never closed", Make: func(n int) []byte { return hostile.Repeat("seeds: [", "a, ", "", n) }},
	{Name: "one long line", Make: func(n int) []byte { return hostile.Repeat("cluster_name: ", "a", "\n", n) }},
	{Name: "one long quoted string", Make: func(n int) []byte { return hostile.Repeat("cluster_name: '", "a", "'\n", n) }},
	{Name: "quote never closed", Make: func(n int) []byte { return hostile.Repeat("cluster_name: 'a\n", "b: c\n", "", n) }},
	{Name: "comments", Make: func(n int) []byte { return hostile.Repeat("a: 1\n", "# a comment\n", " b: 1\n", n) }},
	{Name: "aliases", Make: func(n int) []byte { return hostile.Repeat("a: &a [x]\nb: [", "*a, ", "]\n", n) }},
}

// TestHostileInput checks that Parse stays linear in time and memory on
// 1 MB of each pathological shape, and refuses what it refuses with a
// position. yaml.v3 alone allocates some 83 bytes per byte of a flow
// collection (measured on "[a, a, ...]" from 64 KB to 2 MB), hence the
// bound of 128. CPU time on "comments", whose allocation grows 4.2 times
// from 256 KB to 1 MB, grew 4.8 to 8.4 times in repeated runs on the same
// code (the collector's share varies with the heap), so time is bounded
// at 10.
func TestHostileInput(t *testing.T) {
	hostile.Check(t, hostileParse, hostileShapes, hostile.Bounds{PerByte: 128, Growth: 6, TimeGrowth: 10})
}

// TestSizeLimit checks that a file of maxSize bytes is read and one more
// byte is refused, at that byte.
func TestSizeLimit(t *testing.T) {
	src := []byte("a: 1\n#" + strings.Repeat(" ", maxSize-7) + "\n")
	_, err := Parse("big.yaml", src)
	require.NoError(t, err)
	_, err = Parse("big.yaml", append(src, '#'))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "big.yaml:3:1", e.Pos.String())
	assert.Equal(t, "found a file of 4194305 bytes (expected at most 4194304)", e.Msg)
}

// depthTests are files at the nesting limit, or one level past it (then
// refused at offset at), and brackets and indentation that do not nest.
var depthTests = []struct {
	desc, in string
	at       int // offset of the refusal, or -1 for none
}{
	{"flow at the limit", "k: " + strings.Repeat("[", maxDepth-1) + strings.Repeat("]", maxDepth-1) + "\n", -1},
	{"flow past the limit", "k: " + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + "\n", 3 + maxDepth - 1},
	{"block at the limit", indented(maxDepth), -1},
	{"block past the limit", indented(maxDepth + 1), len(indented(maxDepth)) + maxDepth},
	{"sequences at the limit", "k:\n" + strings.Repeat("- ", maxDepth-1) + "x\n", -1},
	{"sequences past the limit", "k:\n" + strings.Repeat("- ", maxDepth) + "x\n", 3 + 2*maxDepth},
	// The line of "- " opens a level, and the "- " another (the count
	// errs high), so the first "[" is one past the limit.
	{"mixed past the limit", indented(maxDepth-2) + strings.Repeat(" ", maxDepth-2) + "- [[x]]\n", len(indented(maxDepth-2)) + maxDepth - 2 + 2},
	{"brackets in comments", "# " + strings.Repeat("[", 100) + "\nk: 1 # " + strings.Repeat("{", 100) + "\n", -1},
	{"brackets in quoted scalars", "k: '" + strings.Repeat("[", 100) + "'\nj: \"" + strings.Repeat("{", 100) + "\\\"\"\n", -1},
	{"brackets in a quoted scalar over lines", "k: '[[[\n  " + strings.Repeat("[", 100) + "'\n", -1},
	{"brackets in plain scalars", "k: a" + strings.Repeat("[", 100) + "\nj: x{y\n", -1},
	{"brackets in a block scalar", "k: |\n  " + strings.Repeat("[", 100) + "\n  {{{\nj: 1\n", -1},
}

// indented returns n levels of block mapping, each indented one more.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// TestDepthLimit checks where nesting is refused, and that brackets that
// are not flow collections do not count.
func TestDepthLimit(t *testing.T) {
	for _, tt := range depthTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("deep.yaml", []byte(tt.in))
			if tt.at < 0 {
				require.NoError(t, err)
				return
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.at, e.Pos.Offset, "%v", err)
			assert.Equal(t, "found nesting deeper than 64 levels (expected at most 64)", e.Msg)
		})
	}
}

func BenchmarkHostileInput(b *testing.B) {
	hostile.Bench(b, hostileParse, hostileShapes)
}

func hostileParse(src []byte) error {
	_, err := Parse("cassandra.yaml", src)
	return err
}
