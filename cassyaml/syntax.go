package cassyaml

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"

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
// above); the message is yaml.v3's.
func yamlError(name string, src []byte, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else if rest, ok := bytes.CutPrefix([]byte(msg), []byte("yaml: ")); ok {
		msg = string(rest)
	}
	idx := newLineIndex(src)
	line = max(1, min(line, len(idx)))
	off := firstNonSpace(src, idx[line-1])
	if gl, gc, ok := goccyFault(src); ok && gl >= line {
		if at := idx.offset(src, gl, gc); at >= 0 {
			off = at
		} else if gl <= len(idx) {
			off = firstNonSpace(src, idx[gl-1])
		}
	}
	return &Error{Pos: srcpos.At(name, src, off), Msg: "found invalid YAML: " + msg, Err: err}
}

// firstNonSpace returns the offset of the first byte at or after off that
// is not a space.
func firstNonSpace(src []byte, off int) int {
	for off < len(src) && src[off] == ' ' {
		off++
	}
	return off
}

// goccyFault returns the line and column, from 1, of the syntax error
// goccy/go-yaml's parser finds in src, and false when it finds none (or
// fails in another way, a panic included).
func goccyFault(src []byte) (line, col int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, err := parser.ParseBytes(forParser(src), 0)
	var se *gyaml.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return 0, 0, false
	}
	p := se.Token.Position
	return p.Line, p.Column, p.Line >= 1 && p.Column >= 1
}
