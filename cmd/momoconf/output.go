package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/srcpos"
)

// finish prints the mta_id of a node being added and the plan's warnings
// on stderr, then either its diff (dry run) or applies it and prints what
// changed. Once the files are changed, a failure to print does not change
// the exit status.
func (c *cliContext) finish(p *momoconf.Plan, f *nodeFlags) int {
	if p.Op == "add-node" && p.Node.MTAID != 0 {
		fmt.Fprintf(c.stderr, "%s: mta_id %d\n", p.Node.Host, p.Node.MTAID)
	}
	changed := p.Changed()
	if f.validate && changed {
		if err := p.Validate(); errors.Is(err, codes.NotValidated) {
			fmt.Fprintf(c.stderr, "warning: not validated: %s\n", err)
		} else if err != nil {
			return c.fail(err)
		}
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(c.stderr, "warning: %s\n", w)
	}
	if code, stop := c.interrupted(); stop {
		return code
	}
	if !f.dryRun && changed {
		shown := len(p.Warnings)
		if err := p.Apply(c.ctx, f.applyOptions()); err != nil {
			return c.fail(err)
		}
		for _, w := range p.Warnings[shown:] { // "committed; syncing the folder failed"
			fmt.Fprintf(c.stderr, "warning: %s\n", w)
		}
	}
	c.report(p, changed, f)
	if f.dryRun && changed {
		return exitChanges
	}
	return exitOK
}

// report prints the result: JSON; or the diff of a dry run with changes,
// then what each file's change does (and the trees skipped), then the
// remaining steps; or the summary, the backups made and the steps.
func (c *cliContext) report(p *momoconf.Plan, changed bool, f *nodeFlags) {
	if f.json {
		// The command's JSON keeps its two lists: "warnings", the lines it
		// prints, and "notices", the same with their codes and files.
		var lines []string
		for _, w := range p.Warnings {
			lines = append(lines, w.String())
		}
		out := struct {
			*momoconf.Plan
			Warnings []string           `json:"warnings,omitempty"`
			Notices  []momoconf.Warning `json:"notices,omitempty"`
			Changed  bool               `json:"changed"`
			Applied  bool               `json:"applied"`
			Diff     string             `json:"diff,omitempty"`
		}{p, lines, p.Warnings, changed, changed && !f.dryRun, p.Diff()}
		if err := writeJSON(c.stdout, out); err != nil {
			fmt.Fprintf(c.stderr, "momoconf: printing the result: %v\n", err)
		}
		return
	}
	if f.dryRun && changed {
		c.print(p.Diff())
		c.print("\n" + p.Summary())
		c.print(momoconf.StepsText(p.Steps))
		return
	}
	if !changed {
		c.print("nothing to change: every file is already so\n")
	}
	c.print(p.Summary())
	for _, b := range p.Backups {
		c.print("backup: " + b + "\n")
	}
	c.print(momoconf.StepsText(p.Steps))
}

// clock is the time of backup names; the test binary may fix it.
var clock = time.Now

func (c *cliContext) print(s string) { io.WriteString(c.stdout, s) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// excerptWidth is how many bytes of the offending line an excerpt shows at
// most, centred on the column: a minified or hostile file can hold megabytes
// on one line.
const excerptWidth = 120

// excerpt renders the line a positioned error points at, with a caret under
// the column, or "" when the error has no position or the file cannot be
// read. A line longer than excerptWidth is cut to a window around the column,
// with "..." where it was cut. Only the lines up to the one shown are read.
func excerpt(err error) string {
	pos, ok := srcpos.Find(err)
	if !ok || pos.Filename == "" || pos.Line < 1 {
		return ""
	}
	line, ok := readLine(pos.Filename, pos.Line)
	if !ok {
		return ""
	}
	col := max(pos.Column, 1)
	prefix, suffix := "", ""
	if len(line) > excerptWidth {
		start := max(0, min(col-1-excerptWidth/2, len(line)-excerptWidth))
		end := min(len(line), start+excerptWidth)
		if start > 0 {
			prefix = "..."
		}
		if end < len(line) {
			suffix = "..."
		}
		line = line[start:end]
		col -= start
	}
	pad := make([]byte, 0, col+len(prefix))
	pad = append(pad, strings.Repeat(" ", len(prefix))...)
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			pad = append(pad, '\t')
		} else {
			pad = append(pad, ' ')
		}
	}
	gutter := fmt.Sprintf("%5d | ", pos.Line)
	return fmt.Sprintf("%s%s%s%s\n%s%s^\n", gutter, prefix, line, suffix, strings.Repeat(" ", len(gutter)), pad)
}

// readLine returns line n (from 1) of the file at path without its line
// ending, reading no further than that line. It reads only a regular file
// that is not a symbolic link: the file may have been swapped since it
// was parsed, and an excerpt must neither show what a link planted in a
// host tree names nor wait on a named pipe.
func readLine(path string, n int) (string, bool) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	r := bufio.NewReader(f)
	for i := 1; ; i++ {
		b, err := r.ReadSlice('\n')
		if i == n {
			var line []byte
			line = append(line, b...)
			for err == bufio.ErrBufferFull {
				b, err = r.ReadSlice('\n')
				line = append(line, b...)
			}
			if err != nil && err != io.EOF {
				return "", false
			}
			return strings.TrimRight(string(line), "\r\n"), len(line) > 0 || err == nil
		}
		for err == bufio.ErrBufferFull {
			_, err = r.ReadSlice('\n')
		}
		if err != nil {
			return "", false
		}
	}
}
