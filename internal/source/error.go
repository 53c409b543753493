package source

import "fmt"

// Error is a problem at a position in a file: a syntax error, or an edit that
// the file's shape does not allow. Its message reads
// "name:line:col: what was found (expected what)".
//
// Callers are not meant to see this type: each format package declares
// its own Error with the same fields (Pos is a srcpos.Position), so that
// errors.As tells the formats apart, and converts a *source.Error built by
// Errorf into it; its methods call these through the same conversion.
type Error struct {
	Pos Position
	Msg string
	Err error // the underlying error, if any (a library's own error)
}

// Error returns the position followed by the message.
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Msg
}

// Position returns where the error is.
func (e *Error) Position() Position { return e.Pos }

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error at byte offset of src, named name, with a
// formatted message. A %w verb in format sets the underlying error.
func Errorf(name string, src []byte, offset int, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Pos: PositionAt(name, src, offset), Msg: wrapped.Error()}
	if u, ok := wrapped.(interface{ Unwrap() error }); ok {
		e.Err = u.Unwrap()
	}
	return e
}
