package nginxconf

import (
	"errors"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// ErrNoUpstream means the upstream block a verb edits is not in the file;
// the verb's *Error wraps it then. Test for it with errors.Is.
var ErrNoUpstream = errors.New("nginxconf: upstream not found")

// Error is a syntax error, or an edit the file does not allow, at a place
// in an nginx file: its message reads "name:line:col: what was found
// (expected what)". Every error this package returns is an *Error; it is
// this package's own type, so errors.As with a *Error tells an nginx error
// from one of another format.
type Error struct {
	Pos srcpos.Position
	Msg string
	Err error // the underlying error, if any
}

// Error returns the position followed by the message.
func (e *Error) Error() string { return (*source.Error)(e).Error() }

// Position returns where the error is.
func (e *Error) Position() srcpos.Position { return e.Pos }

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }
