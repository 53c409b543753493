package jsonconf

import (
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cases here hold bytes a txtar file would lose: CRLF line endings, no
// final newline, a byte order mark, bytes that are not UTF-8.
var addStringTests = []struct {
	desc, path, value, in, want string
}{
	{
		desc: "crlf one per line", path: "cassandra.hosts", value: "n3",
		in:   "{\r\n  \"cassandra\": {\r\n    \"hosts\": [\r\n      \"n1\",\r\n      \"n2\"\r\n    ]\r\n  }\r\n}\r\n",
		want: "{\r\n  \"cassandra\": {\r\n    \"hosts\": [\r\n      \"n1\",\r\n      \"n2\",\r\n      \"n3\"\r\n    ]\r\n  }\r\n}\r\n",
	},
	{
		desc: "crlf empty array opens with crlf", path: "hosts", value: "n1",
		in:   "{\r\n\t\"hosts\": []\r\n}",
		want: "{\r\n\t\"hosts\": [\r\n\t\t\"n1\"\r\n\t]\r\n}",
	},
	{
		desc: "crlf trailing spaces stay before the crlf", path: "hosts", value: "b",
		in:   "{\r\n  \"hosts\": [\r\n    \"a\" \t\r\n  ]\r\n}\r\n",
		want: "{\r\n  \"hosts\": [\r\n    \"a\", \t\r\n    \"b\"\r\n  ]\r\n}\r\n",
	},
	{
		desc: "no final newline", path: "hosts", value: "b",
		in:   "{\n  \"hosts\": [\n    \"a\"\n  ]\n}",
		want: "{\n  \"hosts\": [\n    \"a\",\n    \"b\"\n  ]\n}",
	},
	{
		desc: "top-level array, no final newline, bracket on the last line", path: "", value: "b",
		in:   "[\n  \"a\"]",
		want: "[\n  \"a\",\n  \"b\"]",
	},
	{
		desc: "top-level array keeps its final newline", path: "@this", value: "c",
		in:   "[\n  \"a\",\n  \"b\"\n]\n",
		want: "[\n  \"a\",\n  \"b\",\n  \"c\"\n]\n",
	},
	{
		desc: "crlf on the last line only: the last element's line ending wins", path: "h", value: "b",
		in:   "{\"h\": [\n  \"a\"\r\n]}",
		want: "{\"h\": [\n  \"a\",\r\n  \"b\"\r\n]}",
	},
	{
		desc: "byte order mark kept", path: "h", value: "b",
		in:   "\xEF\xBB\xBF{\"h\": [\"a\"]}\n",
		want: "\xEF\xBB\xBF{\"h\": [\"a\", \"b\"]}\n",
	},
	{
		desc: "byte order mark before an empty top-level array", path: "", value: "a",
		in:   "\xEF\xBB\xBF[]\r\n",
		want: "\xEF\xBB\xBF[\r\n  \"a\"\r\n]\r\n",
	},
	{
		desc: "non-UTF-8 bytes elsewhere are untouched", path: "h", value: "b",
		in:   "{\"x\": \"\xff\xfe\", \"h\": [\"a\"]}",
		want: "{\"x\": \"\xff\xfe\", \"h\": [\"a\", \"b\"]}",
	},
	{
		desc: "control character in the value is escaped", path: "h", value: "a\x01b\nc",
		in:   "{\"h\": [\"a\"]}",
		want: "{\"h\": [\"a\", \"a\\u0001b\\nc\"]}",
	},
}

func TestAddString(t *testing.T) {
	for _, tt := range addStringTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("in.json", []byte(tt.in))
			require.NoError(t, err)
			changed, err := f.AddString(tt.path, tt.value)
			require.NoError(t, err)
			assert.True(t, changed)
			assert.Equal(t, tt.want, string(f.Bytes()), "(-want +got)")
			checkOutput(t, f.Bytes())
			changed, err = f.AddString(tt.path, tt.value)
			require.NoError(t, err)
			assert.False(t, changed, "second add")
			assert.Equal(t, tt.want, string(f.Bytes()), "second add changed the file")
			changed, err = f.RemoveString(tt.path, tt.value)
			require.NoError(t, err)
			assert.True(t, changed)
			assert.Equal(t, tt.in, string(f.Bytes()), "remove after add did not restore the input")
		})
	}
}

