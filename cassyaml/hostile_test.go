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
// bound of 128.
func TestHostileInput(t *testing.T) {
	hostile.Check(t, hostileParse, hostileShapes, hostile.Bounds{PerByte: 128, Growth: 6})
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

func BenchmarkHostileInput(b *testing.B) {
	hostile.Bench(b, hostileParse, hostileShapes)
}

func hostileParse(src []byte) error {
	_, err := Parse("cassandra.yaml", src)
	return err
}
