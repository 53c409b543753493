package ecconf

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
)

var closerOf = map[string]string{"{": "}", "(": ")", "[": "]"}

var containerOf = map[string]string{"{": "scope", "(": "list", "[": "hash"}

// diagnose says what toks[i], where parsing stopped, is and what the
// grammar expected there, judging from the brackets open before it and the
// token before it, and returns the offset to report. It runs only on
// error, once.
func diagnose(toks []lexer.Token, i int) (int, string) {
	var stack []lexer.Token
	var prev, prev2 lexer.Token
	for _, t := range toks[:i] {
		switch {
		case closerOf[t.Value] != "" && t.Type == tokPunct:
			stack = append(stack, t)
		case len(stack) > 0 && t.Value == closerOf[stack[len(stack)-1].Value]:
			stack = stack[:len(stack)-1]
		}
		prev2, prev = prev, t
	}
	t := toks[i]
	if t.Value == "=" && t.Type == tokPunct && isScalarTok(prev) && prev2.Type == tokWord && (len(stack) == 0 || stack[len(stack)-1].Value == "{") {
		// "name\nother = v": name was taken as a directive "name other".
		return prev2.Pos.Offset, fmt.Sprintf("found %s followed by %s (expected \"=\" or \"{\" after %s)", describe(prev2), describe(prev), describe(prev2))
	}
	return t.Pos.Offset, "found " + describe(t) + " (expected " + expectation(t, stack, prev, prev2) + ")"
}

func expectation(t lexer.Token, stack []lexer.Token, prev, prev2 lexer.Token) string {
	if prev.Value == "=" && prev.Type == tokPunct {
		return "a value after \"=\""
	}
	var top lexer.Token
	if len(stack) > 0 {
		top = stack[len(stack)-1]
	}
	closing := ""
	if len(stack) > 0 {
		closing = fmt.Sprintf("%q closing the %s opened at %d:%d", closerOf[top.Value], containerOf[top.Value], top.Pos.Line, top.Pos.Column)
	}
	switch top.Value {
	case "(":
		return "a list element or " + closing
	case "[":
		if isScalarTok(prev) && !(prev2.Value == "=" && prev2.Type == tokPunct) && prev.Value != "[" {
			return "\"=\" after the hash key"
		}
		return "a hash key or " + closing
	case "{":
		return "an option or scope name, or " + closing
	}
	if t.Type == tokPunct && (t.Value == "}" || t.Value == ")" || t.Value == "]") {
		return "an option or scope name; no " + containerFor(t.Value) + " is open"
	}
	return "an option or scope name"
}

func containerFor(closer string) string {
	for open, c := range closerOf {
		if c == closer {
			return containerOf[open]
		}
	}
	return "block"
}

func isScalarTok(t lexer.Token) bool { return t.Type == tokWord || t.Type == tokString }
