package nginxconf

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runOps applies the edits in op, one a line ("add UPSTREAM ADDR" or
// "remove UPSTREAM ADDR"), and returns one result line per edit. It stops at
// the first error and returns it. After every edit, the file's tree must
// equal a fresh parse of its bytes.
func runOps(t *testing.T, f *File, op string) (string, error) {
	t.Helper()
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(op), "\n") {
		fields := strings.Fields(line)
		require.Len(t, fields, 3, "op line %q", line)
		var changed bool
		var err error
		switch fields[0] {
		case "add":
			changed, err = f.AddServer(fields[1], fields[2])
		case "remove":
			changed, err = f.RemoveServer(fields[1], fields[2])
		default:
			t.Fatalf("unknown op %q", line)
		}
		requireFresh(t, f)
		if err != nil {
			return out.String(), err
		}
		fmt.Fprintf(&out, "%s: changed=%v\n", line, changed)
	}
	return out.String(), nil
}

// TestEdit runs each testdata/TestEdit case: the ops in section "op" on
// in.conf give want.conf byte for byte and the results in "result", or stop
// with the message in "error" (the file then unchanged by the failing op).
func TestEdit(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestEdit") {
		t.Run(c.Name, func(t *testing.T) {
			in := c.MustSection(t, "in.conf")
			f, err := Parse("in.conf", in)
			require.NoError(t, err)
			before := string(f.Bytes())
			res, err := runOps(t, f, string(c.MustSection(t, "op")))
			c.Check(t, "result", []byte(res))
			if err != nil {
				var e *Error
				require.True(t, errors.As(err, &e), "error %T is not *Error", err)
				c.Remove("want.conf")
				c.Check(t, "error", []byte(err.Error()+"\n"))
				if res == "" {
					assert.Equal(t, before, string(f.Bytes()), "a failed edit changed the file")
				}
				return
			}
			c.Remove("error")
			c.Check(t, "want.conf", f.Bytes())
			_, err = Parse("want.conf", f.Bytes())
			assert.NoError(t, err, "output does not parse")
		})
	}
}
