package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit statuses.
const (
	exitOK      = 0 // done: changed, or already so
	exitChanges = 1 // --dry-run found changes to make; status found drift
	exitError   = 2 // bad usage, bad input, failed write: nothing written
)

// command is one verb of the command line.
type command struct {
	name    string
	summary string
	usage   string
	example string
	run     func(c *cliContext, args []string) int
}

var commands = []*command{addNodeCmd, removeNodeCmd, addPeerCmd, removePeerCmd, statusCmd}

// cliContext carries the output streams of one run.
type cliContext struct {
	stdout, stderr io.Writer
}

func run(args []string, stdout, stderr io.Writer) int {
	c := &cliContext{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		c.mainUsage(stderr)
		return exitError
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if cmd := find(args[1]); cmd != nil {
				cmd.printUsage(stdout, nil)
				return exitOK
			}
		}
		c.mainUsage(stdout)
		return exitOK
	}
	cmd := find(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "momoconf: unknown command %q\n\n", args[0])
		c.mainUsage(stderr)
		return exitError
	}
	return cmd.run(c, args[1:])
}

func find(name string) *command {
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

func (c *cliContext) mainUsage(w io.Writer) {
	fmt.Fprintln(w, "momoconf adds or removes a Platform node in a Momentum 4 cluster's configuration.")
	fmt.Fprintln(w, "\nUsage:")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  momoconf %s\n", cmd.usage)
	}
	fmt.Fprintln(w, "\nRun 'momoconf COMMAND --help' for a command's flags and an example.")
	fmt.Fprintln(w, "Exit status: 0 done (or already so); 1 --dry-run found changes, or status found drift; 2 error, nothing written.")
}

func (cmd *command) printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  momoconf %s\n", cmd.summary, cmd.usage)
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fmt.Fprintf(w, "\nExample:\n  %s\n", cmd.example)
}

// parse parses flags and arguments in any order (flags may follow file
// names). It returns the positional arguments, or an exit status when the
// run should stop (help asked for, or bad usage).
func (cmd *command) parse(c *cliContext, fs *flag.FlagSet, args []string) ([]string, int, bool) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			cmd.printUsage(c.stdout, fs)
			return nil, exitOK, false
		}
		if err != nil {
			return nil, c.usageError(cmd, err.Error()), false
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, 0, true
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), 0, true
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func (c *cliContext) usageError(cmd *command, msg string) int {
	fmt.Fprintf(c.stderr, "momoconf %s: %s\nusage: momoconf %s\n", cmd.name, msg, cmd.usage)
	return exitError
}

// fail reports err on stderr, with an excerpt of the line it points at.
func (c *cliContext) fail(err error) int {
	fmt.Fprintf(c.stderr, "momoconf: %s\n", strings.TrimSpace(err.Error()))
	if ex := excerpt(err); ex != "" {
		fmt.Fprint(c.stderr, ex)
	}
	return exitError
}
