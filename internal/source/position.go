package source

import "github.com/momoconf/momoconf/srcpos"

// Position is a place in a named file; see [srcpos.Position].
type Position = srcpos.Position

// PositionAt returns the position of byte offset in src; see [srcpos.At].
func PositionAt(name string, src []byte, offset int) Position {
	return srcpos.At(name, src, offset)
}
