// Package srcpos names places in configuration files: a [Position] prints
// as name:line:col, and a [Positioned] error points at one.
//
// Every error the format packages (ecconf, nginxconf, jsonconf, cassyaml)
// return about a file's content is a Positioned error: a caller gets the
// place with [Find], or tells the formats apart with errors.As on each
// package's own Error type. So are the momoconf library's refusals that
// know the entry they are about (an mta_id taken, peers that disagree on
// an address, an address needed to remove a node), their messages as
// they were.
package srcpos

import (
	"bytes"
	"errors"
	"fmt"
)

// Position is a place in a named file. Line and Column count from 1;
// Column counts bytes, as go/token does. Offset counts bytes from 0.
//
// Position is the one shape of a place in every output: errors, warnings
// and JSON. Its JSON is {"file", "line", "column"}, each left out when
// unknown (empty or 0), so a place is spelt the same way wherever a tool
// reads it. Offset is not in the JSON: it indexes the bytes a parser was
// given, which a reader of the output does not hold (a planned content,
// a file since changed), and an editor or a person goes to a line and
// column; in the program it serves to splice.
type Position struct {
	Filename string `json:"file,omitempty"`   // the file, as the caller named it; "" for none
	Offset   int    `json:"-"`                // byte offset from 0; not in JSON
	Line     int    `json:"line,omitempty"`   // from 1; 0 when unknown
	Column   int    `json:"column,omitempty"` // from 1, in bytes; 0 when unknown
}

// String returns "name:line:col", or "line:col" when the file has no name.
func (p Position) String() string {
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// IsValid reports whether the position names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// At returns the position of byte offset in src, a file named name. An
// offset past the end of src is clamped to the end, so the position of end
// of file is valid.
func At(name string, src []byte, offset int) Position {
	offset = max(0, min(offset, len(src)))
	before := src[:offset]
	line := 1 + bytes.Count(before, []byte{'\n'})
	col := offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return Position{Filename: name, Offset: offset, Line: line, Column: col}
}

// Positioned is an error that points at a place in a file.
type Positioned interface {
	error
	Position() Position
}

// Find returns the position of the first Positioned error in err's chain,
// and whether that position names a line (a Positioned error without one
// gives false; the chain is not searched further).
func Find(err error) (Position, bool) {
	var p Positioned
	if errors.As(err, &p) && p.Position().IsValid() {
		return p.Position(), true
	}
	return Position{}, false
}
