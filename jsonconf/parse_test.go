package jsonconf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
)

// parseOKTests are inputs Parse accepts; Bytes must return each unchanged.
var parseOKTests = []string{
	"{}",
	"[]",
	" \r\n\t[ ] \r\n",
	"\"just a string\"",
	"-0.5e+10",
	"0",
	"1E-2",
	"true",
	"null",
	"{\"a\": [1, 2.5, -3e4, true, false, null, {}, []]}\r\n",
	"{\"a\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"}",
	"{\"dup\": 1, \"dup\": 2}",
	"{\"k\": \"\xff\xfe not UTF-8\"}\n",
	"\xEF\xBB\xBF{\"bom\": true}\n",
	"{\n\t\"tabs\": [\n\t\t\"a\"   \n\t]\n}   ",
	strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
}

func TestParseRoundTrip(t *testing.T) {
	for _, in := range parseOKTests {
		f, err := Parse("ok.json", []byte(in))
		require.NoError(t, err, "%.60q", in)
		assert.Equal(t, in, string(f.Bytes()))
		assert.True(t, json.Valid(trimBOM([]byte(in))), "encoding/json disagrees: %.60q", in)
	}
}

// parseErrorTests are inputs Parse refuses, with the error each gives.
var parseErrorTests = []struct{ in, want string }{
	{"", "e.json:1:1: found end of file (expected value)"},
	{"\xEF\xBB\xBF", "e.json:1:4: found end of file (expected value)"},
	{"  \n ", "e.json:2:2: found end of file (expected value)"},
	{"\"abc", `e.json:1:1: found unterminated string (expected closing '"')`},
	{"[\"a\tb\"]", "e.json:1:4: found control character U+0009 in string (expected it escaped)"},
	{"[\"\\u12\"]", `e.json:1:3: found invalid escape '\u12' in string (expected one of \" \\ \/ \b \f \n \r \t \uXXXX)`},
	{"[\"\\", `e.json:1:3: found invalid escape '\' in string (expected one of \" \\ \/ \b \f \n \r \t \uXXXX)`},
	{"tru", `e.json:1:1: found "tru" (expected value)`},
	{"True", `e.json:1:1: found "True" (expected value)`},
	{"[undefined]", `e.json:1:2: found "undefined" (expected value)`},
	{"[-Infinity]", `e.json:1:2: found invalid number "-Infinity" (expected JSON number)`},
	{"-", `e.json:1:1: found invalid number "-" (expected JSON number)`},
	{"1.", `e.json:1:1: found invalid number "1." (expected JSON number)`},
	{"1e", `e.json:1:1: found invalid number "1e" (expected JSON number)`},
	{"+1", `e.json:1:1: found "+1" (expected value)`},
	{".5", `e.json:1:1: found ".5" (expected value)`},
	{"0x10", `e.json:1:1: found invalid number "0x10" (expected JSON number)`},
	{"[,]", "e.json:1:2: found ',' (expected value)"},
	{"[1,,2]", "e.json:1:4: found ',' (expected value)"},
	{"{\"a\":1,,}", "e.json:1:8: found ',' (expected string key)"},
	{"{\"a\" 1}", `e.json:1:6: found "1" after object key (expected ':')`},
	{"{\"a\":1 \"b\":2}", `e.json:1:8: found '"' after object member (expected ',' or '}')`},
	{"[1}", "e.json:1:3: found '}' after array element (expected ',' or ']')"},
	{"{\"a\":1]", "e.json:1:7: found ']' after object member (expected ',' or '}')"},
	{"[1] x", `e.json:1:5: found "x" after the top-level value (expected end of file)`},
	{"[\"a\"]\n\xEF\xBB\xBF", "e.json:2:1: found '\\ufeff' after the top-level value (expected end of file)"},
	{"[\xff]", "e.json:1:2: found byte 0xff (expected value)"},
	{"[\x00]", "e.json:1:2: found control character U+0000 (expected value)"},
	{"['a']", "e.json:1:2: found single quote (expected value)"},
	{"[1 /* c */]", "e.json:1:4: found comment after array element (expected ',' or ']')"},
	{"{\r\n  \"a\": [1,]\r\n}", "e.json:2:10: found ',' before ']' (expected no trailing comma)"},
	{strings.Repeat("[", maxDepth) + "\"", `e.json:1:10001: found unterminated string (expected closing '"')`},
	{strings.Repeat("[", maxDepth+1), "e.json:1:10001: found nesting deeper than 10000 levels (expected at most 10000)"},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		f, err := Parse("e.json", []byte(tt.in))
		assert.Nil(t, f)
		var e *Error
		if assert.ErrorAs(t, err, &e, "%.60q", tt.in) {
			assert.Equal(t, tt.want, err.Error(), "%.60q", tt.in)
		}
		assert.False(t, json.Valid(trimBOM([]byte(tt.in))), "encoding/json accepts %.60q", tt.in)
	}
}

