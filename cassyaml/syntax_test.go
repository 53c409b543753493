package cassyaml

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
)

// syntaxTests are crafted faults and where each must be reported.
var syntaxTests = []struct {
	desc, in  string
	line, col int
}{
	{"key indented one space", "a: 1\nb: 2\n c: 3\nd: 4\n", 3, 2},
	{"a control character in a comment", "a: 1\nb: 2 # x\x07y\nc: 3\n", 2, 9},
	{"an escape in a value", "a: 1\nb: 2\nlisten_address: \"\x1b[2J\"\n", 3, 18},
	{"DEL", "a: 1\nb: x\x7f\n", 2, 5},
	{"key indented in a nested block", "s:\n  - class_name: x\n    parameters:\n      - seeds: \"a\"\n     oops: 1\n", 5, 6},
	{"key indented less than its siblings", "a:\n    b: 1\n  c: 2\n", 3, 3},
	{"tab in indentation", "a:\n  b: 1\n\tc: 2\n", 3, 1},
	{"unclosed double quote", "a: 1\nb: \"abc\nc: 2\n", 2, 4},
	{"second ': ' on a line", "a: 1\nb: x: y\nc: 2\n", 2, 4},
	{"unclosed flow sequence", "a: 1\nb: [x, y\nc: 2\n", 3, 1},
	{"fault in a long mapping", "a: 1\n" + repeatLines("k%d: v\n", 300) + " z: 1\n", 302, 2},
}

// openQuoteTests are quoted scalars left open: each must be reported at the
// quote that opened it, however far below the parser stopped.
var openQuoteTests = []struct {
	desc, in  string
	line, col int
	runs      string // where the message says the quote runs to
}{
	{"single quote closed by an apostrophe in a comment",
		"cluster_name: 'Test\n" + repeatLines("k%d: v\n", 9) + "# don't do this\nlisten_address: 10.0.0.1\n", 1, 15, "to line 11"},
	{"single quote never closed",
		"a: 1\nrpc_address: 'x\n" + repeatLines("k%d: v\n", 10), 2, 14, "to the end of the file"},
	{"double quote closed by a quote in a comment",
		"a: 1\nseeds: \"10.0.0.1\n" + repeatLines("k%d: v\n", 10) + "# the \"last\" word\nz: 1\n", 2, 8, "to line 13"},
	{"double quote never closed",
		"a: 1\nseeds: \"10.0.0.1\n" + repeatLines("k%d: v\n", 10), 2, 8, "to the end of the file"},
	{"quote on an indented key",
		"p:\n  - seeds: '10.0.0.1\n" + repeatLines("  k%d: v\n", 10) + "# it's\n", 2, 12, "to line 13"},
}

// TestOpenQuotePosition checks that a quoted scalar left open is reported
// where it opens, with the line where the parser stopped in the message.
func TestOpenQuotePosition(t *testing.T) {
	for _, tt := range openQuoteTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.in))
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.line, e.Pos.Line, "%v", err)
			assert.Equal(t, tt.col, e.Pos.Column, "%v", err)
			assert.Regexp(t, `^found invalid YAML: [a-z ]+, in a quoted scalar that opens here and runs on `+tt.runs+` \(expected its closing quote on this line\)$`, e.Msg)
		})
	}
}

func repeatLines(format string, n int) string {
	var s string
	for i := range n {
		s += regexp.MustCompile("%d").ReplaceAllString(format, strconv.Itoa(i))
	}
	return s
}

func TestSyntaxErrorPosition(t *testing.T) {
	for _, tt := range syntaxTests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.in))
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.line, e.Pos.Line, "%v", err)
			assert.Equal(t, tt.col, e.Pos.Column, "%v", err)
			assert.Contains(t, err.Error(), "found invalid YAML: ")
		})
	}
}

// TestCorpusBad parses the faulty real files of shared/corpus, each named
// NAME.L<n>.yaml.bad, which must be refused at line n.
func TestCorpusBad(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "cassandra", "bad")
	golden.BadCorpus(t, dir, func(name string, src []byte) error {
		_, err := Parse(name, src)
		return err
	}, func(t *testing.T, _ error, pos srcpos.Position) {
		assert.Greater(t, pos.Column, 1, "column of the stray token, not the line start")
	})
}
