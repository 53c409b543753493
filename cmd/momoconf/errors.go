package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/filecheck"
	"github.com/momoconf/momoconf/srcpos"
)

// Error codes of the JSON error report, one per kind of failure a tool may
// want to tell apart. They do not change between releases.
const (
	codeUsage          = "usage"           // bad command line
	codeConflict       = "conflict"        // the request contradicts the cluster
	codeMTAIDTaken     = "mta-id-taken"    // the mta_id belongs to another node
	codeNotMember      = "not-member"      // a host or tree the cluster does not hold
	codeTargetEmpty    = "target-empty"    // the folder lists no member
	codeNeedIP         = "need-ip"         // a list names members by IP and none was given
	codeLastEntry      = "last-entry"      // a removal would empty an Analytics list
	codeTooFew         = "too-few"         // too few Analytics nodes to add one
	codeLocked         = "locked"          // another process kept the lock past --wait
	codePrepared       = "prepared"        // a prepared change waits in the folder (exit 4)
	codeUntrusted      = "untrusted"       // a journal another account could have written, or an old one put back
	codePlanStale      = "plan-stale"      // a file changed since it was read
	codeInterrupted    = "interrupted"     // stopped by a signal, rolled back
	codeInvalidConfig  = "invalid-config"  // nginx -t refused the new content
	codeRollbackFailed = "rollback-failed" // a write failed and so did putting files back
	codeRolledBack     = "rolled-back"     // a write failed and was rolled back
	codeParse          = "parse"           // a file does not parse, or an edit its format refuses (the position says where)
	codeError          = "error"           // any other failure
)

// typedCodes maps the library's sentinel errors to their codes, checked in
// this order.
var typedCodes = []struct {
	err  error
	code string
}{
	{momoconf.ErrConflict, codeConflict},
	{momoconf.ErrMTAIDTaken, codeMTAIDTaken},
	{momoconf.ErrNotMember, codeNotMember},
	{momoconf.ErrTargetEmpty, codeTargetEmpty},
	{momoconf.ErrNeedIP, codeNeedIP},
	{momoconf.ErrLastEntry, codeLastEntry},
	{momoconf.ErrTooFew, codeTooFew},
	{momoconf.ErrLocked, codeLocked},
	{momoconf.ErrPrepared, codePrepared},
	{momoconf.ErrUntrusted, codeUntrusted},
	{momoconf.ErrPlanStale, codePlanStale},
	{momoconf.ErrInterrupted, codeInterrupted},
	{momoconf.ErrInvalidConfig, codeInvalidConfig},
	{momoconf.ErrUndoRefused, "undo-refused"},
}

// exitPrepared is the exit status of a write refused because a prepared
// change (two-phase commit) waits in the folder: nothing written, and
// trying again will not help until the change is committed or aborted.
const exitPrepared = 4

// exitStatusOf returns the exit status of a failure that is not a
// rollback failure or a signal: exitPrepared for a prepared change, else
// exitError.
func exitStatusOf(err error) int {
	if errors.Is(err, momoconf.ErrPrepared) {
		return exitPrepared
	}
	return exitError
}

// errorCode returns the code of err: the code of its typed error, else
// "parse" when a format's parser or verb refused a file's content, else
// "error" (a refusal that only points at a place is not a parse error).
func errorCode(err error) string {
	var rb *momoconf.RollbackError
	if errors.As(err, &rb) {
		return codeRollbackFailed
	}
	for _, t := range typedCodes {
		if errors.Is(err, t.err) {
			return t.code
		}
	}
	if errors.Is(err, momoconf.ErrRolledBack) {
		return codeRolledBack
	}
	if filecheck.IsFormatError(err) {
		return codeParse
	}
	return codeError
}

// jsonError is the JSON form of a failure: {"error": {...}} on stdout.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

// jsonErrorBody is the failure's message, the place in a file it points
// at (when it has one: file, line and column, as every place is spelt),
// its code and, when putting the files back failed, the files left
// changed and the journal that keeps their old content.
type jsonErrorBody struct {
	Message         string   `json:"message"`
	srcpos.Position          // where the failure points; empty when nowhere
	Code            string   `json:"code"`
	Changed         []string `json:"changed,omitempty"`
	Journal         string   `json:"journal,omitempty"`
}

// newJSONError describes err with the given code.
func newJSONError(msg, code string, err error) jsonError {
	body := jsonErrorBody{Message: msg, Code: code}
	if err != nil {
		if pos, ok := srcpos.Find(err); ok {
			body.Position = srcpos.Position{Filename: pos.Filename, Line: pos.Line, Column: pos.Column}
		}
		var rb *momoconf.RollbackError
		if errors.As(err, &rb) {
			body.Changed, body.Journal = rb.Changed, rb.Journal
		}
	}
	return jsonError{Error: body}
}

// printPrepared tells, one line each, of the prepared changes waiting in
// the folders a run opened.
func printPrepared(w io.Writer, prepared []momoconf.PreparedChange) {
	for _, p := range prepared {
		fmt.Fprintf(w, "prepared: transaction %s (%s), prepared %s, waits to be committed or aborted; other writes here are refused until then (journal %s)\n",
			p.ID, p.Description, p.Time.UTC().Format(time.RFC3339), p.Journal)
	}
}