var removeStringTests = []struct {
	desc, path, value, in, want string
}{
	{
		desc: "crlf last element takes the comma before it", path: "h", value: "b",
		in:   "{\r\n  \"h\": [\r\n    \"a\",\r\n    \"b\"\r\n  ]\r\n}\r\n",
		want: "{\r\n  \"h\": [\r\n    \"a\"\r\n  ]\r\n}\r\n",
	},
	{
		desc: "crlf middle element", path: "h", value: "b",
		in:   "{\r\n  \"h\": [\r\n    \"a\",\r\n    \"b\",\r\n    \"c\"\r\n  ]\r\n}\r\n",
		want: "{\r\n  \"h\": [\r\n    \"a\",\r\n    \"c\"\r\n  ]\r\n}\r\n",
	},
	{
		desc: "crlf only element", path: "h", value: "a",
		in:   "{\r\n  \"h\": [\r\n    \"a\"\r\n  ]\r\n}\r\n",
		want: "{\r\n  \"h\": []\r\n}\r\n",
	},
	{
		desc: "no final newline, top-level array", path: "", value: "b",
		in:   "[\n  \"a\",\n  \"b\"\n]",
		want: "[\n  \"a\"\n]",
	},
	{
		desc: "last line without newline holds the element and the bracket", path: "", value: "b",
		in:   "[\n  \"a\",\n  \"b\"]",
		want: "[\n  \"a\"]",
	},
	{
		desc: "escaped element matches its decoded value", path: "h", value: "node1",
		in:   "{\"h\": [\"n\\u006fde1\", \"node2\"]}",
		want: "{\"h\": [\"node2\"]}",
	},
}

func TestRemoveString(t *testing.T) {
	for _, tt := range removeStringTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("in.json", []byte(tt.in))
			require.NoError(t, err)
			changed, err := f.RemoveString(tt.path, tt.value)
			require.NoError(t, err)
			assert.True(t, changed)
			assert.Equal(t, tt.want, string(f.Bytes()), "(-want +got)")
			checkOutput(t, f.Bytes())
			changed, err = f.RemoveString(tt.path, tt.value)
			require.NoError(t, err)
			assert.False(t, changed, "second remove")
			assert.Equal(t, tt.want, string(f.Bytes()), "second remove changed the file")
		})
	}
}

func TestErrors(t *testing.T) {
	src := []byte("{\n  \"a\": {\"b\": [\"x\"]},\n  \"n\": 1\n}\n")
	f, err := Parse("p.json", src)
	require.NoError(t, err)
	for _, path := range []string{"a.c", "z", "a.b.5", "n.x"} {
		_, err := f.Strings(path)
		assert.ErrorIs(t, err, ErrNoPath, path)
		_, err = f.AddString(path, "v")
		assert.ErrorIs(t, err, ErrNoPath, path)
		_, err = f.RemoveString(path, "v")
		assert.ErrorIs(t, err, ErrNoPath, path)
		assert.False(t, f.Has(path), path)
	}
	_, err = f.AddString("n", "v")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.NotErrorIs(t, err, ErrNoPath)
	assert.Equal(t, 3, e.Pos.Line)
	assert.Equal(t, 8, e.Pos.Column)
	_, err = f.AddString("a.b", "\xff")
	assert.EqualError(t, err, `p.json:2:14: found value "\xff" to add, which is not UTF-8 (expected UTF-8 text)`)
	pos, ok := srcpos.Find(err)
	require.True(t, ok, "an argument error has a position")
	assert.Equal(t, 2, pos.Line, "an argument error is placed at the array")
	assert.Equal(t, string(src), string(f.Bytes()), "a failed verb changed the file")
	assert.Equal(t, "p.json", f.Name())
}

func TestStrings(t *testing.T) {
	f, err := Parse("s.json", []byte(`{"e": [], "h": ["a", "b\"c", "caf\u00e9"], "n": [[]]}`))
	require.NoError(t, err)
	got, err := f.Strings("e")
	require.NoError(t, err)
	assert.Equal(t, []string{}, got)
	got, err = f.Strings("h")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", `b"c`, "café"}, got)
	_, err = f.Strings("n")
	assert.EqualError(t, err, `s.json:1:50: found an array in the array at path "n" (expected a string)`)
	assert.True(t, f.Has("n"))
	assert.True(t, f.Has(""))
}

// TestBytesContract checks the rule shared by the format packages: Parse
// keeps a copy of src, so the caller may reuse src, and Bytes returns a
// fresh copy, which the caller may modify.
func TestBytesContract(t *testing.T) {
	const text = `{"h": ["a", "b"]}`
	in := []byte(text)
	f, err := Parse("in.json", in)
	require.NoError(t, err)
	clear(in)
	b := f.Bytes()
	assert.Equal(t, text, string(b))
	clear(b)
	assert.Equal(t, text, string(f.Bytes()))
	_, err = f.AddString("h", "c")
	require.NoError(t, err)
	_, err = f.RemoveString("h", "a")
	require.NoError(t, err)
	assert.Equal(t, `{"h": ["b", "c"]}`, string(f.Bytes()))
}
