package cassyaml

import (
	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Error is a problem at a position in a cassandra.yaml: a YAML syntax error,
// a file whose shape is not a cassandra.yaml, a key or value that cannot be
// written, or an edit the file does not allow. Its message reads
// "name:line:col: what was found (expected what)". It is this package's own
// type, so errors.As with a *Error tells a cassyaml error from one of
// another format; [srcpos.Find] gives the place of any. Every error this
// package returns is an *Error.
type Error struct {
	Pos srcpos.Position // where the problem is
	Msg string          // what was found and what was expected
	Err error           // the underlying error, if any: a sentinel, or the parser's
}

// Error returns the position followed by the message.
func (e *Error) Error() string { return (*source.Error)(e).Error() }

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Position returns where the problem is.
func (e *Error) Position() srcpos.Position { return e.Pos }

// errorAt returns an *Error at byte offset of src, a file named name. A %w
// verb in format sets the underlying error.
func errorAt(name string, src []byte, offset int, format string, args ...any) *Error {
	return (*Error)(source.Errorf(name, src, offset, format, args...))
}

// wrap sets err, a sentinel, as the underlying error of e, without adding
// its text to the message, and returns e.
func (e *Error) wrap(err error) *Error {
	e.Err = err
	return e
}
