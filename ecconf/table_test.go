package ecconf

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Inputs txtar cannot hold: CRLF line endings, no final newline, and bytes
// that are not UTF-8.
var roundTripTests = []struct {
	desc, in string
}{
	{"empty", ""},
	{"crlf", "msg_gen {\r\n  node a { mta_id = 1 }\r\n}\r\n"},
	{"no final newline", "a = 1\nb = ( x y )"},
	{"comment without newline", "a = 1 # end"},
	{"trailing spaces and tabs", "a = 1 \t\n\tb {\t}  \n"},
	{"latin-1 in comment and string", "# caf\xe9\nbanner = \"caf\xe9\"\n"},
	{"typographic quotes in comment", "# include “msg_gen.conf\"\n"},
	{"typographic quotes in string", "a = \"“x”\"\n"},
	{"form feed", "a = 1\f\nb = 2\n"},
	{"block comment in list", "l = ( a /* b */ c )\n"},
	{"single quotes", "a = 'x y'\n"},
	{"comma inside word", "monitors = ( 300,6 1800,4 )\n"},
	{"nested values", "h = [ k = ( a b ) j = [ x = 1 ] ]\n"},
	{"instance with colon", "Listen :25 { }\n"},
	{"only comments", "# a\n/* b */\n"},
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range roundTripTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("t.conf", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.in, string(f.Bytes()))
		})
	}
}

var editTests = []struct {
	desc, in, want string
	op             func(f *File) (bool, error)
}{
	{
		desc: "add node to crlf file",
		in:   "msg_gen {\r\n  node a { mta_id = 1  votes = 1 }\r\n}\r\n",
		want: "msg_gen {\r\n  node a { mta_id = 1  votes = 1 }\r\n  node b { mta_id = 2  votes = 1 }\r\n}\r\n",
		op:   func(f *File) (bool, error) { return f.AddNode("b", 2, 1) },
	},
	{
		desc: "add multi-line node to crlf file",
		in:   "msg_gen {\r\n\tnode a {\r\n\t\tmta_id = 1\r\n\t\tvotes = 1\r\n\t}\r\n}",
		want: "msg_gen {\r\n\tnode a {\r\n\t\tmta_id = 1\r\n\t\tvotes = 1\r\n\t}\r\n\tnode b {\r\n\t\tmta_id = 2\r\n\t\tvotes = 1\r\n\t}\r\n}",
		op:   func(f *File) (bool, error) { return f.AddNode("b", 2, 1) },
	},
	{
		desc: "remove node from crlf file",
		in:   "msg_gen {\r\n  node a { mta_id = 1 }\r\n  node b { mta_id = 2 }\r\n}\r\n",
		want: "msg_gen {\r\n  node a { mta_id = 1 }\r\n}\r\n",
		op:   func(f *File) (bool, error) { return f.RemoveNode("b") },
	},
	{
		desc: "add cassandra host to crlf compact list",
		in:   "cassandra_client {\r\n  uri = (\"name=cassandra_db;host=a;port=9160\")\r\n}\r\n",
		want: "cassandra_client {\r\n  uri = (\"name=cassandra_db;host=a;port=9160\" \"name=cassandra_db;host=b;port=9160\")\r\n}\r\n",
		op:   func(f *File) (bool, error) { return f.AddCassandraHost("b") },
	},
	{
		desc: "add cassandra host to crlf empty multi-line list",
		in:   "cassandra_client {\r\n  uri = (\r\n  )\r\n}\r\n",
		want: "cassandra_client {\r\n  uri = (\r\n    \"name=cassandra_db;host=b;port=9160\"\r\n  )\r\n}\r\n",
		op:   func(f *File) (bool, error) { return f.AddCassandraHost("b") },
	},
	{
		desc: "add peer, no final newline",
		in:   "msgc_server {\n  peers = [\n    a = \"10.0.0.1\"\n  ]\n}",
		want: "msgc_server {\n  peers = [\n    a = \"10.0.0.1\"\n    b = \"10.0.0.2\"\n  ]\n}",
		op:   func(f *File) (bool, error) { return f.AddPeer("b", "10.0.0.2") },
	},
	{
		desc: "add peer to crlf file",
		in:   "msgc_server {\r\n  peers = [\r\n    a = \"10.0.0.1\"\r\n  ]\r\n}\r\n",
		want: "msgc_server {\r\n  peers = [\r\n    a = \"10.0.0.1\"\r\n    b = \"10.0.0.2\"\r\n  ]\r\n}\r\n",
		op:   func(f *File) (bool, error) { return f.AddPeer("b", "10.0.0.2") },
	},
	{
		desc: "remove last top-level scope, no final newline",
		in:   "a = 1\nmsg_gen { node x { } }",
		want: "a = 1\nmsg_gen { }",
		op:   func(f *File) (bool, error) { return f.RemoveNode("x") },
	},
	{
		desc: "add node after a last line without newline",
		in:   "msg_gen {\n  node a { mta_id = 1 } }",
		want: "msg_gen {\n  node a { mta_id = 1 }\n  node b { mta_id = 2  votes = 1 } }",
		op:   func(f *File) (bool, error) { return f.AddNode("b", 2, 1) },
	},
	{
		desc: "non-UTF-8 comment next to the edit stays",
		in:   "msgc_server {\n  peers = [\n    a = \"1\" # caf\xe9\n  ]\n}\n",
		want: "msgc_server {\n  peers = [\n    a = \"1\" # caf\xe9\n    b = \"2\"\n  ]\n}\n",
		op:   func(f *File) (bool, error) { return f.AddPeer("b", "2") },
	},
}

