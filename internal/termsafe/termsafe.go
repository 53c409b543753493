// Package termsafe writes text from files another account may have
// written so that a terminal shows it and acts on none of it: every
// control character but newline and tab (escape sequences, bell, a
// carriage return that would overwrite a line), DEL and the C1 controls
// become \u00XX, and a byte that is not UTF-8 becomes \xNN.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Acts reports whether a terminal acts on r rather than showing it: a
// control character other than newline and tab, DEL, or a C1 control.
func Acts(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f
}

// String returns s with each rune a terminal acts on written as \u00XX,
// and each byte that is not UTF-8 as \xNN; s itself when it has none.
func String(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || Acts(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case Acts(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
