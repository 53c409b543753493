// Command ansible-momoconf is momoconf as an Ansible module: installed as
// library/momoconf beside a playbook, it is the module "momoconf", which
// adds or removes a Platform node (role platform) or an Analytics node
// (role analytics) in the configuration files of the host it runs on, or
// reads who the files list.
//
// Ansible runs it as a binary module: the first argument is the path of a
// JSON file of the task's arguments, and the module prints one JSON result
// on stdout (changed, failed, msg, diff and the fields below). It honours
// check mode (_ansible_check_mode: nothing is written, changed says
// whether something would be) and diff mode (_ansible_diff: diff holds one
// before/after entry for each file that changes).
//
// Arguments:
//
//	host      the node's host name (lower-case FQDN); required, except for state=query
//	ip        the node's IP address; required for state=present with role=platform;
//	          optional with role=analytics (needed where a list names its members by IP)
//	mta_id    the node's mta_id, 1 to 254; give the one every host must agree on
//	          (default: the id the node already has, else one above the highest in use);
//	          Platform nodes only: refused with role=analytics
//	role      platform (MTA + Cassandra, the default) or analytics (Vertica + the
//	          Node.js APIs): which lists the node joins or leaves
//	state     present (add the node), absent (remove it), query (read only) or undo
//	          (undo a change recorded in the tree's history, check and diff mode too)
//	id        with state=undo: the change to undo, as momoconf history lists it (default: the latest)
//	root      the host tree to edit, laid out like the host's / (default /)
//	validate  run nginx -t on the changed nginx files first, and refuse to write if it fails
//	backup    keep each changed file's previous content beside it, as NAME.YYYYMMDDTHHMMSSZ~
//	          (same owner and mode), made in the same all-or-nothing change as the edits
//
// Results: files (the files changed, or that would be), mta_id (the
// node's), changes (what each file's edit does, in words), warnings,
// validation (what nginx -t said, or that it was skipped) and
// backup_files. A failure gives msg as file:line:col: what was found, and
// position {file, line, column}.
//
// state=query changes nothing and returns the cluster as this host's files
// list it: nodes, mta_ids (node → mta_id from msg_gen.conf), drift,
// next_mta_id (what an addition would choose: one above the highest, past
// ids that commented-out stanzas keep) and, when host is given, mta_id
// (the id that node has, or would get; none with role=analytics). A playbook reads it on one
// Platform host, then applies state=present with that mta_id everywhere,
// so that every host agrees.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout))
}
