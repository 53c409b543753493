// Package codes names what momoconf reports in a form a program can
// match: every refusal the library returns and every warning a plan
// carries has a [Code], and momoconf's JSON prints it as its text
// ("conflict", "quorum", ...). The texts do not change between releases.
//
// A Code is also an error, as a [syscall.Errno] is: each refusal wraps
// the code of its kind, so that errors.Is(err, codes.Conflict) tells it,
// and its message is the refusal's own.
package codes

// Code names one kind of refusal or warning.
type Code string

// Error returns the code's message: for the code of a refusal, the
// phrase the refusal's message ends with when it wraps nothing else
// ("folder locked"); for a warning's code, its text.
func (c Code) Error() string {
	if m, ok := messages[c]; ok {
		return m
	}
	return string(c)
}

// The codes of the refusals. Every error the library returns for one of
// these reasons matches its code with errors.Is.
const (
	// NotMember: the request names, as a member, a host or tree the
	// cluster does not hold in that role (a --from tree that is no
	// Platform node's, or for an Analytics node no Analytics node's).
	NotMember Code = "not-member"
	// Conflict: the request contradicts the cluster, such as an IP address
	// or host name that belongs to another member, or an IP that is not
	// the one the peers give the host.
	Conflict Code = "conflict"
	// MTAIDTaken: the mta_id asked for belongs to another node, or the
	// node already has another one.
	MTAIDTaken Code = "mta-id-taken"
	// TargetEmpty: the folder holds no file that lists cluster members, so
	// it is neither a host tree nor a cluster folder.
	TargetEmpty Code = "target-empty"
	// PlanStale: a file changed since the plan read it; plan again.
	PlanStale Code = "plan-stale"
	// NeedIP: a list names its members by IP address and the request gives
	// no address for the node.
	NeedIP Code = "need-ip"
	// LastEntry: an Analytics removal would leave a list without an active
	// entry.
	LastEntry Code = "last-entry"
	// TooFew: an Analytics addition to a cluster whose Analytics lists name
	// one node or none (the runbook adds nodes only to a cluster of two or
	// more).
	TooFew Code = "too-few"
	// Locked: another process holds the lock on a folder, and did not
	// release it within the wait given. The message names the holder (pid
	// and command) when the system tells, and calls it another momoconf run
	// only when it is one.
	Locked Code = "locked"
	// Untrusted: a journal, commit record, history record or link found on
	// disk could have been written by another account (owned by neither
	// this user nor root, writable by group or others, in a folder others
	// may write to without the sticky bit), belongs to another folder, or
	// is an old journal put back after its change committed. Nothing was
	// done with it; the message names it and its owner.
	Untrusted Code = "untrusted"
	// Prepared: a prepared change (two-phase commit) waits in the folder;
	// every other write there is refused until it is committed or aborted.
	// The message names its transaction id and time.
	Prepared Code = "prepared"
	// NotPrepared: a commit found no change prepared under the id, and none
	// committed under it either.
	NotPrepared Code = "not-prepared"
	// Interrupted: SIGINT, SIGTERM or SIGHUP arrived, or the context ended,
	// while a plan was applied; the change was rolled back.
	Interrupted Code = "interrupted"
	// RolledBack: an apply failed and was undone, so every file holds its
	// old content again; the message says which file failed and why.
	RolledBack Code = "rolled-back"
	// InvalidConfig: nginx -t refused the new content of a file.
	InvalidConfig Code = "invalid-config"
	// UndoRefused: an undo that would overwrite a later change, or a change
	// the files no longer hold.
	UndoRefused Code = "undo-refused"
	// NotValidated: nginx is not installed, so the nginx files could not
	// be checked. As a warning's code it says the same of an apply.
	NotValidated Code = "not-validated"
)

// The codes of the warnings a plan, an apply or a status carries, that
// only [NotValidated] shares with the refusals.
const (
	NoList         Code = "no-list"          // a file lacks the list it should hold
	MTAIDRetired   Code = "mta-id-retired"   // the mta_id is shown by a commented-out stanza
	MTAIDPerHost   Code = "mta-id-per-host"  // a single-tree run chose the mta_id
	Quorum         Code = "quorum"           // quorum above the nodes left
	Seeds          Code = "seeds"            // fewer than three seeds left
	DuraVIP        Code = "duravip"          // a Duravip_Preference names the node removed
	NotChecked     Code = "not-checked"      // a file could not be checked
	NotListed      Code = "not-listed"       // the node to remove is listed in no file
	CopyMentions   Code = "copy-mentions"    // a copied file still names the source node
	CopyNotRegular Code = "copy-not-regular" // a source file that cannot be copied
	KSafety        Code = "k-safety"         // an Analytics removal: Vertica must not lose a node critical for K-safety
	AnalyticsFew   Code = "analytics-few"    // fewer than three Analytics nodes remain
	NoOwnTree      Code = "no-own-tree"      // no tree was taken for the removed Analytics node's own
	WebuiAuth      Code = "webui-auth"       // the source's webui auth.apiPort/apiHost are not false, or missing
	Recovered      Code = "recovered"        // an earlier run's unfinished change was rolled back
	Committed      Code = "committed"        // the change committed, but a step after the commit point failed
	History        Code = "history"          // a change could not be recorded, or old records could not be removed
	HostForm       Code = "host-form"        // a host named in a form the lists do not use (short name against FQDN)
)

// messages holds the message of each refusal's code.
var messages = map[Code]string{
	NotMember:     "not a member of the cluster",
	Conflict:      "contradicts the cluster",
	MTAIDTaken:    "mta_id taken",
	TargetEmpty:   "no file lists cluster members",
	PlanStale:     "plan stale",
	NeedIP:        "ip address needed",
	LastEntry:     "list would be empty",
	TooFew:        "too few analytics nodes",
	Locked:        "folder locked",
	Untrusted:     "not trusted",
	Prepared:      "a prepared change waits here",
	NotPrepared:   "no change prepared under this id",
	Interrupted:   "interrupted",
	RolledBack:    "rolled back",
	InvalidConfig: "nginx -t refused the new content",
	UndoRefused:   "undo refused",
	NotValidated:  "nginx not found: the nginx files were not validated",
}
