package main

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/momoconf/momoconf/internal/termsafe"
)

// terminalSafe passes text to w with every control character but newline,
// tab and the carriage return of a CRLF line end (a diff of a CRLF file
// must still apply) written as an escape, so that bytes from a host tree (a member's
// name, a spool folder, a file's content in a diff) cannot move the
// cursor, clear the screen, retitle the window or hide a line of what the
// operator reads: a control character or DEL becomes \u00XX (which JSON
// reads as the same character, so JSON output stays valid), and a byte
// that is not UTF-8 becomes \xNN. A rune split across writes is held
// until it is whole; flush writes what is held.
type terminalSafe struct {
	w    io.Writer
	held []byte
}

func newTerminalSafe(w io.Writer) *terminalSafe { return &terminalSafe{w: w} }

// Write escapes p as the type says and reports p as written whole when
// w took the escaped text.
func (t *terminalSafe) Write(p []byte) (int, error) {
	in := p
	if len(t.held) > 0 {
		in = append(t.held, p...)
		t.held = nil
	}
	out := make([]byte, 0, len(in))
	for len(in) > 0 {
		r, size := utf8.DecodeRune(in)
		switch {
		case r == utf8.RuneError && size <= 1 && !utf8.FullRune(in):
			t.held = append(t.held, in...)
			in = nil
			continue
		case r == utf8.RuneError && size <= 1:
			out = fmt.Appendf(out, `\x%02x`, in[0])
		case r == '\r' && len(in) == 1:
			t.held = append(t.held, '\r') // a line end, if a newline follows
			in = nil
			continue
		case r == '\n' || r == '\t' || (r == '\r' && in[1] == '\n'):
			out = append(out, byte(r))
		case termsafe.Acts(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, in[:size]...)
		}
		in = in[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// flush writes what is held back, escaped: the bytes of an unfinished
// rune, or a carriage return no newline followed.
func (t *terminalSafe) flush() {
	held := t.held
	t.held = nil
	var out []byte
	for _, b := range held {
		if b == '\r' {
			out = append(out, `\u000d`...)
			continue
		}
		out = fmt.Appendf(out, `\x%02x`, b)
	}
	if len(out) > 0 {
		_, _ = t.w.Write(out)
	}
}
