package momoconf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/internal/txn"
	"github.com/momoconf/momoconf/srcpos"
)

// Errors a caller can tell apart with [errors.Is]. Each refusal wraps one
// of them; the message says what the files hold.
var (
	// ErrNotMember: the request names, as a member, a host or tree the
	// cluster does not hold in that role (a --from tree that is no
	// Platform node's, or for an Analytics node no Analytics node's).
	ErrNotMember = errors.New("not a member of the cluster")
	// ErrConflict: the request contradicts the cluster, such as an IP
	// address or host name that belongs to another member, or an IP that
	// is not the one the peers give the host. The error is a
	// [*ConflictError].
	ErrConflict = errors.New("contradicts the cluster")
	// ErrMTAIDTaken: the mta_id asked for belongs to another node, or the
	// node already has another one.
	ErrMTAIDTaken = errors.New("mta_id taken")
	// ErrTargetEmpty: the folder holds no file that lists cluster members,
	// so it is neither a host tree nor a cluster folder.
	ErrTargetEmpty = errors.New("no file lists cluster members")
	// ErrPlanStale: a file changed since the plan read it; plan again.
	ErrPlanStale = errors.New("plan stale")
	// ErrNeedIP: a list names its members by IP address and the request
	// gives no address for the node.
	ErrNeedIP = errors.New("ip address needed")
	// ErrLastEntry: an Analytics removal would leave a list without an
	// active entry.
	ErrLastEntry = errors.New("list would be empty")
	// ErrTooFew: an Analytics addition to a cluster whose Analytics lists
	// name one node or none (the runbook adds nodes only to a cluster of
	// two or more).
	ErrTooFew = errors.New("too few analytics nodes")
	// ErrLocked: another process holds the lock on a folder, and did not
	// release it within the wait given. The message names the holder
	// (pid and command) when the system tells, and calls it another
	// momoconf run only when it is one.
	ErrLocked = txn.ErrLocked
	// ErrUntrusted: a journal or commit record found on disk could have
	// been written by another account (owned by neither this user nor
	// root, writable by group or others, in a folder others may write to
	// without the sticky bit), belongs to another folder, or is an old
	// journal put back after its change committed. Nothing was done with
	// it; the message names it and its owner.
	ErrUntrusted = txn.ErrUntrusted
	// ErrPrepared: a prepared change (see [Plan.Prepare]) waits in the
	// folder; every other write there is refused until it is committed
	// or aborted. The message names its transaction id and time.
	ErrPrepared = txn.ErrPrepared
	// ErrNotPrepared: [CommitPrepared] found no change prepared under the
	// id, and none committed under it either.
	ErrNotPrepared = txn.ErrNotPrepared
	// ErrInterrupted: SIGINT, SIGTERM or SIGHUP arrived, or the context
	// ended, while a plan was applied; the change was rolled back.
	ErrInterrupted = txn.ErrInterrupted
	// ErrNotValidated: nginx is not installed, so the nginx files could
	// not be checked.
	ErrNotValidated = errors.New("nginx not found: the nginx files were not validated")
	// ErrInvalidConfig: nginx -t refused the new content of a file.
	ErrInvalidConfig = errors.New("nginx -t refused the new content")
)

// ErrRolledBack: an apply failed and was undone, so every file holds its
// old content again; the message says which file failed and why. A
// change that failed after its commit point is not an error at all:
// [Plan.Apply] succeeds with a warning ([WarnCommitted]).
var ErrRolledBack = errors.New("rolled back")

// RollbackError is the error of an apply that failed and could not be
// undone entirely: Changed names the files still holding their new
// content, and Journal the journal that keeps their old content. The next
// run on the same folder ([Open]) rolls them back. Find it with
// errors.As.
type RollbackError struct {
	Changed []string // the files (or folders) not put back, as the plan names them
	Journal string   // the path of the journal that keeps their old content
	err     error    // why the change stopped, and why undoing it failed
}

// Error says why the change stopped, why undoing it failed, the files
// still changed and the journal that keeps their old content.
func (e *RollbackError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("rolling back failed; still changed: %s; their old content is in %s", strings.Join(e.Changed, ", "), e.Journal)
	}
	return e.err.Error()
}

// Unwrap returns the failure it describes.
func (e *RollbackError) Unwrap() error { return e.err }

// rolledBack is an apply's failure that was undone: errors.Is matches it
// to [ErrRolledBack], and its message is the failure's own.
type rolledBack struct{ err error }

func (e *rolledBack) Error() string        { return e.err.Error() }
func (e *rolledBack) Unwrap() error        { return e.err }
func (e *rolledBack) Is(target error) bool { return target == ErrRolledBack }

// rootError gives a failure of the transaction engine the root's shape:
// a rollback that failed becomes a [*RollbackError], one that succeeded
// matches [ErrRolledBack].
func rootError(err error) error {
	var rb *txn.RollbackError
	if errors.As(err, &rb) {
		return &RollbackError{Changed: rb.Changed, Journal: rb.Journal, err: err}
	}
	var rolled *txn.RolledBackError
	if errors.As(err, &rolled) {
		return &rolledBack{err: err}
	}
	return err
}

// ConflictError refuses a request that contradicts the cluster: Node
// (the request) claims Value as its Field while the files give it to
// Member (for Field "ip") or give Node.Host another address (Member is
// then the host itself). Says holds what the files say, "path: text".
type ConflictError struct {
	Node   Node     `json:"node"`   // the request
	Field  string   `json:"field"`  // "ip" or "host"
	Value  string   `json:"value"`  // what the request claims
	Member string   `json:"member"` // the member the files give Value to
	Says   []string `json:"says"`   // what the files say, "path: text"
}