// corpusDir is the shared folder of real configuration files, beside the
// repository.
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "json")

// TestCorpus round-trips the real JSON files of the shared corpus and lists
// every array of strings in them, which must not fail.
func TestCorpus(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	if len(paths) == 0 {
		t.Skip("jsonconf: corpus folder absent (" + corpusDir + ")")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			require.NoError(t, err)
			f, err := Parse(filepath.Base(p), src)
			require.NoError(t, err)
			assert.Equal(t, string(src), string(f.Bytes()), "round trip")
			paths := stringArrayPaths(f.rootResult(), "")
			t.Logf("arrays of strings: %q", paths)
			for _, path := range paths {
				checkCorpusEdit(t, src, path)
			}
		})
	}
}

// checkCorpusEdit adds a host to the array of strings at path and removes
// it again: the add touches at most one line of the input and writes at
// most three, and the remove restores the input.
func checkCorpusEdit(t *testing.T, src []byte, path string) {
	t.Helper()
	const host = "node9.int.example.com"
	f, err := Parse("corpus.json", src)
	require.NoError(t, err)
	changed, err := f.AddString(path, host)
	require.NoError(t, err, path)
	require.True(t, changed, path)
	checkOutput(t, f.Bytes())
	old, new := changedLines(string(src), string(f.Bytes()))
	assert.LessOrEqual(t, old, 1, "%s: add changed %d input lines", path, old)
	assert.LessOrEqual(t, new, 3, "%s: add wrote %d lines", path, new)
	changed, err = f.RemoveString(path, host)
	require.NoError(t, err, path)
	assert.True(t, changed, path)
	assert.Equal(t, string(src), string(f.Bytes()), "%s: add then remove", path)
}

// stringArrayPaths returns the gjson paths of every array of strings in r.
func stringArrayPaths(r gjson.Result, prefix string) []string {
	var paths []string
	join := func(key string) string {
		if prefix == "" {
			return key
		}
		return prefix + "." + key
	}
	if r.IsArray() && allStrings(r) {
		paths = append(paths, prefix)
	}
	if !r.IsArray() && !r.IsObject() {
		return paths // ForEach would call back with r itself
	}
	i := 0
	r.ForEach(func(k, v gjson.Result) bool {
		key := strconv.Itoa(i)
		if r.IsObject() {
			key = gjson.Escape(k.String())
		}
		paths = append(paths, stringArrayPaths(v, join(key))...)
		i++
		return true
	})
	return paths
}

func allStrings(arr gjson.Result) bool {
	ok := true
	arr.ForEach(func(_, v gjson.Result) bool {
		ok = v.Type == gjson.String
		return ok
	})
	return ok
}

// changedLines returns how many lines of a and of b lie between the lines
// they share at the start and at the end.
func changedLines(a, b string) (int, int) {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for len(la) > 0 && len(lb) > 0 && la[0] == lb[0] {
		la, lb = la[1:], lb[1:]
	}
	for len(la) > 0 && len(lb) > 0 && la[len(la)-1] == lb[len(lb)-1] {
		la, lb = la[:len(la)-1], lb[:len(lb)-1]
	}
	return len(la), len(lb)
}

// TestCorpusBad parses the faulty real files of the shared corpus, each
// named NAME.L<n>.json.bad, which must be refused with an *Error at line n.
func TestCorpusBad(t *testing.T) {
	golden.BadCorpus(t, filepath.Join(corpusDir, "bad"), func(name string, src []byte) error {
		_, err := Parse(name, src)
		return err
	}, func(t *testing.T, err error, _ srcpos.Position) {
		var e *Error
		require.ErrorAs(t, err, &e)
	})
}

// TestSpecial8 checks the eight-byte test of the scanner against the
// byte-by-byte one, for each special byte at each place among plain ones
// (including bytes above 0x7F, which must not count).
func TestSpecial8(t *testing.T) {
	for _, plain := range []byte{'a', ' ', 0x7F, 0x80, 0xFF, '#'} {
		word := bytes.Repeat([]byte{plain}, 8)
		assert.False(t, special8(binary.LittleEndian.Uint64(word)), "plain %#x", plain)
		for _, c := range []byte{'"', '\\', 0x00, 0x1F, '\n', '\t'} {
			for i := range 8 {
				w := bytes.Clone(word)
				w[i] = c
				assert.True(t, special8(binary.LittleEndian.Uint64(w)), "%#x at %d among %#x", c, i, plain)
				assert.Equal(t, i, plainRun(w, 0))
			}
		}
	}
}
