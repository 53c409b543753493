package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/history"
)

var historyCmd = &command{
	name:    "history",
	summary: "history lists the changes momoconf applied to a host tree or cluster folder, newest first: id, time, user, command, and each file edited, created or removed. The folder keeps the last 20 changes (--history N on the editing verbs).",
	usage:   "history (--root DIR | --cluster DIR) [--wait D] [--json]",
	example: "momoconf history --cluster /srv/momentum",
}

var undoCmd = &command{
	name:    "undo",
	summary: "undo puts back the previous content of every file a change wrote and removes what it created, all or nothing; the undo is itself a change in the history. It refuses (exit 2, nothing written) when a file no longer holds what that change wrote, naming it, or when a later change touched the same files, naming that change.",
	usage:   "undo (--root DIR | --cluster DIR) [--id ID] [--dry-run] [--history N] [--wait D] [--json]",
	example: "momoconf undo --cluster /srv/momentum --dry-run",
}

func init() {
	historyCmd.run = runHistory
	undoCmd.run = runUndo
	argNames["id"], argNames["history"] = "ID", "N"
}

// registerHistory adds --history N, the history's limit, to an editing verb.
func registerHistory(fs *flag.FlagSet, n *int) {
	fs.IntVar(n, "history", history.DefaultLimit, "how many changes the folder's history keeps, for undo (0: this change is not recorded)")
}

// applyOptions are the ApplyOptions the flags ask for; the history names
// the change by the command line.
func (f *nodeFlags) applyOptions() momoconf.ApplyOptions {
	limit := f.history
	if limit == 0 {
		limit = -1 // --history 0: keep nothing
	}
	return momoconf.ApplyOptions{Backup: f.backup, Now: clock, History: limit, Command: commandLine(os.Args[1:])}
}

// commandLine renders argv as the history shows it, quoting what a shell
// would need quoted.
func commandLine(args []string) string {
	parts := []string{"momoconf"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`|&;<>()*?[]#~") {
			a = strconv.Quote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// targetFlags registers --root, --cluster, --json and --wait.
func (f *nodeFlags) targetFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.root, "root", "", "one host tree, laid out like the host's / (default /)")
	fs.StringVar(&f.cluster, "cluster", "", "a folder of host trees, one per sub-folder")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	registerWait(fs, &f.wait)
}

func runHistory(c *cliContext, args []string) int {
	var f nodeFlags
	fs := flag.NewFlagSet(historyCmd.name, flag.ContinueOnError)
	f.targetFlags(fs)
	cl, code, ok := openTarget(c, historyCmd, fs, &f, args)
	if !ok {
		return code
	}
	for _, r := range cl.Recovered() { // an undo's plan carries them as warnings
		fmt.Fprintf(c.stderr, "warning: %s\n", r)
	}
	defer cl.Close()
	hist, err := cl.History()
	if err != nil {
		return c.fail(err)
	}
	if f.json {
		if err := writeJSON(c.stdout, struct {
			History []momoconf.HistoryRecord `json:"history"`
		}{hist}); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	if len(hist) == 0 {
		c.print("no change recorded\n")
	}
	for _, r := range hist {
		tx := ""
		if r.TxID != "" {
			tx = "  (transaction " + r.TxID + ")"
		}
		fmt.Fprintf(c.stdout, "%s  %s  %s  %s%s\n", r.ID, r.Time.UTC().Format("2006-01-02 15:04:05Z"), r.User, r.Command, tx)
		for _, file := range r.Files {
			fmt.Fprintf(c.stdout, "    %-8s %s\n", file.Change, file.Path)
		}
	}
	return exitOK
}

func runUndo(c *cliContext, args []string) int {
	var f nodeFlags
	var id string
	fs := flag.NewFlagSet(undoCmd.name, flag.ContinueOnError)
	f.targetFlags(fs)
	fs.StringVar(&id, "id", "", "the change to undo, as history lists it (default: the latest)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the unified diff and what each file's change does, and write nothing; exit 1 if there are changes")
	registerHistory(fs, &f.history)
	cl, code, ok := openTarget(c, undoCmd, fs, &f, args)
	if !ok {
		return code
	}
	defer cl.Close()
	p, err := cl.Undo(id)
	if err != nil {
		return c.fail(err)
	}
	return c.finish(p, &f)
}

// openTarget parses the flags of a verb that takes --root or --cluster
// and nothing else, and opens the folder.
func openTarget(c *cliContext, cmd *command, fs *flag.FlagSet, f *nodeFlags, args []string) (*momoconf.Cluster, int, bool) {
	rest, code, ok := cmd.parse(c, fs, args)
	if !ok {
		return nil, code, false
	}
	if len(rest) > 0 {
		return nil, c.usageError(cmd, "unexpected argument "+rest[0]), false
	}
	if f.root == "" && f.cluster == "" {
		return nil, c.usageError(cmd, "give --root DIR or --cluster DIR"), false
	}
	dir, opts, msg := f.target()
	if msg != "" {
		return nil, c.usageError(cmd, msg), false
	}
	cl, err := momoconf.Open(c.ctx, dir, opts)
	if err != nil {
		return nil, c.fail(err), false
	}
	return cl, 0, true
}
