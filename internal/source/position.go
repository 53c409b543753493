package source

import (
	"bytes"
	"fmt"
)

// Position is a place in a named file. Line and Column count from 1;
// Column counts bytes, as go/token does.
type Position struct {
	Filename string
	Offset   int // byte offset, from 0
	Line     int
	Column   int
}

// String returns "name:line:col", or "line:col" when the file has no name.
func (p Position) String() string {
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// PositionAt returns the position of byte offset in src. An offset past the
// end of src is clamped to the end, so the position of end of file is valid.
func PositionAt(name string, src []byte, offset int) Position {
	offset = max(0, min(offset, len(src)))
	before := src[:offset]
	line := 1 + bytes.Count(before, []byte{'\n'})
	col := offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return Position{Filename: name, Offset: offset, Line: line, Column: col}
}
