package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/srcpos"
)

// finish prints the mta_id of a node being added and the plan's warnings
// on stderr, then either its diff (dry run) or applies it and prints what
// changed.
func (c *cliContext) finish(p *momoconf.Plan, dryRun, asJSON bool) int {
	if p.Op == "add-node" && p.Node.MTAID != 0 {
		fmt.Fprintf(c.stderr, "%s: mta_id %d\n", p.Node.Host, p.Node.MTAID)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(c.stderr, "warning: %s\n", w)
	}
	changed := p.Changed()
	if !dryRun && changed {
		if err := p.Apply(); err != nil {
			return c.fail(err)
		}
	}
	if asJSON {
		out := struct {
			*momoconf.Plan
			Changed bool   `json:"changed"`
			Applied bool   `json:"applied"`
			Diff    string `json:"diff,omitempty"`
		}{p, changed, changed && !dryRun, p.Diff()}
		if err := writeJSON(c.stdout, out); err != nil {
			return c.fail(err)
		}
	} else if dryRun && changed {
		c.print(p.Diff())
		c.print(momoconf.StepsText(p.Steps))
	} else {
		if !changed {
			c.print("nothing to change: every file is already so\n")
		}
		c.print(p.Summary())
		c.print(momoconf.StepsText(p.Steps))
	}
	if dryRun && changed {
		return exitChanges
	}
	return exitOK
}

func (c *cliContext) print(s string) { io.WriteString(c.stdout, s) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// excerpt renders the line a positioned error points at, with a caret under
// the column, or "" when the error has no position or the file cannot be
// read.
func excerpt(err error) string {
	pos, ok := srcpos.Find(err)
	if !ok || pos.Filename == "" {
		return ""
	}
	src, rerr := os.ReadFile(pos.Filename)
	if rerr != nil {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if pos.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[pos.Line-1], "\r")
	pad := make([]byte, 0, pos.Column)
	for i := 0; i < pos.Column-1 && i < len(line); i++ {
		if line[i] == '\t' {
			pad = append(pad, '\t')
		} else {
			pad = append(pad, ' ')
		}
	}
	gutter := fmt.Sprintf("%5d | ", pos.Line)
	return fmt.Sprintf("%s%s\n%s%s^\n", gutter, line, strings.Repeat(" ", len(gutter)), pad)
}
