// Package momoconf plans and applies the configuration changes of adding a
// Platform node (MTA + Cassandra) or, with [Node.Role] set to
// [RoleAnalytics], an Analytics node (Vertica + the Node.js applications)
// to a Momentum 4 cluster, or removing one. A plan also lists the runbook's
// remaining steps, the ones that are not file edits ([Plan.Steps],
// [StepsText]).
//
// A change is planned over a host tree (a folder laid out like a host's root,
// holding ROOT/opt/msys/...) or over a cluster folder (one host tree per
// sub-folder). [AddNode] and [RemoveNode] read every file of the runbook
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
// [Load] reads the folder once into a [Cluster]: every member-listing file
// of every tree (identical copies parsed once), the members they list
// (host, IP from the msgc_server peers, mta_id from the msg_gen stanzas,
// role) and whose tree each is (by cassandra.yaml listen_address).
// [Cluster.AddNode], [Cluster.RemoveNode] and [Cluster.Status] share that
// model: a request that contradicts it (an IP that is another member's,
// an mta_id in use, a folder that lists no member) is refused with an
// error a caller tells apart with errors.Is ([ErrConflict],
// [ErrMTAIDTaken], [ErrNotMember], [ErrTargetEmpty], [ErrNeedIP],
// [ErrLastEntry], [ErrTooFew]; [ErrPlanStale] from
// [Plan.Apply]), and warnings carry a code and a file ([Warning]). Each
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
// Options.Wait) before reading, rolls back any change an earlier run left
// unfinished, and holds the lock until [Cluster.Close], so that a plan is
// made and applied under one lock and concurrent runs take turns. Apply
// makes the change one transaction: a journal keeps the old content until
// the change is complete; each file is written beside its target keeping
// owner, mode and extended attributes, checked once more against hand
// edits, and renamed; the folders are synced. A failure or SIGINT, SIGTERM
// or SIGHUP rolls everything back; after kill -9 or a power loss the next
// run rolls it back from the journal.
//
// # Undo
//
// Each change applied to a cluster folder or host tree leaves a record of
// itself in the folder's history (.momoconf/history), created by the
// change's own transaction; [Cluster.History] lists the records, newest
// first, and [Cluster.Undo] plans the reverse of one as an ordinary
// [Plan], refused ([ErrUndoRefused]) when a file changed since or a later
// change touched the same files. Records are read as untrusted data
// ([ErrUntrusted]). [ApplyOptions.History] bounds how many are kept.
package momoconf
