package ecconf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
)

// TestParse checks the typed view of each golden file's in.conf (section
// "view"), or the error it gives (section "error"), and that an unedited
// file's bytes are the input.
func TestParse(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestParse") {
		t.Run(c.Name, func(t *testing.T) {
			in := c.MustSection(t, "in.conf")
			f, err := Parse("in.conf", in)
			if err != nil {
				var e *Error
				require.ErrorAs(t, err, &e)
				c.Remove("view")
				c.Check(t, "error", []byte(err.Error()+"\n"))
				return
			}
			require.Equal(t, string(in), string(f.Bytes()), "round trip")
			c.Remove("error")
			c.Check(t, "view", []byte(dumpView(f)))
		})
	}
}

// TestEdit runs the ops of each golden file on in.conf and compares the
// result with want.conf byte for byte, and what each op reported with
// "changed"; an op that fails ends the case, compared with "error", and
// must leave the file as it was before that op.
func TestEdit(t *testing.T) {
	for _, c := range golden.Load(t, "testdata/TestEdit") {
		t.Run(c.Name, func(t *testing.T) {
			f, err := Parse("in.conf", c.MustSection(t, "in.conf"))
			require.NoError(t, err)
			var report strings.Builder
			for _, line := range strings.Split(strings.TrimSpace(string(c.MustSection(t, "op"))), "\n") {
				before := f.Bytes()
				changed, err := runOp(f, line)
				if err != nil {
					assert.False(t, changed, "the failed op %q reported a change", line)
					assert.Equal(t, string(before), string(f.Bytes()), "the failed op %q changed the file", line)
					c.Remove("want.conf")
					c.Check(t, "error", []byte(err.Error()+"\n"))
					return
				}
				fmt.Fprintf(&report, "%s: %v\n", line, changed)
				_, err = Parse("out.conf", f.Bytes())
				require.NoError(t, err, "output of %q does not parse", line)
			}
			c.Remove("error")
			c.Check(t, "changed", []byte(report.String()))
			c.Check(t, "want.conf", f.Bytes())
		})
	}
}

// runOp runs one op line of a TestEdit case.
func runOp(f *File, line string) (bool, error) {
	w := strings.Fields(line)
	arg := func(i int) string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	rest := func(i int) string { return strings.Join(w[min(i, len(w)):], " ") }
	switch w[0] {
	case "add-node":
		id, _ := strconv.Atoi(arg(2))
		votes, _ := strconv.Atoi(arg(3))
		return f.AddNode(arg(1), id, votes)
	case "remove-node":
		return f.RemoveNode(arg(1))
	case "add-cassandra":
		return f.AddCassandraHost(arg(1))
	case "remove-cassandra":
		return f.RemoveCassandraHost(arg(1))
	case "add-peer":
		return f.AddPeer(arg(1), arg(2))
	case "remove-peer":
		return f.RemovePeer(arg(1))
	}
	return runGenericOp(f, w[0], arg, rest)
}

func runGenericOp(f *File, op string, arg func(int) string, rest func(int) string) (bool, error) {
	s := scopeAt(f, arg(1))
	if s == nil {
		return false, fmt.Errorf("no scope %q", arg(1))
	}
	idx := func(i int) int { n, _ := strconv.Atoi(arg(i)); return n }
	switch op {
	case "append":
		return f.AppendElement(s.Option(arg(2)), rest(3))
	case "remove-elem":
		return f.RemoveElement(s.Option(arg(2)), idx(3))
	case "add-entry":
		return f.AddEntry(s.Option(arg(2)), arg(3), rest(4))
	case "remove-entry":
		return f.RemoveEntry(s.Option(arg(2)), idx(3))
	case "set":
		return f.SetScalar(s.Option(arg(2)), rest(3))
	case "add-scope":
		return f.AddScope(s, arg(2), strings.Trim(arg(3), "-"), settings(strings.Fields(rest(4)))...)
	case "remove-scope":
		return f.RemoveScope(s)
	}
	return false, fmt.Errorf("unknown op %q", op)
}

// scopeAt follows a path "a/b:inst/c" ("." for the top level), taking the
// first scope of each step.
func scopeAt(f *File, path string) *Scope {
	s := f.Root()
	if path == "." {
		return s
	}
	for _, step := range strings.Split(path, "/") {
		name, inst, hasInst := strings.Cut(step, ":")
		var next *Scope
		if hasInst {
			next = s.InstanceOf(name, inst)
		} else if found := s.Scopes(name); len(found) > 0 {
			next = found[0]
		}
		if next == nil {
			return nil
		}
		s = next
	}
	return s
}

func settings(kvs []string) []Setting {
	var out []Setting
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, Setting{k, v})
	}
	return out
}

// dumpView writes the typed view, one element a line, with positions.
func dumpView(f *File) string {
	var sb strings.Builder
	dumpStmts(&sb, f.Root().Stmts, "")
	for _, n := range f.CommentedNodes() {
		fmt.Fprintf(&sb, "commented node %q mta_id=%d votes=%d @%s\n", n.Name, n.MTAID, n.Votes, n.Pos)
	}
	return sb.String()
}

func dumpStmts(sb *strings.Builder, stmts []Stmt, indent string) {
	for _, st := range stmts {
		switch st := st.(type) {
		case *Scope:
			fmt.Fprintf(sb, "%sscope %s instance=%q quoted=%v oneline=%v @%s\n", indent, st.Name, st.Instance, st.Quoted, st.OneLine(), pos(st.Pos))
			dumpStmts(sb, st.Stmts, indent+"  ")
		case *Option:
			fmt.Fprintf(sb, "%soption %s @%s = ", indent, st.Name, pos(st.Pos))
			dumpValue(sb, st.Value, indent)
		case *Include:
			fmt.Fprintf(sb, "%sinclude %q readonly=%v @%s\n", indent, st.Path, st.ReadOnly, pos(st.Pos))
		}
	}
}

func dumpValue(sb *strings.Builder, v *Value, indent string) {
	switch v.Kind {
	case Scalar:
		fmt.Fprintf(sb, "scalar %s text=%q @%s\n", v.Raw, v.Text, pos(v.Pos))
	case List:
		fmt.Fprintf(sb, "list(%d) @%s\n", len(v.Elems), pos(v.Pos))
		for _, e := range v.Elems {
			sb.WriteString(indent + "  - ")
			dumpValue(sb, e, indent+"  ")
		}
	case Hash:
		fmt.Fprintf(sb, "hash(%d) @%s\n", len(v.Entries), pos(v.Pos))
		for _, e := range v.Entries {
			fmt.Fprintf(sb, "%s  %s @%s => ", indent, e.Key, pos(e.Pos))
			dumpValue(sb, e.Value, indent+"  ")
		}
	}
}

func pos(p interface{ String() string }) string { return p.String() }
