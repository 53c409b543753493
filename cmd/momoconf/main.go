// Command momoconf adds or removes a Platform node in a Momentum 4 cluster's
// configuration: msg_gen.conf, msgc_server.conf, the nginx upstream files,
// the Node apps' production.json and cassandra.yaml, on one host tree, a
// folder of host trees, or files named one by one.
//
// Usage:
//
//	momoconf add-node    --host HOST --ip IP [--mta-id N] (--root DIR | --cluster DIR) [--new-node-dir NAME --from NAME] [--dry-run] [--json]
//	momoconf remove-node --host HOST [--ip IP] (--root DIR | --cluster DIR) [--dry-run] [--json]
//	momoconf add-peer    --host HOST --ip IP [--mta-id N] [--kind KIND] [--dry-run] [--json] FILE...
//	momoconf remove-peer --host HOST [--ip IP] [--kind KIND] [--dry-run] [--json] FILE...
//	momoconf status      (--root DIR | --cluster DIR) [--json]
//
// Exit status: 0 done (changed, or already so); 1 --dry-run found changes
// to make, or status found drift; 2 bad usage, bad input or a failed write,
// with nothing written.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
