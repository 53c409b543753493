package momoconf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/momoconf/momoconf/srcpos"
)

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
// to [codes.RolledBack], and its message is the failure's own.
type rolledBack struct{ err error }

func (e *rolledBack) Error() string        { return e.err.Error() }
func (e *rolledBack) Unwrap() error        { return e.err }
func (e *rolledBack) Is(target error) bool { return target == codes.RolledBack }

// rootError gives a failure of the transaction engine the root's shape:
// a rollback that failed becomes a [*RollbackError], one that succeeded
// matches [codes.RolledBack].
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

// conflictError refuses a request that contradicts the cluster: node
// (the request) claims value as its field while the files give it to
// member (for field "ip") or give node.Host another address (member is
// then the host itself). says holds what the files say, "path: text".
// errors.Is matches it to [codes.Conflict].
type conflictError struct {
	node   Node     // the request
	field  string   // "ip" or "host"
	value  string   // what the request claims
	member string   // the member the files give value to
	says   []string // what the files say, "path: text"
}

// Error names the conflict and up to three of the files that show it.
func (e *conflictError) Error() string {
	var what string
	switch {
	case e.field == "ip" && e.member != e.node.Host:
		what = fmt.Sprintf("%s is the address of %s, not of %s", e.value, e.member, e.node.Host)
	case e.field == "ip":
		what = fmt.Sprintf("%s is not the address of %s", e.value, e.node.Host)
	default:
		what = fmt.Sprintf("%s is already a member, at another address than %s", e.value, e.node.IP)
	}
	says := e.says
	more := ""
	if len(says) > 3 {
		more = fmt.Sprintf(" (and %d more)", len(says)-3)
		says = says[:3]
	}
	return fmt.Sprintf("%s: %s%s; nothing written", what, strings.Join(says, "; "), more)
}

func (e *conflictError) Is(target error) bool { return target == codes.Conflict }

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
func (e *staleError) Is(target error) bool { return target == codes.PlanStale }

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

func (e *targetError) Is(target error) bool { return target == codes.TargetEmpty }

// Warning is something an operator should look at: a code a tool can
// match, the place it is about and the message. The place is a
// [srcpos.Position] embedded, so its JSON is flat ({"code", "file",
// "line", "column", "message"}) and spelt as every other place momoconf
// prints: Filename is the file as the plan names it ("" for none), Line
// and Column count from 1 (0 when unknown), and Offset is left 0.
type Warning struct {
	Code            codes.Code `json:"code"` // what kind of warning it is
	srcpos.Position            // the file it is about, with a line and column where known
	Message         string     `json:"message"` // what to look at, in words
}

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
