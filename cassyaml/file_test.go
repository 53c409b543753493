package cassyaml

import (
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTripTests are inputs that must come back byte for byte.
var roundTripTests = []struct{ desc, in string }{
	{"no final newline", "listen_address: localhost"},
	{"crlf", "cluster_name: 'x'\r\nlisten_address: localhost # c\r\n"},
	{"cr only", "a: 1\rlisten_address: x\r"},
	{"bom", "\ufefflisten_address: x\n"},
	{"latin-1 comment", "# caf\xe9 au lait\nlisten_address: x\n"},
	{"invalid byte in value comment", "a: 'x' # \xff\xfe\n"},
	{"trailing blanks and tabs", "a: 1 \t \n  \t# tab comment\t\n\n\nb:\t  x  \n   \n"},
	{"odd indentation", "seed_provider:\n - class_name: x\n   parameters:\n         - seeds: \"a\"\n"},
	{"nel line break", "a: 1\u0085listen_address: x\n"},
	{"empty values", "listen_address:\nrpc_address:   # c\n"},
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range roundTripTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("in.yaml", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.in, string(f.Bytes()))
			assert.Equal(t, "in.yaml", f.Name())
		})
	}
}

// TestBytesContract checks the rule shared by the format packages: Parse
// keeps a copy of src, so the caller may reuse src, and Bytes returns a
// fresh copy, which the caller may modify.
func TestBytesContract(t *testing.T) {
	const text = "listen_address: localhost\nseed_provider:\n- parameters:\n  - seeds: \"a\"\n"
	in := []byte(text)
	f, err := Parse("in.yaml", in)
	require.NoError(t, err)
	clear(in)
	b := f.Bytes()
	assert.Equal(t, text, string(b))
	clear(b)
	assert.Equal(t, text, string(f.Bytes()))
	_, err = f.Set("listen_address", "10.0.0.1")
	require.NoError(t, err)
	_, err = f.AddSeed("b")
	require.NoError(t, err)
	assert.Equal(t, "listen_address: 10.0.0.1\nseed_provider:\n- parameters:\n  - seeds: \"a,b\"\n", string(f.Bytes()))
}

