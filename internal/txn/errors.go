package txn

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/momoconf/momoconf/codes"
)

// Errors a transaction reports. Test for them with [errors.Is]; the error
// itself names the file or folder concerned.
var (
	// ErrLocked means another process holds the lock on a folder; the
	// error, a [*LockedError], names the holder when /proc/locks tells.
	ErrLocked error = codes.Locked
	// ErrNotLocked means Apply or Recover was given a Lock that does not hold a
	// folder the change touches.
	ErrNotLocked = errors.New("folder not locked")
	// ErrChanged means a file no longer holds the content the change was planned
	// from (a hand edit, another tool), or a file to create exists now.
	ErrChanged = errors.New("changed since it was read")
	// ErrHardLinked means the file has more than one hard link; replacing it by
	// rename would split it from its other names.
	ErrHardLinked = errors.New("has more than one hard link; a rewrite would split them")
	// ErrReadOnly means the file's mode has no write bit.
	ErrReadOnly = errors.New("is read-only")
	// ErrNotRegular means the target is not a regular file (a symlink, a folder,
	// a device).
	ErrNotRegular = errors.New("is not a regular file")
	// ErrInterrupted means SIGINT, SIGTERM or SIGHUP arrived, or the context was
	// cancelled, during Apply; the change was rolled back.
	ErrInterrupted error = codes.Interrupted
	// ErrPending means a journal from an earlier, unfinished run exists; Recover
	// must run first.
	ErrPending = errors.New("a journal from an unfinished run exists; recover first")
	// ErrCorruptJournal means the journal is torn or damaged; nothing was done
	// with it.
	ErrCorruptJournal = errors.New("corrupt journal")
	// ErrConflict means during recovery, a file holds neither its old nor its new
	// content; it was left alone and the journal kept.
	ErrConflict = errors.New("holds neither the old nor the new content")
	// ErrPrepared means a prepared change (see [Tx.Prepare]) waits in the
	// folder: every other change there is refused until it is committed
	// or aborted. The error, a [*PreparedError], names it and its time.
	ErrPrepared error = codes.Prepared
	// ErrNotPrepared means CommitPrepared found no change prepared under
	// the transaction id, and none committed under it either.
	ErrNotPrepared error = codes.NotPrepared
	// ErrInvalid means the Tx itself is malformed (relative path, duplicate
	// target, folder to create listed after its child).
	ErrInvalid = errors.New("invalid change")
)

// StepError says which step failed on which file.
type StepError struct {
	Name string // the file's or folder's Display name
	Step string // "write temporary file", "rename", "check unchanged", ...
	Err  error
}

// Error reads "name: step: cause".
func (e *StepError) Error() string { return e.Name + ": " + e.Step + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

func stepErr(name, step string, err error) error {
	if err == nil {
		return nil
	}
	return &StepError{Name: name, Step: step, Err: err}
}

// RolledBackError is the error of an Apply that failed and was fully undone:
// every file holds its old content again, created files are gone, and so
// are created folders except those listed in Kept, and the journal is
// removed.
type RolledBackError struct {
	Err error // why the change stopped
	// NothingWritten says the change stopped before anything reached the
	// disk (a read-only file system, say): there was nothing to roll back.
	NothingWritten bool
	// Kept are folders the change created that the rollback left in
	// place, as [Recover] does, because someone else put entries in them
	// meanwhile (or put something else at their path). Their Display
	// names, children first.
	Kept []string
}

// Error returns the cause and says that nothing was changed, or, when
// created folders were kept, names them.
func (e *RolledBackError) Error() string {
	switch {
	case e.NothingWritten:
		return e.Err.Error() + " (nothing was changed)"
	case len(e.Kept) > 0:
		return e.Err.Error() + " (the change was rolled back; kept the folders it created that others have put entries in meanwhile: " +
			strings.Join(e.Kept, ", ") + ")"
	}
	return e.Err.Error() + " (nothing was changed: the change was rolled back)"
}

// Unwrap returns why the change stopped.
func (e *RolledBackError) Unwrap() error { return e.Err }

// RollbackError is the error of an Apply that failed and could not undo
// all it had done. Changed lists the files that still differ from before;
// their old content is kept in the journal at Journal, which is left in
// place so that [Recover] can finish the rollback once the cause is fixed.
type RollbackError struct {
	Err      error    // why the change stopped
	Rollback error    // why undoing it failed
	Changed  []string // Display names of files or folders not put back
	Journal  string   // path of the journal holding their old content
}

// Error names why the change stopped, why undoing it failed, the files
// still changed and the journal that keeps their old content.
func (e *RollbackError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v; rolling back also failed: %v", e.Err, e.Rollback)
	switch {
	case len(e.Changed) == 0 && e.Journal != "":
		fmt.Fprintf(&b, "; no file is changed, but the journal %s remains: run the recovery to clean up", e.Journal)
	case len(e.Changed) == 0:
		b.WriteString("; no file is changed")
	case e.Journal != "":
		fmt.Fprintf(&b, "; still changed: %s; their old content is kept in %s: run the recovery to put them back",
			strings.Join(e.Changed, ", "), e.Journal)
	default:
		fmt.Fprintf(&b, "; still changed: %s; no journal keeps their old content", strings.Join(e.Changed, ", "))
	}
	return b.String()
}

// Unwrap returns both causes, so errors.Is sees either.
func (e *RollbackError) Unwrap() []error { return []error{e.Err, e.Rollback} }

// PreparedError refuses a change while a prepared one waits in the folder.
type PreparedError struct {
	TxID        string    // the prepared change's transaction id
	Time        time.Time // when it was prepared
	Description string    // what it changes
	Journal     string    // its journal
}

// Error names the prepared change, its time and how to finish it.
func (e *PreparedError) Error() string {
	desc := ""
	if e.Description != "" {
		desc = " (" + e.Description + ")"
	}
	return fmt.Sprintf("%s: %v: transaction %s%s, prepared %s; commit or abort it first",
		e.Journal, ErrPrepared, e.TxID, desc, e.Time.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrPrepared) true.
func (e *PreparedError) Is(target error) bool { return target == ErrPrepared }

func preparedError(j *journal, path string) *PreparedError {
	return &PreparedError{TxID: j.TxID, Time: j.when(), Description: j.Description, Journal: path}
}

// CommittedError is the error of a change that reached its commit point
// (every file holds its new content, and the commit record says so) but
// failed afterwards, syncing the folder or removing the journal. The
// change stands and is never rolled back; a journal left behind is
// removed by the next [Recover].
type CommittedError struct {
	Err     error
	Journal string // the journal left behind, or ""
}

// Error reads "committed; <what failed>".
func (e *CommittedError) Error() string {
	msg := "committed; " + afterCommitStep(e.Err) + " failed: " + e.Err.Error()
	if e.Journal != "" {
		msg += "; the next run removes the journal " + e.Journal
	}
	return msg
}

func afterCommitStep(err error) string {
	var se *StepError
	if errors.As(err, &se) {
		switch se.Step {
		case "sync folder":
			return "syncing the folder"
		case "remove journal":
			return "removing the journal"
		case "remove the old commit record":
			return "removing the old commit record"
		}
	}
	return "finishing"
}

// Unwrap returns what failed after the commit point.
func (e *CommittedError) Unwrap() error { return e.Err }
