package cassyaml

import (
	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Error is a problem at a position in a cassandra.yaml: a YAML syntax error, a file whose shape is not a cassandra.yaml, a key or value that cannot be written, or an edit the file does not allow. Its message reads "name:line:col: what was found
// (expected what)". Every error this package returns is an *Error; get
// one with errors.As, or its place with [srcpos.Find].
type Error struct {
	Pos srcpos.Position // where the problem is
	Msg string          // what was found and what was expected
	Err error           // the underlying error (a sentinel of this package, or the parser's), if any
}

// Error returns the position followed by the message.
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Position returns where the problem is.
func (e *Error) Position() srcpos.Position { return e.Pos }

// errorAt returns an *Error at byte offset of src, a file named name. A %w
// verb in format sets the underlying error.
func errorAt(name string, src []byte, offset int, format string, args ...any) *Error {
	msg, err := source.Message(format, args...)
	return &Error{Pos: srcpos.At(name, src, offset), Msg: msg, Err: err}
}
