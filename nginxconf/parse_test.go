package nginxconf

import (
	"errors"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParse reads each testdata/TestParse case: in.conf must round-trip
// byte for byte and give the directive tree in section "tree", or fail with
// the message in section "error".
func TestParse(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestParse") {
		t.Run(c.Name, func(t *testing.T) {
			in := c.MustSection(t, "in.conf")
			f, err := Parse("in.conf", in)
			if err != nil {
				var e *Error
				require.True(t, errors.As(err, &e), "error %T is not *Error", err)
				c.Remove("tree")
				c.Check(t, "error", []byte(err.Error()+"\n"))
				return
			}
			assert.Equal(t, string(in), string(f.Bytes()), "round trip")
			c.Remove("error")
			c.Check(t, "tree", []byte(dump(f)))
		})
	}
}

// roundTripTests are inputs txtar cannot hold: CR bytes, no final newline.
var roundTripTests = []struct {
	desc, in string
}{
	{"empty", ""},
	{"only spaces", " \t \r\n"},
	{"no final newline", "events {}\nhttp { upstream a { server 10.0.0.1; } }"},
	{"comment without newline", "user nobody; # last"},
	{"crlf", "upstream a {\r\n    server a:1;\r\n}\r\n"},
	{"mixed line endings", "http {\r\n  upstream a {\n    server a:1;\r\n  }\n}"},
	{"lone cr separates words", "worker_processes\r4;\r"},
	{"trailing spaces", "events {}   \n\t\n  "},
	{"latin-1 bytes", "# caf\xe9\nadd_header X-Caf\xe9 \"cr\xe8me\";\n"},
	{"nul byte in a word", "set $a b\x00c;"},
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range roundTripTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("x.conf", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.in, string(f.Bytes()))
			assert.Equal(t, "x.conf", f.Name())
		})
	}
}

// parseErrorTests check the position of errors on inputs txtar cannot hold.
var parseErrorTests = []struct {
	desc, in, want string
}{
	{"eof in block, no final newline", "http {\r\n  server {}", `x.conf:2:12: found end of file inside block "http" opened at 1:6 (expected "}")`},
	{"missing semicolon at eof", "http {}\r\nuser nobody", `x.conf:2:12: found end of file inside directive "user" (expected ";" or "{")`},
	{"stray brace after crlf", "events {}\r\n}\r\n", `x.conf:2:1: found "}" with no open block (expected a directive)`},
}

func TestParseErrorPositions(t *testing.T) {
	for _, tt := range parseErrorTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("x.conf", []byte(tt.in))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

var wordValueTests = []struct {
	in, want string
}{
	{`plain`, "plain"},
	{`"dq"`, "dq"},
	{`'sq'`, "sq"},
	{`""`, ""},
	{`"a\"b"`, `a"b`},
	{`'it\'s'`, `it's`},
	{`"back\\slash"`, `back\slash`},
	{`"t\tr\rn\n"`, "t\tr\rn\n"},
	{`"keep\d"`, `keep\d`},
	{`foo\ bar`, `foo\ bar`}, // nginx keeps other escapes
	{`a\;b`, `a\;b`},
	{`^/a\.php$`, `^/a\.php$`},
}

func TestWordValue(t *testing.T) {
	for _, tt := range wordValueTests {
		f, err := Parse("x.conf", []byte("d "+tt.in+";"))
		require.NoError(t, err, tt.in)
		n := f.root.children[0]
		require.Len(t, n.words, 2, tt.in)
		assert.Equal(t, tt.want, wordValue(f.t.src, n.words[1]), tt.in)
	}
}
