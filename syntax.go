package momoconf

import (
	"fmt"

	"github.com/momoconf/momoconf/filekind"
)

// CheckKind parses src, the content of the file name, as a file of kind k
// reads it: with its format's parser, then as momoconf reads its lists. It
// returns the first fault, positioned where the parser can tell, or nil.
func CheckKind(name string, src []byte, k filekind.Kind) error {
	s := specOf(k)
	if s == nil {
		return fmt.Errorf("%s: unknown file kind", name)
	}
	_, _, err := parseContent(s, name, src)
	return err
}
