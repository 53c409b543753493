package cassyaml

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden runs testdata/TestGolden/*.txtar. Each case has "in.yaml" and
// "op", one verb a line:
//
//	get KEY | set KEY VALUE | setoradd KEY VALUE | seeds | addseed HOST | removeseed HOST
//
// (VALUE is the rest of the line and may be empty or hold blanks). The
// verbs run in order; "result" records what each returned, and "want.yaml"
// the file afterwards. When a verb fails, the verbs after it do not run,
// "error" holds its message instead of "want.yaml", and the file must be as
// it was before the failing verb. A case whose input does not parse has
// only "error".
func TestGolden(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestGolden") {
		t.Run(c.Name, func(t *testing.T) {
			in := c.MustSection(t, "in.yaml")
			f, err := Parse("in.yaml", in)
			if err == nil {
				require.Equal(t, string(in), string(f.Bytes()), "round trip")
				err = runOps(t, f, string(c.MustSection(t, "op")), c)
			}
			checkOutcome(t, c, f, err)
		})
	}
}

// runOps runs the verbs of op on f and checks "result"; it returns the
// first verb's error, after checking that the verb left f unchanged.
func runOps(t *testing.T, f *File, op string, c *golden.Case) error {
	t.Helper()
	var log strings.Builder
	defer func() { c.Check(t, "result", []byte(log.String())) }()
	for _, line := range strings.Split(strings.TrimSuffix(op, "\n"), "\n") {
		before := string(f.Bytes())
		out, err := runOp(f, line)
		if err != nil {
			assert.Equal(t, before, string(f.Bytes()), "%s: a failed verb changed the file", line)
			assert.NotEqual(t, "changed", out, "%s: a failed verb reported a change", line)
			fmt.Fprintf(&log, "%s -> error\n", line)
			return err
		}
		fmt.Fprintf(&log, "%s -> %s\n", line, out)
	}
	return nil
}

func runOp(f *File, line string) (string, error) {
	verb, rest, _ := strings.Cut(line, " ")
	key, val, _ := strings.Cut(rest, " ")
	switch verb {
	case "get":
		v, ok := f.Get(rest)
		return fmt.Sprintf("%q %v", v, ok), nil
	case "set":
		return changed(f.Set(key, val))
	case "setoradd":
		return changed(f.SetOrAdd(key, val))
	case "seeds":
		s, err := f.Seeds()
		return fmt.Sprintf("%q", s), err
	case "addseed":
		return changed(f.AddSeed(rest))
	case "removeseed":
		return changed(f.RemoveSeed(rest))
	}
	return "", fmt.Errorf("unknown verb %q", verb)
}

func changed(ok bool, err error) (string, error) {
	if ok {
		return "changed", err
	}
	return "unchanged", err
}

// checkOutcome compares the file or the error with the case, and checks
// that every output parses again and every file error is an *Error.
// positioned matches the start of an error about a place in the file;
// errors about a verb's arguments name the file only.
var positioned = regexp.MustCompile(`^in\.yaml:\d+:\d+: `)

func checkOutcome(t *testing.T, c *golden.Case, f *File, err error) {
	t.Helper()
	if err != nil {
		c.Check(t, "error", []byte(err.Error()+"\n"))
		c.Remove("want.yaml")
		var e *Error
		assert.Equal(t, positioned.MatchString(err.Error()), errors.As(err, &e),
			"an error with name:line:col must be an *Error, and only such an error: %v", err)
		return
	}
	c.Check(t, "want.yaml", f.Bytes())
	c.Remove("error")
	_, err = Parse("want.yaml", f.Bytes())
	assert.NoError(t, err, "output does not parse again")
}
