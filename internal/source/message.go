package source

import "fmt"

// Message formats an error message the way Errorf does and returns it with
// the error a %w verb in format wrapped (nil without one). Format packages
// use it to fill in their own exported error types, which carry a
// [Position], the message and the wrapped error.
func Message(format string, args ...any) (msg string, wrapped error) {
	e := fmt.Errorf(format, args...)
	if u, ok := e.(interface{ Unwrap() error }); ok {
		wrapped = u.Unwrap()
	}
	return e.Error(), wrapped
}