// Error names the conflict and up to three of the files that show it.
func (e *ConflictError) Error() string {
	var what string
	switch {
	case e.Field == "ip" && e.Member != e.Node.Host:
		what = fmt.Sprintf("%s is the address of %s, not of %s", e.Value, e.Member, e.Node.Host)
	case e.Field == "ip":
		what = fmt.Sprintf("%s is not the address of %s", e.Value, e.Node.Host)
	default:
		what = fmt.Sprintf("%s is already a member, at another address than %s", e.Value, e.Node.IP)
	}
	says := e.Says
	more := ""
	if len(says) > 3 {
		more = fmt.Sprintf(" (and %d more)", len(says)-3)
		says = says[:3]
	}
	return fmt.Sprintf("%s: %s%s; nothing written", what, strings.Join(says, "; "), more)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// refusal is an error with a message of its own that errors.Is matches
// to one of the errors above.
type refusal struct {
	msg  string
	kind error
}

func (e *refusal) Error() string        { return e.msg }
func (e *refusal) Is(target error) bool { return target == e.kind }

// staleError says which file changed since the plan read it.
type staleError struct{ err error }

func (e *staleError) Error() string {
	if msg := e.err.Error(); strings.HasSuffix(msg, "plan again") {
		return msg
	}
	return e.err.Error() + "; plan again"
}
func (e *staleError) Unwrap() error        { return e.err }
func (e *staleError) Is(target error) bool { return target == ErrPlanStale }

// placedError is a refusal about a place in a file that the message
// names in words: [srcpos.Find] finds the place (so the CLI shows the line
// and the JSON its file, line and column), errors.Is and errors.As see
// the refusal it wraps, and the message is the refusal's own.
type placedError struct {
	err error
	pos srcpos.Position
}

func (e *placedError) Error() string             { return e.err.Error() }
func (e *placedError) Unwrap() error             { return e.err }
func (e *placedError) Position() srcpos.Position { return e.pos }

// placed gives err the place pos, or returns err as it is when pos names
// no line.
func placed(err error, pos srcpos.Position) error {
	if !pos.IsValid() {
		return err
	}
	return &placedError{err: err, pos: pos}
}

// targetError refuses a folder that holds no member-listing file.
type targetError struct {
	dir     string
	cluster bool
	looks   string // what the folder looks like instead, or ""
}

func (e *targetError) Error() string {
	as := "a host tree"
	if e.cluster {
		as = "a cluster folder"
	}
	msg := fmt.Sprintf("%s: no file that lists cluster members, read as %s", e.dir, as)
	if e.looks != "" {
		msg += "; " + e.looks
	}
	return msg + "\n  a host tree (--root) is laid out like the host's /, with opt/msys/... below it;\n  a cluster folder (--cluster) holds one host tree per sub-folder (DIR/HOST/opt/msys/...)"
}

func (e *targetError) Is(target error) bool { return target == ErrTargetEmpty }

// Warning is something an operator should look at: a code a tool can
// match, the place it is about and the message. The place is a
// [srcpos.Position] embedded, so its JSON is flat ({"code", "file",
// "line", "column", "message"}) and spelt as every other place momoconf
// prints: Filename is the file as the plan names it ("" for none), Line
// and Column count from 1 (0 when unknown), and Offset is left 0.
type Warning struct {
	Code            string `json:"code"` // one of the Warn* codes
	srcpos.Position        // the file it is about, with a line and column where known
	Message         string `json:"message"` // what to look at, in words
}

// Warning codes.
const (
	WarnNoList         = "no-list"          // a file lacks the list it should hold
	WarnMTAIDRetired   = "mta-id-retired"   // the mta_id is shown by a commented-out stanza
	WarnMTAIDPerHost   = "mta-id-per-host"  // a single-tree run chose the mta_id
	WarnQuorum         = "quorum"           // quorum above the nodes left
	WarnSeeds          = "seeds"            // fewer than three seeds left
	WarnDuraVIP        = "duravip"          // a Duravip_Preference names the node removed
	WarnNotChecked     = "not-checked"      // a file could not be checked
	WarnNotListed      = "not-listed"       // the node to remove is listed in no file
	WarnCopyMentions   = "copy-mentions"    // a copied file still names the source node
	WarnCopyNotRegular = "copy-not-regular" // a source file that cannot be copied
	WarnKSafety        = "k-safety"         // an Analytics removal: Vertica must not lose a node critical for K-safety
	WarnAnalyticsFew   = "analytics-few"    // fewer than three Analytics nodes remain
	WarnNoOwnTree      = "no-own-tree"      // no tree was taken for the removed Analytics node's own
	WarnWebuiAuth      = "webui-auth"       // the source's webui auth.apiPort/apiHost are not false, or missing
	WarnRecovered      = "recovered"        // an earlier run's unfinished change was rolled back
	WarnNotValidated   = "not-validated"    // nginx is absent: nginx files not checked
	WarnCommitted      = "committed"        // the change committed, but a step after the commit point failed
)

// String renders the warning as "file:line:col: message".
func (w Warning) String() string {
	place := w.Filename
	if place != "" && w.Line > 0 {
		place += fmt.Sprintf(":%d", w.Line)
		if w.Column > 0 {
			place += fmt.Sprintf(":%d", w.Column)
		}
	}
	if place == "" {
		return w.Message
	}
	return place + ": " + w.Message
}