func TestEditTable(t *testing.T) {
	for _, tt := range editTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("t.conf", []byte(tt.in))
			require.NoError(t, err)
			changed, err := tt.op(f)
			require.NoError(t, err)
			assert.True(t, changed)
			assert.Equal(t, tt.want, string(f.Bytes()))
		})
	}
}

// Every error names the line and column of what is wrong.
var errorTests = []struct {
	desc, in, want string
}{
	{"truncated scope", "msg_gen {\n  node a { mta_id = 1 }\n", `t.conf:3:1: found end of file (expected an option or scope name, or "}" closing the scope opened at 1:9)`},
	{"truncated nested scope", "a {\n b {\n", `t.conf:3:1: found end of file (expected an option or scope name, or "}" closing the scope opened at 2:4)`},
	{"unterminated string", "a = 1\nb = \"abc\nc = 2\n", `t.conf:2:5: found unterminated string (expected closing " on the same line)`},
	{"unterminated comment", "a = 1\n  /* open\n", `t.conf:2:3: found unterminated comment (expected "*/" before end of file)`},
	{"stray brace", "a = 1\n}\n", `t.conf:2:1: found "}" (expected an option or scope name; no scope is open)`},
	{"equals without value", "a {\n  b =\n}\n", `t.conf:3:1: found "}" (expected a value after "=")`},
	{"equals at end of file", "b =", `t.conf:1:4: found end of file (expected a value after "=")`},
	{"name without value", "a\nb = 1\n", `t.conf:1:1: found "a" followed by "b" (expected "=" or "{" after "a")`},
	{"instance without body", "node x\n", `t.conf:2:1: found end of file (expected "{" after "node x")`},
	{"unclosed list", "l = ( a b\n", `t.conf:2:1: found end of file (expected a list element or ")" closing the list opened at 1:5)`},
	{"wrong closer", "l = ( a ]\n", `t.conf:1:9: found "]" (expected a list element or ")" closing the list opened at 1:5)`},
	{"hash key without =", "h = [ k v ]\n", `t.conf:1:9: found "v" (expected "=" after the hash key)`},
	{"typographic quote", "Addresses = ( “^.*@fbl” )\n", `t.conf:1:15: found typographic quote "“" (expected a plain '"')`},
	{"control byte", "a = b\x00c\n", `t.conf:1:6: found control byte 0x00 (expected a word, a string or punctuation)`},
	{"include without path", "include\n", `t.conf:2:1: found end of file (expected a quoted path after "include")`},
}

func TestErrors(t *testing.T) {
	for _, tt := range errorTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("t.conf", []byte(tt.in))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var e *Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, "t.conf", e.Pos.Filename)
		})
	}
}
