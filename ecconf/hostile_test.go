package ecconf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/source/hostile"
)

// hostileShapes are pathological ecelerity files: nesting past the limit,
// nesting at the limit over and over, and sizes no real file has, valid
// and broken.
var hostileShapes = []hostile.Shape{
	{Name: "nested scopes never closed", Make: func(n int) []byte { return hostile.Repeat("", "a {\n", "", n) }},
	{Name: "nested lists never closed", Make: func(n int) []byte { return hostile.Repeat("x = ", "(", "", n) }},
	{Name: "nested hashes never closed", Make: func(n int) []byte { return hostile.Repeat("x = ", "[ a = ", "", n) }},
	{Name: "nested scopes closed", Make: func(n int) []byte {
		return append(hostile.Repeat("", "a {", "", n*3/4), hostile.Repeat("", "}", "", n/4)...)
	}},
	{Name: "scopes at the limit, over and over", Make: func(n int) []byte {
		return hostile.Repeat("", strings.Repeat("a {\n", maxDepth)+strings.Repeat("}\n", maxDepth), "", n)
	}},
	{Name: "lists at the limit, over and over", Make: func(n int) []byte {
		return hostile.Numbered("", "x%d = "+strings.Repeat("(", maxDepth)+strings.Repeat(")", maxDepth)+"\n", "", n)
	}},
	{Name: "hashes at the limit, then a fault", Make: func(n int) []byte {
		return hostile.Numbered("", "x%d = "+strings.Repeat("[ a = ", maxDepth)+"1"+strings.Repeat(" ]", maxDepth)+"\n", "x = = 1\n", n)
	}},
	{Name: "many options", Make: func(n int) []byte { return hostile.Numbered("", "option%d = value\n", "", n) }},
	{Name: "many options, then a fault", Make: func(n int) []byte { return hostile.Numbered("", "option%d = value\n", "x = = 1\n", n) }},
	{Name: "many scopes, then one never closed", Make: func(n int) []byte {
		return hostile.Numbered("", "scope%d { a = 1 }\n", "last {\n", n)
	}},
	{Name: "one long list", Make: func(n int) []byte { return hostile.Repeat("x = ( ", "a, ", ")\n", n) }},
	{Name: "one long word", Make: func(n int) []byte { return hostile.Repeat("x = ", "a", "\n", n) }},
	{Name: "one long string", Make: func(n int) []byte { return hostile.Repeat(`x = "`, "a", "\"\n", n) }},
	{Name: "string never closed", Make: func(n int) []byte { return hostile.Repeat(`x = "`, "a", "", n) }},
	{Name: "comment never closed", Make: func(n int) []byte { return hostile.Repeat("x = 1 /*", "a", "", n) }},
}

// TestHostileInput checks that Parse stays linear in time and memory on
// 1 MB of each pathological shape, and refuses what it refuses with a
// position. Participle costs much per token: 563 bytes allocated per byte
// on scopes nested to the limit ("a {" four bytes a level), 330 on one
// long list, 100-200 on options (measured at 256 KB and 1 MB), hence the
// bound of 768.
func TestHostileInput(t *testing.T) {
	hostile.Check(t, hostileParse, hostileShapes, hostile.Bounds{PerByte: 768, Growth: 6, TimeGrowth: 8})
}

// TestSizeLimit checks that a file of maxSize bytes is read and one more
// byte is refused, at that byte.
func TestSizeLimit(t *testing.T) {
	src := []byte("x = 1\n#" + strings.Repeat(" ", maxSize-8) + "\n")
	_, err := Parse("big.conf", src)
	require.NoError(t, err)
	_, err = Parse("big.conf", append(src, '#'))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "big.conf:3:1", e.Pos.String())
	assert.Equal(t, "found a file of 4194305 bytes (expected at most 4194304)", e.Msg)
}

// TestDepthLimit checks that nesting to maxDepth is read, in scopes, lists
// and hashes mixed, and one level more is refused at the bracket that
// opens it.
func TestDepthLimit(t *testing.T) {
	third := maxDepth / 3
	rest := maxDepth - 2*third
	deep := strings.Repeat("s {\n", third) + "x = " + strings.Repeat("(", third) + strings.Repeat("[ k = ", rest-1) +
		"%s" + strings.Repeat(" ]", rest-1) + strings.Repeat(")", third) + "\n" + strings.Repeat("}\n", third)
	_, err := Parse("deep.conf", []byte(strings.Replace(deep, "%s", "[ k = v ]", 1)))
	require.NoError(t, err)
	src := strings.Replace(deep, "%s", "[ k = [ k = v ] ]", 1)
	_, err = Parse("deep.conf", []byte(src))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, strings.LastIndex(src, "[ k = v"), e.Pos.Offset, "%v", err)
	assert.Equal(t, "found nesting deeper than 64 levels (expected at most 64)", e.Msg)
}

func BenchmarkHostileInput(b *testing.B) {
	hostile.Bench(b, hostileParse, hostileShapes)
}

func hostileParse(src []byte) error {
	_, err := Parse("ecelerity.conf", src)
	return err
}
