package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/filecheck"
	"github.com/momoconf/momoconf/srcpos"
)

// Error codes of the JSON error report, one per kind of failure a tool may
// want to tell apart, besides the library's own (package codes, as
// refusalCodes lists them). They do not change between releases.
const (
	codeUsage          = "usage"           // bad command line
	codeRollbackFailed = "rollback-failed" // a write failed and so did putting files back
	codeParse          = "parse"           // a file does not parse, or an edit its format refuses (the position says where)
	codeError          = "error"           // any other failure
)

// refusalCodes are the library's codes the JSON error report names, checked
// in this order; a rollback's failure is told apart first, and a rolled
// back one last, since its message may wrap another's.
var refusalCodes = []codes.Code{
	codes.Conflict, codes.MTAIDTaken, codes.NotMember, codes.TargetEmpty,
	codes.NeedIP, codes.LastEntry, codes.TooFew, codes.Locked,
	codes.Prepared, codes.Untrusted, codes.PlanStale, codes.Interrupted,
	codes.InvalidConfig, codes.UndoRefused, codes.RolledBack,
}

// exitPrepared is the exit status of a write refused because a prepared
// change (two-phase commit) waits in the folder: nothing written, and
// trying again will not help until the change is committed or aborted.
const exitPrepared = 4

// exitStatusOf returns the exit status of a failure that is not a
// rollback failure or a signal: exitPrepared for a prepared change, else
// exitError.
func exitStatusOf(err error) int {
	if errors.Is(err, codes.Prepared) {
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
	for _, c := range refusalCodes {
		if errors.Is(err, c) {
			return string(c)
		}
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