// editTests hold what txtar cannot: CRLF, CR, no final newline, and bytes
// that are not UTF-8 or take more than one byte before the edited value.
var editTests = []struct {
	desc, in string
	op       func(*File) (bool, error)
	want     string
}{
	{"crlf set", "cluster_name: 'x'\r\nlisten_address: localhost # c\r\n", setListen, "cluster_name: 'x'\r\nlisten_address: 10.0.0.1 # c\r\n"},
	{"crlf commented out", "# broadcast_address: 1.2.3.4\r\nrpc_address: x\r\n", setBroadcast, "# broadcast_address: 1.2.3.4\r\nbroadcast_address: 10.0.0.1\r\nrpc_address: x\r\n"},
	{"crlf setoradd", "a: 1\r\n", addNumTokens, "a: 1\r\nnum_tokens: 256\r\n"},
	{"crlf no final newline setoradd", "a: 1\r\nb: 2", addNumTokens, "a: 1\r\nb: 2\r\nnum_tokens: 256"},
	{"crlf add seed", "seed_provider:\r\n- class_name: x\r\n  parameters:\r\n  - seeds: \"a,b\"\r\n", addSeedC, "seed_provider:\r\n- class_name: x\r\n  parameters:\r\n  - seeds: \"a,b,c\"\r\n"},
	{"crlf remove seed", "seed_provider:\r\n- class_name: x\r\n  parameters:\r\n  - seeds: \"a, c\"\r\n", removeSeedC, "seed_provider:\r\n- class_name: x\r\n  parameters:\r\n  - seeds: \"a\"\r\n"},
	{"no final newline set", "listen_address: localhost", setListen, "listen_address: 10.0.0.1"},
	{"no final newline empty value", "listen_address:", setListen, "listen_address: 10.0.0.1"},
	{"no final newline commented out", "a: 1\n# broadcast_address: x", setBroadcast, "a: 1\n# broadcast_address: x\nbroadcast_address: 10.0.0.1"},
	{"no final newline setoradd", "a: 1", addNumTokens, "a: 1\nnum_tokens: 256"},
	{"no final newline seed", "seed_provider:\n- class_name: x\n  parameters:\n  - seeds: 'a'", addSeedC, "seed_provider:\n- class_name: x\n  parameters:\n  - seeds: 'a,c'"},
	{"cr only", "a: 1\rlisten_address: x\r", setListen, "a: 1\rlisten_address: 10.0.0.1\r"},
	{"cr only commented out", "# broadcast_address: x\ra: 1\r", setBroadcast, "# broadcast_address: x\rbroadcast_address: 10.0.0.1\ra: 1\r"},
	{"bom", "\ufefflisten_address: x\n", setListen, "\ufefflisten_address: 10.0.0.1\n"},
	{"nel before the line", "a: 1\u0085listen_address: x\n", setListen, "a: 1\u0085listen_address: 10.0.0.1\n"},
	{"tab after colon", "listen_address:\tlocalhost\n", setListen, "listen_address:\t10.0.0.1\n"},
	{"multi-byte key before value", "{ü: 1, listen_address: localhost}\n", setListen, "{ü: 1, listen_address: 10.0.0.1}\n"},
	{"latin-1 before value", "{k: \"\xe9t\xe9\", listen_address: localhost} # \xe9\n", setListen, "{k: \"\xe9t\xe9\", listen_address: 10.0.0.1} # \xe9\n"},
	{"multi-byte value", "cluster_name: 'Zürich' # ü\n", setClusterName, "cluster_name: 'Genève' # ü\n"},
	{"emoji before seeds", "seed_provider: [{c: \"🙂🙂\", parameters: [{x: é, seeds: \"a\"}]}]\n", addSeedC, "seed_provider: [{c: \"🙂🙂\", parameters: [{x: é, seeds: \"a,c\"}]}]\n"},
}

func setListen(f *File) (bool, error)      { return f.Set("listen_address", "10.0.0.1") }
func setBroadcast(f *File) (bool, error)   { return f.Set("broadcast_address", "10.0.0.1") }
func setClusterName(f *File) (bool, error) { return f.Set("cluster_name", "Genève") }
func addNumTokens(f *File) (bool, error)   { return f.SetOrAdd("num_tokens", "256") }
func addSeedC(f *File) (bool, error)       { return f.AddSeed("c") }
func removeSeedC(f *File) (bool, error)    { return f.RemoveSeed("c") }

func TestEdit(t *testing.T) {
	for _, tt := range editTests {
		t.Run(tt.desc, func(t *testing.T) {
			testEdit(t, tt.in, tt.op, tt.want)
		})
	}
}

// testEdit runs op on in and checks the result, that it parses again and
// that running op again changes nothing.
func testEdit(t *testing.T, in string, op func(*File) (bool, error), want string) {
	t.Helper()
	f, err := Parse("in.yaml", []byte(in))
	require.NoError(t, err)
	changed, err := op(f)
	require.NoError(t, err)
	assert.True(t, changed, "changed")
	assert.Equal(t, want, string(f.Bytes()))
	_, err = Parse("out.yaml", f.Bytes())
	assert.NoError(t, err, "output parses")
	changed, err = op(f)
	require.NoError(t, err)
	assert.False(t, changed, "second run changed")
	assert.Equal(t, want, string(f.Bytes()), "second run")
}

