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
//	host      the node's host name (lower-case FQDN); required, except for state=query,
//	          state=checklist and phase=commit or abort
//	ip        the node's IP address; required for state=present with role=platform;
//	          for state=absent, read from the peers, and refused where a list names
//	          members by IP and the peers do not give it
//	mta_id    the node's mta_id, 1 to 254, the same on every host (default: the id the
//	          node already has, else one above the highest in use); with state=absent
//	          it must be the node's own; refused with role=analytics
//	role      platform (MTA + Cassandra, the default) or analytics (Vertica + the
//	          Node.js APIs): which lists the node joins or leaves
//	state     present (add the node), absent (remove it), query (read only), export
//	          (the new node's files, from this host's tree), decide (the fleet's one
//	          decision, from every host's query), checklist (the fleet's steps) or undo
//	          (undo a change recorded in the tree's history, check and diff mode too)
//	id        with state=undo: the change to undo, as momoconf history lists it (default: the latest)
//	root      the host tree to edit, laid out like the host's / (default /)
//	phase     prepare (plan under the tree's lock and stage the change: new contents
//	          beside their targets and a journal marked prepared; nothing replaced),
//	          commit (put the prepared change in place) or abort (drop it); none:
//	          plan and apply at once
//	txid      the transaction id of a phase
//	new_node  this host is the node being added: its tree, empty or not, receives
//	          files (the node_files of state=export on the host it copies; from
//	          names that host)
//	change, hosts, views   state=decide and checklist: present or absent, every
//	          host in inventory order, and each host's result by inventory name
//	validate  run nginx -t on the changed nginx files first, and refuse to write if it fails
//	backup    keep each changed file's previous content beside it, as NAME.YYYYMMDDTHHMMSSZ~
//	          (same owner and mode), made in the same all-or-nothing change as the edits
//
// Results: files (the files changed, or that would be), mta_id (the
// node's), changes (what each file's edit does, in words), steps (the
// runbook's remaining steps on this host), services (what this host
// restarts or reloads), warnings, validation (what nginx -t said, or that
// it was skipped) and backup_files. A failure gives msg as file:line:col:
// what was found, and position {file, line, column}.
//
// state=query changes nothing and returns the cluster as this host's files
// list it: nodes, members, mta_ids (node → mta_id from msg_gen.conf), drift
// (an empty list when the files agree), next_mta_id, the tree's role, the
// prepared changes waiting (pending) and, when host is given, what the
// files say of it: listed, node_ip, node_mta_id, mta_id (the id it has or
// would get) and, with ip, ip_holder (another member with that address).
// The playbooks ansible/add-node.yml and ansible/remove-node.yml query
// every host, decide once, then prepare everywhere and commit or abort
// everywhere.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout))
}
