// Command momoconf adds or removes a Platform node (or, with --role
// analytics, an Analytics node) in a Momentum 4 cluster's configuration:
// msg_gen.conf, msgc_server.conf, the nginx upstream files, the Node apps'
// production.json and cassandra.yaml, on one host tree, a folder of host
// trees, or files named one by one.
//
// Usage:
//
//	momoconf add-node          --host HOST --ip IP [--mta-id N] [--role platform|analytics] (--root DIR | --cluster DIR) [--new-node-dir NAME --from NAME] [--dry-run] [--backup] [--validate] [--history N] [--wait D] [--json]
//	momoconf remove-node       --host HOST [--ip IP] [--role platform|analytics] (--root DIR | --cluster DIR) [--dry-run] [--backup] [--validate] [--history N] [--wait D] [--json]
//	momoconf add-to-files      --host HOST --ip IP [--mta-id N] [--role platform|analytics] [--kind KIND] [--dry-run] [--backup] [--validate] [--wait D] [--json] FILE...
//	momoconf remove-from-files --host HOST [--ip IP] [--role platform|analytics] [--kind KIND] [--dry-run] [--backup] [--validate] [--wait D] [--json] FILE...
//	momoconf status            (--root DIR | --cluster DIR) [--wait D] [--json]
//	momoconf history           (--root DIR | --cluster DIR) [--wait D] [--json]
//	momoconf undo              (--root DIR | --cluster DIR) [--id ID] [--dry-run] [--history N] [--wait D] [--json]
//	momoconf help [COMMAND]
//	momoconf version
//
// add-to-files and remove-from-files edit every member-listing file named
// (not only peer lists); add-peer and remove-peer are their older names,
// still accepted. A mistyped command or flag is refused with the closest
// one suggested. --version prints the module version, VCS revision and Go
// version the binary was built from.
//
// With --json the result, and any error, is JSON on stdout:
// {"error": {"message", "file", "line", "column", "code"}}, the position when
// the error has one, and code one of usage, conflict, mta-id-taken,
// not-member, target-empty, need-ip, last-entry, too-few, locked,
// plan-stale, interrupted, invalid-config, rollback-failed, rolled-back,
// parse or error. The exit status is the same as without --json.
//
// Every verb takes --wait DURATION (default 1m): how long to wait for
// another momoconf run's lock on the folders; 0 fails at once. The editing
// verbs take --backup (keep NAME.STAMP~ beside each rewritten file) and
// --validate (nginx -t on the changed nginx files before writing).
//
// Exit status: 0 done (changed, or already so); 1 --dry-run found changes
// to make, or status found drift; 2 refused or failed with nothing written;
// 3 a failed write could not be rolled back (the files named are changed,
// the journal named keeps their old content); 129, 130, 143 stopped by
// SIGHUP, SIGINT or SIGTERM and rolled back.
package main

import (
	"os"

	"github.com/momoconf/momoconf/internal/txn"
)

func main() {
	// A closed stdout (momoconf ... | head) must not kill a run that is
	// changing files: writes fail with EPIPE instead.
	txn.IgnoreSIGPIPE()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
