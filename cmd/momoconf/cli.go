package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/momoconf/momoconf"
)

// Exit statuses.
const (
	exitOK       = 0 // done: changed, or already so
	exitChanges  = 1 // --dry-run found changes to make; status found drift
	exitError    = 2 // refused, bad usage, bad input, failed write rolled back: nothing written
	exitRollback = 3 // a write failed and so did putting the files back: files ARE changed
	// A run stopped by a signal exits 128+N after rolling back: 129
	// (SIGHUP), 130 (SIGINT, Ctrl-C), 143 (SIGTERM).
)

// exitHelp is the exit status paragraph of the main usage.
const exitHelp = `Exit status:
  0    done, or already so
  1    --dry-run found changes to make; status found drift
  2    refused or failed, nothing written (bad usage or input, another run
       kept the lock past --wait, a file changed since it was read, nginx
       refused the result, a write failed and was rolled back)
  3    a write failed and putting the files back failed too: the files
       named ARE changed; the journal named keeps their old content and
       the next momoconf run on the folder puts it back
  129, 130, 143
       stopped by SIGHUP, SIGINT (Ctrl-C) or SIGTERM; the change was
       rolled back, nothing written
The status says what happened to the files: once they are changed, a
failure to print (a closed pipe) does not change it.
`

// command is one verb of the command line.
type command struct {
	name    string
	summary string
	usage   string
	example string
	run     func(c *cliContext, args []string) int
}

var commands = []*command{addNodeCmd, removeNodeCmd, addPeerCmd, removePeerCmd, statusCmd}

// cliContext carries the output streams of one run, and its context,
// cancelled when a stop signal arrives.
type cliContext struct {
	stdout, stderr io.Writer
	ctx            context.Context
	caught         atomic.Value // the os.Signal that stopped the run
}

func run(args []string, stdout, stderr io.Writer) int {
	c := &cliContext{stdout: stdout, stderr: stderr}
	stop := c.watchSignals()
	defer stop()
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
	fmt.Fprintln(w, "\nA run locks the folders it edits (waiting up to --wait for another run), rolls back\nwhat an interrupted earlier run left half-made, and applies all or nothing.")
	fmt.Fprint(w, "\n"+exitHelp)
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

// fail reports err on stderr, with an excerpt of the line it points at,
// and returns the exit status it calls for.
func (c *cliContext) fail(err error) int {
	fmt.Fprintf(c.stderr, "momoconf: %s\n", strings.TrimSpace(err.Error()))
	// The excerpt shows the file on disk; nginx's refusal is about the
	// planned content, which the message quotes.
	if ex := excerpt(err); ex != "" && !errors.Is(err, momoconf.ErrInvalidConfig) {
		fmt.Fprint(c.stderr, ex)
	}
	var rb *momoconf.RollbackError
	if errors.As(err, &rb) && len(rb.Changed) > 0 {
		fmt.Fprintf(c.stderr, "momoconf: CHANGED, not put back: %s\nmomoconf: their old content is in %s; run momoconf on the same folder again to put it back\n",
			strings.Join(rb.Changed, ", "), rb.Journal)
		return exitRollback
	}
	if code := c.signalStatus(); code != 0 {
		fmt.Fprintf(c.stderr, "momoconf: stopped by signal %v\n", c.caught.Load())
		return code
	}
	return exitError
}

// watchSignals cancels the run's context at SIGINT, SIGTERM or SIGHUP and
// remembers the signal, so that a run waiting for a lock gives up and a
// change under way is rolled back (the transaction catches the signal
// too). It returns the function that restores signal handling.
func (c *cliContext) watchSignals() func() {
	ctx, cancel := context.WithCancel(context.Background())
	c.ctx = ctx
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			c.caught.Store(sig)
			cancel()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
}

// signalStatus returns 128 plus the number of the signal that stopped the
// run, or 0.
func (c *cliContext) signalStatus() int {
	if sig, ok := c.caught.Load().(syscall.Signal); ok {
		return 128 + int(sig)
	}
	return 0
}

// interrupted reports whether a signal stopped the run before anything was
// written, and its exit status.
func (c *cliContext) interrupted() (int, bool) {
	code := c.signalStatus()
	if code != 0 {
		fmt.Fprintln(c.stderr, "momoconf: interrupted; nothing written")
	}
	return code, code != 0
}
