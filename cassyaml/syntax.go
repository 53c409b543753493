package cassyaml

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	gyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/momoconf/momoconf/srcpos"
)

// yaml.v3 places a syntax error badly: it reports a line and no column,
// and for a fault inside a block mapping (a key indented one space too far)
// the line is where that mapping starts, hundreds of lines before the
// fault. The file is still parsed with yaml.v3 alone; only when it fails is
// it parsed a second time, with goccy/go-yaml's parser, to place the fault.
// That parser reports the line and column of the token it could not take.
// Measured on crafted faults, the later of the two places is the fault in
// each case: an indented key (a line of its own, or deep in the
// seed_provider block), a tab in the indentation, an unclosed quote, an
// unclosed flow sequence, a second ': ' on a line, a key indented less than
// its siblings. A parser can only notice a fault at or after it, so the
// earlier place is a context (yaml.v3's start of mapping) or a plain
// scalar that goccy let run on; the later one is kept, with its column.

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError converts a yaml.v3 error into an *Error at the fault (see
// above); the message is yaml.v3's. When yaml.v3 stops inside a quoted
// scalar that spans lines, or on the line where it ends, the quote that
// opened it is named as the fault: a quote left open runs on until the
// next quote of its kind, often in a comment far below, and yaml.v3 stops
// only there.
func yamlError(name string, src []byte, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else if rest, ok := bytes.CutPrefix([]byte(msg), []byte("yaml: ")); ok {
		msg = string(rest)
	}
	if off, ok := badCharacter(src); ok && (strings.Contains(msg, "not allowed") || strings.Contains(msg, "UTF-8")) {
		// yaml.v3 names no line for a character the reader refuses.
		return &Error{Pos: srcpos.At(name, src, off), Msg: "found invalid YAML: " + msg, Err: err}
	}
	idx := newLineIndex(src)
	line = max(1, min(line, len(idx)))
	quotes := shapeOf(src).quotes
	q, ok := quoteAround(quotes, idx, line)
	off := q.start
	if !ok {
		off = firstNonSpace(src, idx[line-1])
		if gl, gc, ok := goccyFault(src, idx, line); ok && gl >= line {
			if at := idx.offset(src, gl, gc); at >= 0 {
				off = at
			} else if gl <= len(idx) {
				off = firstNonSpace(src, idx[gl-1])
			}
		}
		q, ok = quoteAt(quotes, off)
	}
	if ok {
		return &Error{Pos: srcpos.At(name, src, off), Err: err, Msg: fmt.Sprintf(
			"found invalid YAML: %s, in a quoted scalar that opens here and runs on %s (expected its closing quote on this line)",
			msg, q.runsTo(idx))}
	}
	return &Error{Pos: srcpos.At(name, src, off), Msg: "found invalid YAML: " + msg, Err: err}
}

// badCharacter returns the offset of the first character YAML does not
// allow in a file: a control character other than tab and the line
// breaks, DEL, a C1 control other than NEL, or a byte that is not UTF-8.
func badCharacter(src []byte) (int, bool) {
	for off := 0; off < len(src); {
		r, size := utf8.DecodeRune(src[off:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return off, true
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85:
			return off, true
		}
		off += size
	}
	return 0, false
}

// quoteAround returns the quoted scalar that spans lines and holds line
// (from 1): it was never closed and opens on line or before, or it was
// closed and line is one of its lines after the first.
func quoteAround(quotes []quoted, idx lineIndex, line int) (quoted, bool) {
	for _, q := range quotes {
		first := idx.lineOf(q.start)
		switch {
		case !q.closed && first <= line:
			return q, true
		case q.closed && first < line && line <= idx.lineOf(q.end-1):
			return q, true
		}
	}
	return quoted{}, false
}

// quoteAt returns the quoted scalar that spans lines and opens at offset
// off.
func quoteAt(quotes []quoted, off int) (quoted, bool) {
	for _, q := range quotes {
		if q.start == off {
			return q, true
		}
	}
	return quoted{}, false
}

// runsTo says where a quoted scalar ends: "to line N" or "to the end of
// the file".
func (q quoted) runsTo(idx lineIndex) string {
	if !q.closed {
		return "to the end of the file"
	}
	return fmt.Sprintf("to line %d", idx.lineOf(q.end-1))
}

// firstNonSpace returns the offset of the first byte at or after off that
// is not a space.
func firstNonSpace(src []byte, off int) int {
	for off < len(src) && src[off] == ' ' {
		off++
	}
	return off
}

// goccyContent is how many bytes of content (lines that are not comments)
// goccyFault gives goccy/go-yaml's parser at most: the parser costs some
// 600 bytes of memory per byte of dense input (flow collections), and
// more than linear time on long flow sequences, so it reads a window of
// the file. A real cassandra.yaml holds 3-5 KB of content.
const goccyContent = 16 << 10

// goccyFault returns the line and column, from 1, of the syntax error
// goccy/go-yaml's parser finds in src, and false when it finds none (or
// fails in another way, a panic included). yaml.v3 stopped at line (from
// 1), which is at or before the fault. The parser reads a window of src:
// from the last top-level key at or before line, for goccyContent bytes of
// content, with its comment lines cut to their "#" (so they cost little);
// a fault
// on the window's last line, when the window ends before src does, is no
// fault (it may be one only of the cut).
func goccyFault(src []byte, idx lineIndex, line int) (gl, gc int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	first := line
	for first > 1 && !topKey(src, idx[first-1]) {
		first--
	}
	win, lines, cut := window(src, idx, first)
	_, err := parser.ParseBytes(forParser(win), 0)
	var se *gyaml.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return 0, 0, false
	}
	p := se.Token.Position
	if p.Line < 1 || p.Column < 1 || (cut && p.Line >= lines) {
		return 0, 0, false
	}
	return first + p.Line - 1, p.Column, true
}

// topKey reports whether the line starting at off may start a key of the
// top mapping: it starts with a byte that is not a blank, a comment, a
// sequence entry, a directive or a line break.
func topKey(src []byte, off int) bool {
	if off >= len(src) {
		return false
	}
	switch src[off] {
	case ' ', '\t', '#', '-', '%', '\n', '\r', '.':
		return false
	}
	return true
}

// window returns the lines of src from line first (from 1) on, up to
// goccyContent bytes of content (cutting a longer line), with every
// comment line cut to its "#" (a comment still ends a plain scalar); how
// many lines it holds; and whether it ends before src does.
func window(src []byte, idx lineIndex, first int) (win []byte, lines int, cut bool) {
	content := 0
	for l := first; l <= len(idx); l++ {
		start, end := idx[l-1], len(src)
		if l < len(idx) {
			end = idx[l]
		}
		lines++
		if at := firstNonSpace(src, start); at < end && src[at] == '#' {
			win = append(append(win, src[start:at+1]...), src[lineEnd(src, start, end):end]...)
			continue
		}
		if end-start > goccyContent-content {
			return append(win, src[start:start+goccyContent-content]...), lines, true
		}
		win = append(win, src[start:end]...)
		if content += end - start; content >= goccyContent && l < len(idx) {
			return win, lines, true
		}
	}
	return win, lines, false
}

// lineEnd returns where the line break of the line from start to end
// begins (end when it has none).
func lineEnd(src []byte, start, end int) int {
	for start < end && breakLen(src, start) == 0 {
		start++
	}
	return start
}