// argTests are verbs whose arguments are refused before anything is
// written: *Error values at the top mapping (a key or value) or at the seeds
// value (a host).
var argTests = []struct {
	desc string
	op   func(*File) (bool, error)
	want string
}{
	{"value with line break", func(f *File) (bool, error) { return f.Set("listen_address", "a\nb") }, `in.yaml:1:1: found value "a\nb" holding the character U+000A (expected printable text on one line)`},
	{"value with tab", func(f *File) (bool, error) { return f.SetOrAdd("listen_address", "a\tb") }, `in.yaml:1:1: found value "a\tb" holding the character U+0009 (expected printable text on one line)`},
	{"value not utf-8", func(f *File) (bool, error) { return f.Set("listen_address", "\xff") }, `in.yaml:1:1: found value "\xff", which is not UTF-8 (expected UTF-8 text)`},
	{"empty key", func(f *File) (bool, error) { return f.Set("", "x") }, `in.yaml:1:1: found key "" (expected a key that can be written as a plain YAML key)`},
	{"key with colon", func(f *File) (bool, error) { return f.SetOrAdd("a: b", "x") }, `in.yaml:1:1: found key "a: b" (expected a key that can be written as a plain YAML key)`},
	{"host with comma", func(f *File) (bool, error) { return f.AddSeed("a,b") }, `in.yaml:5:12: found host "a,b", which is not one host (expected no commas or blanks)`},
	{"host with blank", func(f *File) (bool, error) { return f.RemoveSeed("a b") }, `in.yaml:5:12: found host "a b", which is not one host (expected no commas or blanks)`},
	{"empty host", func(f *File) (bool, error) { return f.AddSeed("") }, `in.yaml:5:12: found host "", which is not one host (expected no commas or blanks)`},
}

func TestArgErrors(t *testing.T) {
	const in = "listen_address: localhost\nseed_provider:\n- class_name: x\n  parameters:\n  - seeds: \"a\"\n"
	for _, tt := range argTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("in.yaml", []byte(in))
			require.NoError(t, err)
			changed, err := tt.op(f)
			require.Error(t, err)
			assert.False(t, changed)
			assert.Equal(t, tt.want, err.Error())
			var e *Error
			require.ErrorAs(t, err, &e, "an argument error has a position")
			pos, ok := srcpos.Find(err)
			assert.True(t, ok)
			assert.Equal(t, e.Pos, pos)
			assert.Equal(t, in, string(f.Bytes()))
		})
	}
}

func TestErrNoKey(t *testing.T) {
	f, err := Parse("in.yaml", []byte("listen_address: localhost\n"))
	require.NoError(t, err)
	_, err = f.Set("broadcast_address", "10.0.0.1")
	assert.ErrorIs(t, err, ErrNoKey)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1, e.Pos.Line)
	_, err = f.Seeds()
	assert.ErrorIs(t, err, ErrNoKey)
	_, err = f.AddSeed("a")
	assert.ErrorIs(t, err, ErrNoKey)
	_, err = f.Set("listen_interface", "eth0")
	assert.NotErrorIs(t, err, ErrNoKey, "a conflict is not a missing key")
}

// parseErrorTests are inputs Parse refuses, with the error's position.
var parseErrorTests = []struct{ desc, in, want string }{
	{"utf-16", "\xff\xfel\x00", "in.yaml:1:1: found a UTF-16 byte order mark (expected UTF-8)"},
	{"empty", "", "in.yaml:1:1: found no YAML content (expected a mapping of settings)"},
	{"control character", "a: 1\nb: \x01\n", "in.yaml:2:4: found invalid YAML: control characters are not allowed"},
	{"crlf syntax error", "a: 1\r\nb: [1,\r\n", "in.yaml:2:4: found invalid YAML: did not find expected node content"},
	{"tab at the start of a line", "a: 1\n\t# comment\n", "in.yaml:2:1: found invalid YAML: found a tab character that violates indentation"},
	{"no final newline top scalar", "x", `in.yaml:1:1: found the scalar "x" at the top (expected a mapping of settings)`},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("in.yaml", []byte(tt.in))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var e *Error
			assert.ErrorAs(t, err, &e)
		})
	}
}
