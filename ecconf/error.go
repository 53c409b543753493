package ecconf

import (
	"errors"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Sentinel errors, wrapped by the *Error a verb returns, for callers that
// act on the kind of failure with errors.Is.
var (
	// ErrNoScope means the scope a verb edits is not in the file; the
	// verb's *Error wraps it then.
	ErrNoScope = errors.New("ecconf: scope not found")
	// ErrNoOption means the option a verb edits is not in its scope; the
	// verb's *Error wraps it then.
	ErrNoOption = errors.New("ecconf: option not found")
)

// Error is a problem at a place in an ecelerity file: a syntax error, or an
// edit the file's shape does not allow. It reads "name:line:col: what was
// found (expected what)". It is this package's own type, so errors.As with
// a *Error tells an ecelerity error from one of another format.
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

// errorf returns an *Error at byte offset of src; a %w verb in format sets
// the underlying error.
func errorf(name string, src []byte, offset int, format string, args ...any) *Error {
	return (*Error)(source.Errorf(name, src, offset, format, args...))
}
