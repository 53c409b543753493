// Package momoconf plans and applies the configuration changes of adding a
// Platform node (MTA + Cassandra) or, with [Node.Role] set to
// [RoleAnalytics], an Analytics node (Vertica + the Node.js applications)
// to a Momentum 4 cluster, or removing one. A plan also lists the runbook's
// remaining steps, the ones that are not file edits ([Plan.Steps],
// [StepsText]).
//
// A change is planned over a host tree (a folder laid out like a host's root,
// holding ROOT/opt/msys/...) or over a cluster folder (one host tree per
// sub-folder), or over files named one by one.
//
// # One door
//
// Every use goes through one door: [Open] (or [OpenFiles], for named
// files) locks the folder and reads it into a [Cluster]; the Cluster's
// verbs plan ([Cluster.AddNode] with [AddOptions], [Cluster.RemoveNode]
// with [RemoveOptions], [Cluster.Undo]) or answer
// ([Cluster.Status], [Cluster.NextMTAID], [Cluster.History]); a plan is
// written by [Plan.Apply] (or staged by [Plan.Prepare]); [Cluster.Close]
// releases the lock. [Options] says only how to open (a cluster folder or
// one host tree, how long to wait for the lock); what a change does is
// said by the verb's own options. The command and the Ansible module use
// exactly this door, and the module holds the lock from plan to apply.
//
// AddNode and RemoveNode read every file of the runbook
// that lists cluster members, make the edits in memory with the format
// packages ([github.com/momoconf/momoconf/ecconf],
// [github.com/momoconf/momoconf/nginxconf],
// [github.com/momoconf/momoconf/jsonconf],
// [github.com/momoconf/momoconf/cassyaml]) and return a [Plan]: for each
// file its old and new bytes and what changed, in words. A plan renders as a
// unified diff ([Plan.Diff]) and applies all or nothing ([Plan.Apply]).
//
// # The cluster model
//
// [Open] reads the folder once into a [Cluster]: every member-listing file
// of every tree (read through internal/hostfs, which refuses links on its
// fast path and keeps one copy of identical contents; identical copies
// are parsed once), the members they list
// (host, IP from the msgc_server peers, mta_id from the msg_gen stanzas,
// role) and whose tree each is (by cassandra.yaml listen_address).
// [Cluster.AddNode], [Cluster.RemoveNode] and [Cluster.Status] share that
// model: a request that contradicts it (an IP that is another member's,
// an mta_id in use, a folder that lists no member) is refused with an
// error a caller tells apart with errors.Is and a code of package
// [github.com/momoconf/momoconf/codes] (codes.Conflict, codes.MTAIDTaken,
// codes.NotMember, codes.TargetEmpty, codes.NeedIP, codes.LastEntry,
// codes.TooFew; codes.PlanStale from [Plan.Apply]), and warnings carry a
// code of the same package and a file ([Warning]). The kinds of file are
// named by package [github.com/momoconf/momoconf/filekind]. Each
// kind of file is one type behind a small interface (what it lists, how a
// node is added, how it is removed), in its own kind_*.go file.
//
// # Files
//
// The files, at their product paths below a host tree, are msg_gen.conf
// (Cassandra URIs and node stanzas), msgc_server.conf (peers),
// click_proxy_upstream.conf (upstream click_proxy), momo_upstream.conf
// (upstream momo-rest), the users-api and webhooks-api production.json
// (cassandra.hosts, cql.contactPoints) and, on removal, the seeds of
// cassandra.yaml. An Analytics change edits instead the upstreams
// api_webhooks, api_users, api_metrics, api_adaptive_delivery and webui,
// and the root vertica.hosts of the applications' production.json (the
// APIs, their cron jobs, the ETLs). A Platform change never edits a list of
// Analytics hosts, nor an Analytics change a list of Platform hosts. A
// tree's role follows from which files it holds; an Analytics tree, having
// no cassandra.yaml, is a member's by its folder name.
//
// # Safety
//
// Nothing is written while planning. [Open] locks the cluster folder and
// its host trees (flock on the folders themselves, waiting up to
// Options.Wait for all of them together) before reading, finishes any
// change an earlier run left unfinished, and holds the lock until
// [Cluster.Close], so that a plan is made and applied under one lock and
// concurrent runs take turns. A lock held by another process is reported
// with its pid and command, and called another momoconf run only when it
// is one. Apply makes the change one transaction: a journal keeps the old
// content until the change is complete; each file is written beside its
// target keeping owner, mode and extended attributes (POSIX ACLs
// included), checked once more against hand edits, and renamed; the
// folders are synced. A failure or SIGINT, SIGTERM or SIGHUP before the
// commit point rolls everything back; after kill -9 or a power loss the
// next run rolls it back from the journal.
//
// The change commits at one point: when the commit record
// (.momoconf/commit beside the journal, naming the last change committed
// there) is renamed into place, after every file holds its new content.
// A failure after it (syncing the folder, removing the journal) is
// reported as "committed; ..." ([codes.Committed]) and never rolled back.
//
// Nothing read back from disk is trusted blindly. A journal is refused
// ([codes.Untrusted], exit 2, touching nothing) unless it is owned by the
// effective user or root, not writable by group or others, in a folder
// others may not write to without the sticky bit; its paths are relative
// to folders it names by identity and are resolved below them without
// following symbolic links; and it is acted upon only when the commit
// record shows its change as the next one, so that a journal put back
// after its change committed is recognised, never replayed. Recovery
// touches only files whose content is exactly what that run wrote, and
// warnings name the files actually touched. Neither is a host tree: a
// symbolic link inside the folder opened (a host folder, a folder on a
// file's way, the file, each link a link leads to, and the files a new
// node's tree copies) is followed only when root or the effective user
// owns it, and is otherwise refused ([codes.Untrusted]), so an account that
// can write one host tree cannot point a run at a file outside it.
//
// Read-only runs ([Open] with no journal to finish, [Cluster.Status], a
// plan never applied) write nothing and work on a read-only file system;
// a write there fails with "read-only file system" and nothing else.
//
// A change may also be made in two phases, across many hosts:
// [Plan.Prepare] stages every new content beside its target and a journal
// marked prepared, replacing nothing; [CommitPrepared] then renames (and,
// once begun, a crash is finished forward by the next run), or
// [AbortPrepared] removes it all. While a change is prepared, reading
// works and reports it ([Cluster.Prepared]), and every other write in the
// folder is refused ([codes.Prepared]).
//
// # Undo
//
// Each change applied to a cluster folder or host tree leaves a record of
// itself in the folder's history (.momoconf/history), created by the
// change's own transaction (in two phases too: the record, staged by
// [Plan.Prepare] with the transaction id, lands at the commit and goes
// with an abort, so that a fleet change is undone on each host by its
// transaction id, [HistoryRecord.TxID]); [Cluster.History] lists the
// records, newest first, and [Cluster.Undo] plans the reverse of one as
// an ordinary [Plan], refused ([codes.UndoRefused]) when a file changed since
// or a later change touched the same files. Records are read as untrusted data
// ([codes.Untrusted]). [ApplyOptions.History] bounds how many are kept.
package momoconf
