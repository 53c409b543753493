package jsonconf

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/source/hostile"
)

// hostileShapes are pathological JSON files: nesting past the limit,
// nesting at the limit over and over, and sizes no real file has, valid
// and broken.
var hostileShapes = []hostile.Shape{
	{Name: "nested [ never closed", Make: func(n int) []byte { return hostile.Repeat("", "[", "", n) }},
	{Name: "nested [ closed", Make: func(n int) []byte {
		return []byte(strings.Repeat("[", n/2) + strings.Repeat("]", n/2))
	}},
	{Name: "nested objects never closed", Make: func(n int) []byte { return hostile.Repeat("", `{"a":`, "", n) }},
	{Name: "nesting at the limit, over and over", Make: func(n int) []byte {
		unit := strings.Repeat("[", maxDepth-1) + strings.Repeat("]", maxDepth-1) + ","
		return hostile.Repeat("[", unit, "0]", n)
	}},
	{Name: "objects at the limit, over and over", Make: func(n int) []byte {
		unit := strings.Repeat(`{"a":`, maxDepth-2) + "0" + strings.Repeat("}", maxDepth-2) + ","
		return hostile.Repeat(`{"cassandra":{"hosts":["h"]},"x":[`, unit, "0]}", n)
	}},
	{Name: "many keys", Make: func(n int) []byte {
		return hostile.Numbered(`{"cassandra":{"hosts":["h"]}`, `,"key%d":"value"`, "}", n)
	}},
	{Name: "many keys, then a trailing comma", Make: func(n int) []byte {
		return hostile.Numbered(`{"cassandra":{"hosts":["h"]}`, `,"key%d":"value"`, ",}", n)
	}},
	{Name: "a long array of hosts", Make: func(n int) []byte {
		return hostile.Numbered(`{"cassandra":{"hosts":["h"`, `,"host%d"`, "]}}", n)
	}},
	{Name: "a long array, one per line", Make: func(n int) []byte {
		return hostile.Numbered("{\n  \"cassandra\": {\n    \"hosts\": [\n      \"h\"", ",\n      \"host%d\"", "\n    ]\n  }\n}\n", n)
	}},
	{Name: "one long string", Make: func(n int) []byte { return hostile.Repeat(`{"cassandra":{"hosts":["`, "a", `"]}}`, n) }},
	{Name: "string never closed", Make: func(n int) []byte { return hostile.Repeat(`{"cassandra":{"hosts":["`, "a", "", n) }},
	{Name: "one long line of spaces", Make: func(n int) []byte { return hostile.Repeat(`{"cassandra":`, " ", `{"hosts":[]}}`, n) }},
}

// TestHostileInput checks that Parse, then Strings of cassandra.hosts,
// stays linear in time and memory on 1 MB of each pathological shape, and
// refuses what it refuses with a position.
func TestHostileInput(t *testing.T) {
	hostile.Check(t, hostileParse, hostileShapes, hostile.Bounds{PerByte: 64, Growth: 6, TimeGrowth: 8})
}

// TestSizeLimit checks that a file of maxSize bytes is read and one more
// byte is refused, at that byte.
func TestSizeLimit(t *testing.T) {
	src := []byte(`["a"]` + strings.Repeat(" ", maxSize-5))
	_, err := Parse("big.json", src)
	require.NoError(t, err)
	_, err = Parse("big.json", append(src, ' '))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "big.json:1:67108865", e.Pos.String())
	assert.Equal(t, "found a file of 67108865 bytes (expected at most 67108864)", e.Msg)
}

func BenchmarkHostileInput(b *testing.B) {
	hostile.Bench(b, hostileParse, hostileShapes)
}

func hostileParse(src []byte) error {
	f, err := Parse("production.json", src)
	if err != nil {
		return err
	}
	if _, err = f.Strings("cassandra.hosts"); errors.Is(err, ErrNoPath) {
		return nil
	}
	return err
}
