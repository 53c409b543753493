package nginxcheck

import "github.com/momoconf/momoconf/srcpos"

// Error is nginx's refusal of a line of a candidate file, placed in the
// real file.
type Error struct {
	Pos   srcpos.Position
	Level string // nginx's level: emerg, alert, crit, error or warn
	Msg   string // nginx's message, without the temporary file's name
}

// Error returns "name:line:col: nginx -t: message".
func (e *Error) Error() string { return e.Pos.String() + ": nginx -t: " + e.Msg }

// Position returns the place nginx pointed at.
func (e *Error) Position() srcpos.Position { return e.Pos }

var _ srcpos.Positioned = (*Error)(nil)
