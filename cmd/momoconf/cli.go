package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/spelling"
	"github.com/momoconf/momoconf/internal/txn"
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
  2    refused or failed, nothing written (bad usage or input, another
       process kept the lock past --wait, a file changed since it was
       read, nginx refused the result, a write failed and was rolled
       back, a journal another account could have written or an old one
       put back)
  3    a write failed and putting the files back failed too: the files
       named ARE changed; the journal named keeps their old content and
       the next momoconf run on the folder puts it back
  4    refused, nothing written: a prepared change (two-phase commit,
       named with its time) waits in the folder until it is committed
       or aborted
  129, 130, 143
       stopped by SIGHUP, SIGINT (Ctrl-C) or SIGTERM; the change was
       rolled back, nothing written
The status says what happened to the files: once they are changed, a
failure to print (a closed pipe) does not change it.
`

// command is one verb of the command line.
type command struct {
	name    string
	aliases []string // older names that still work
	summary string
	usage   string
	example string
	run     func(c *cliContext, args []string) int
}

var commands = []*command{addNodeCmd, removeNodeCmd, addToFilesCmd, removeFromFilesCmd, statusCmd, historyCmd, undoCmd, checkCmd}

// cliContext carries the output streams of one run, and its context,
// cancelled when a stop signal arrives.
type cliContext struct {
	stdout, stderr io.Writer
	ctx            context.Context
	caught         atomic.Value // the os.Signal that stopped the run
	json           bool         // --json: errors are JSON on stdout too
}

func run(args []string, stdout, stderr io.Writer) int {
	safeOut, safeErr := newTerminalSafe(stdout), newTerminalSafe(stderr)
	defer safeErr.flush()
	defer safeOut.flush()
	stdout, stderr = safeOut, safeErr
	c := &cliContext{stdout: stdout, stderr: stderr, json: wantsJSON(args)}
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
				return cmd.run(c, []string{"--help"})
			}
			return c.unknownCommand(args[1])
		}
		c.mainUsage(stdout)
		return exitOK
	case "version", "-version", "--version":
		c.print(versionText(debug.ReadBuildInfo()))
		return exitOK
	}
	cmd := find(args[0])
	if cmd == nil {
		return c.unknownCommand(args[0])
	}
	return cmd.run(c, args[1:])
}

// wantsJSON reports whether the command line asks for --json, before
// the flags are parsed, so that even a usage error is JSON.
func wantsJSON(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-json", "--json", "-json=true", "--json=true", "-json=1", "--json=1":
			return true
		}
	}
	return false
}

// unknownCommand refuses a verb momoconf does not know, suggesting the
// closest one.
func (c *cliContext) unknownCommand(name string) int {
	var names []string
	for _, cmd := range commands {
		names = append(names, cmd.name)
		names = append(names, cmd.aliases...)
	}
	names = append(names, "help", "version")
	msg := "unknown command " + name
	if s := spelling.Closest(name, names); s != "" {
		msg += "; did you mean " + s + "?"
	}
	if c.json {
		c.writeJSONError(newJSONError(msg, codeUsage, nil))
	}
	fmt.Fprintf(c.stderr, "momoconf: %s\n\n", msg)
	c.mainUsage(c.stderr)
	return exitError
}

// find returns the command named name, or one of its aliases, or nil.
func find(name string) *command {
	for _, cmd := range commands {
		if cmd.name == name || slices.Contains(cmd.aliases, name) {
			return cmd
		}
	}
	return nil
}

func (c *cliContext) mainUsage(w io.Writer) {
	fmt.Fprintln(w, "momoconf adds or removes a Platform node (or an Analytics node) in a Momentum 4 cluster's configuration.")
	fmt.Fprintln(w, "\nUsage:")
	for _, cmd := range commands {
		name, args, _ := strings.Cut(cmd.usage, " ")
		fmt.Fprintf(w, "  momoconf %-17s %s\n", name, args)
	}
	fmt.Fprintln(w, "  momoconf help [COMMAND]")
	fmt.Fprintln(w, "  momoconf version")
	fmt.Fprintln(w, "\nAliases:")
	for _, cmd := range commands {
		for _, a := range cmd.aliases {
			fmt.Fprintf(w, "  %s is %s\n", a, cmd.name)
		}
	}
	fmt.Fprintln(w, "\nRun 'momoconf COMMAND --help' (or 'momoconf help COMMAND') for a command's flags and an example.")
	fmt.Fprintln(w, "\nA run locks the folders it edits (waiting up to --wait for another run), rolls back\nwhat an interrupted earlier run left half-made, and applies all or nothing.")
	fmt.Fprint(w, "\n"+exitHelp)
}

func (cmd *command) printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  momoconf %s\n", cmd.summary, cmd.usage)
	if len(cmd.aliases) > 0 {
		fmt.Fprintf(w, "\nAliases: %s\n", strings.Join(cmd.aliases, ", "))
	}
	fmt.Fprintln(w, "\nFlags:")
	printFlags(w, fs)
	fmt.Fprintf(w, "\nExample:\n  %s\n", cmd.example)
}

// argNames are the names of the flags' values in the flag listing, as
// the usage lines write them.
var argNames = map[string]string{
	"host": "HOST", "ip": "IP", "mta-id": "N", "role": "ROLE", "root": "DIR",
	"cluster": "DIR", "new-node-dir": "NAME", "from": "NAME", "kind": "KIND", "wait": "D",
	"seeds": "HOST,...", "leave": "KIND,...",
}

// printFlags lists the flags of fs with two dashes, as the usage lines and
// the README write them: "--host HOST" on one line, what it means below,
// and its default when that is not the zero value.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg := ""
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			arg = argNames[f.Name]
			if arg == "" {
				arg = "VALUE"
			}
			arg = " " + arg
		}
		fmt.Fprintf(w, "  --%s%s\n        %s", f.Name, arg, f.Usage)
		switch f.DefValue {
		case "", "0", "false":
		default:
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
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
			return nil, c.usageError(cmd, flagError(err, fs)), false
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

// flagError rewrites an error of the flag package with the flags' two
// dashes, and suggests the closest flag for an unknown one.
func flagError(err error, fs *flag.FlagSet) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := spelling.Closest(strings.TrimLeft(name, "-"), names); s != "" {
			msg += "; did you mean --" + s + "?"
		}
		return msg
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "flag --" + name + " needs a value"
	}
	return strings.Replace(msg, " flag -", " flag --", 1)
}

// usageError reports a bad command line, with the command's usage line,
// and returns the exit status of bad usage.
func (c *cliContext) usageError(cmd *command, msg string) int {
	if c.json {
		c.writeJSONError(newJSONError(fmt.Sprintf("momoconf %s: %s", cmd.name, msg), codeUsage, nil))
	}
	fmt.Fprintf(c.stderr, "momoconf %s: %s\nusage: momoconf %s\n", cmd.name, msg, cmd.usage)
	return exitError
}

// fail reports err on stderr, with an excerpt of the line it points at,
// and returns the exit status it calls for.
func (c *cliContext) fail(err error) int {
	msg := strings.TrimSpace(err.Error())
	if c.json {
		code := errorCode(err)
		// A signal's exit status goes with the code "interrupted",
		// unless the files could not be put back (exit 3).
		if c.signalStatus() != 0 && code != codeRollbackFailed {
			code = "interrupted"
		}
		c.writeJSONError(newJSONError(msg, code, err))
	}
	fmt.Fprintf(c.stderr, "momoconf: %s\n", msg)
	// The excerpt shows the file on disk; nginx's refusal is about the
	// planned content, which the message quotes.
	if ex := excerpt(err); ex != "" && !errors.Is(err, codes.InvalidConfig) {
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
	return exitStatusOf(err)
}

// watchSignals cancels the run's context at SIGINT, SIGTERM or SIGHUP and
// remembers the signal, so that a run waiting for a lock gives up and a
// change under way is rolled back (the transaction catches the signal
// too). It returns the function that restores signal handling.
func (c *cliContext) watchSignals() func() {
	ctx, cancel := context.WithCancel(context.Background())
	c.ctx = ctx
	ch := make(chan os.Signal, 1)
	if sigs := txn.Watched(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP); len(sigs) > 0 {
		signal.Notify(ch, sigs...)
	}
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
		const msg = "interrupted; nothing written"
		if c.json {
			c.writeJSONError(newJSONError(msg, "interrupted", nil))
		}
		fmt.Fprintln(c.stderr, "momoconf: "+msg)
	}
	return code, code != 0
}

// writeJSONError prints e on stdout; a failure to print is told on stderr.
func (c *cliContext) writeJSONError(e jsonError) {
	if err := writeJSON(c.stdout, e); err != nil {
		fmt.Fprintf(c.stderr, "momoconf: printing the error: %v\n", err)
	}
}
