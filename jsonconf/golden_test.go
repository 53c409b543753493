package jsonconf

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden runs the cases in testdata/TestGolden. Each parses in.json and
// runs the lines of op in turn: "add PATH VALUE", "remove PATH VALUE",
// "strings PATH" or "has PATH" (PATH and VALUE may be Go-quoted). The
// section result holds one line per op (changed, the strings, or has), and
// want.json the file afterwards; a case whose parse or op fails holds the
// error instead, and the file must then be unchanged.
func TestGolden(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestGolden") {
		t.Run(c.Name, func(t *testing.T) {
			in := c.MustSection(t, "in.json")
			f, err := Parse("in.json", in)
			if err != nil {
				checkError(t, c, err)
				return
			}
			results, before, err := runOps(f, string(c.MustSection(t, "op")))
			if err != nil {
				checkError(t, c, err)
				assert.Equal(t, string(before), string(f.Bytes()), "the failed op changed the file")
				return
			}
			c.Remove("error")
			c.Check(t, "result", []byte(results))
			c.Check(t, "want.json", f.Bytes())
			checkOutput(t, f.Bytes())
		})
	}
}

// checkError compares err with the case's error section and checks that it
// is an *Error.
func checkError(t *testing.T, c *golden.Case, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("error %v is %T, not *Error", err, err)
	}
	c.Remove("result")
	c.Remove("want.json")
	c.Check(t, "error", []byte(err.Error()+"\n"))
}

// checkOutput checks that an edited file is valid JSON that parses back to
// the same bytes.
func checkOutput(t *testing.T, out []byte) {
	t.Helper()
	assert.True(t, json.Valid(trimBOM(out)), "output is not valid JSON:\n%s", out)
	g, err := Parse("out.json", out)
	require.NoError(t, err, "output does not parse:\n%s", out)
	assert.Equal(t, string(out), string(g.Bytes()))
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && string(b[:3]) == "\xEF\xBB\xBF" {
		return b[3:]
	}
	return b
}

// runOps runs the op lines on f and returns one result line per op. When
// an op fails it returns the error and the file's bytes from before that
// op, which the op must have left as they were.
func runOps(f *File, ops string) (results string, before []byte, err error) {
	var out strings.Builder
	for line := range strings.Lines(ops) {
		line = strings.TrimRight(line, "\n")
		if line == "" {
			continue
		}
		before = f.Bytes()
		res, err := runOp(f, line)
		if err != nil {
			return "", before, err
		}
		fmt.Fprintf(&out, "%s: %s\n", line, res)
	}
	return out.String(), nil, nil
}

// runOp runs one op line and returns its result as text.
func runOp(f *File, line string) (string, error) {
	verb, rest, _ := strings.Cut(line, " ")
	path, rest := opArg(rest)
	value, _ := opArg(rest)
	switch verb {
	case "add":
		changed, err := f.AddString(path, value)
		return strconv.FormatBool(changed), err
	case "remove":
		changed, err := f.RemoveString(path, value)
		return strconv.FormatBool(changed), err
	case "strings":
		list, err := f.Strings(path)
		return fmt.Sprintf("%q", list), err
	case "has":
		return strconv.FormatBool(f.Has(path)), nil
	}
	return "", fmt.Errorf("unknown op %q", verb)
}

// opArg splits the first argument off s: a Go-quoted string, or the text up
// to the next space.
func opArg(s string) (arg, rest string) {
	if strings.HasPrefix(s, `"`) {
		if q, err := strconv.QuotedPrefix(s); err == nil {
			arg, _ = strconv.Unquote(q)
			return arg, strings.TrimPrefix(s[len(q):], " ")
		}
	}
	arg, rest, _ = strings.Cut(s, " ")
	return arg, rest
}
