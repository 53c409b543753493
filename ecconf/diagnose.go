package ecconf

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
)

var closerOf = map[string]string{"{": "}", "(": ")", "[": "]"}

var containerOf = map[string]string{"{": "scope", "(": "list", "[": "hash"}

// checker finds the first fault of a file that failed to parse. Participle
// reports the furthest point any alternative reached, which can be many
// lines past the first thing wrong. checker walks the tokens once more,
// every "=" a token of its own, by the same grammar
//
//	file  = stmt* EOF
//	stmt  = Word ( "=" value | scalar? "{" stmt* "}" | scalar )
//	value = scalar | "(" (value ","?)* ")" | "[" (scalar "=" value ","?)* "]"
//
// and stops at the first token that cannot continue a valid file. A
// directive "name argument" is grammatical whatever the name, as it is to
// ecelerity, which reports the first fault after it; only include and
// readonly_include are known directives, so when the grammar holds, the
// first directive of another name is the fault. It runs only on error,
// once.
type checker struct {
	toks []lexer.Token
	i    int

	dirEnd   int            // index of the token after the last directive
	dir      [2]lexer.Token // its name and argument
	firstDir *fault         // the first directive that is not an include
}

// fault is the first thing wrong: the offset to report, the message, and
// the index of the token found there.
type fault struct {
	at  int
	msg string
	tok int
}

func (c *checker) peek() lexer.Token { return c.toks[c.i] }

func (c *checker) next() lexer.Token {
	t := c.toks[c.i]
	if c.i < len(c.toks)-1 {
		c.i++
	}
	return t
}

// fault returns the first fault of the file, or nil. cut tells that the
// tokens stop at a lexing error, so the EOF token ending them is not the
// file's end and meeting it is no fault.
func (c *checker) fault(cut bool) *fault {
	c.dirEnd = -1
	if f := c.file(); f != nil && !(cut && f.tok == len(c.toks)-1) {
		return f
	}
	return c.firstDir
}

func (c *checker) found(t lexer.Token, expected string) *fault {
	if c.i == c.dirEnd {
		return c.afterDirective(t)
	}
	return &fault{at: t.Pos.Offset, msg: "found " + describe(t) + " (expected " + expected + ")", tok: c.i}
}

func isPunct1(t lexer.Token, s string) bool { return t.Type == tokPunct && t.Value == s }

func isCloser(t lexer.Token) bool {
	return isPunct1(t, "}") || isPunct1(t, ")") || isPunct1(t, "]")
}

// closing says which bracket closes the container opened by open.
func closing(open lexer.Token) string {
	return fmt.Sprintf("%q closing the %s opened at %d:%d", closerOf[open.Value], containerOf[open.Value], open.Pos.Line, open.Pos.Column)
}

func (c *checker) file() *fault {
	for t := c.peek(); !t.EOF(); t = c.peek() {
		if t.Type != tokWord {
			what := "an option or scope name"
			if isCloser(t) {
				what += "; no " + containerFor(t.Value) + " is open"
			}
			return c.found(t, what)
		}
		if f := c.stmt(); f != nil {
			return f
		}
	}
	return nil
}

// body checks the statements of a scope after its "{".
func (c *checker) body(open lexer.Token) *fault {
	for {
		t := c.peek()
		if isPunct1(t, "}") {
			c.next()
			return nil
		}
		if t.Type != tokWord {
			return c.found(t, "an option or scope name, or "+closing(open))
		}
		if f := c.stmt(); f != nil {
			return f
		}
	}
}

func (c *checker) stmt() *fault {
	name := c.next()
	t := c.peek()
	switch {
	case isPunct1(t, "="):
		c.next()
		return c.value()
	case isPunct1(t, "{"):
		return c.body(c.next())
	case isScalarTok(t):
		return c.afterArg(name, c.next())
	case isInclude(name.Value):
		return c.found(t, "a quoted path after "+quoteName(name.Value))
	}
	return c.found(t, "\"=\" or \"{\" after "+quoteName(name.Value))
}

// afterArg checks what follows "name arg": the "{" of a named scope, or
// nothing (a directive).
func (c *checker) afterArg(name, arg lexer.Token) *fault {
	if isPunct1(c.peek(), "{") {
		return c.body(c.next())
	}
	c.dirEnd, c.dir = c.i, [2]lexer.Token{name, arg}
	if c.firstDir == nil && !isInclude(name.Value) {
		c.firstDir = c.afterDirective(c.peek())
	}
	return nil
}

// afterDirective reports t, which follows a directive "name arg" that is
// not an include: it expected the "{" of a named scope there.
func (c *checker) afterDirective(t lexer.Token) *fault {
	name, arg := c.dir[0], c.dir[1]
	if isPunct1(t, "=") {
		// "name\nother = v": name lacks its value, and other was read as
		// its argument.
		msg := fmt.Sprintf("found %s followed by %s (expected \"=\" or \"{\" after %s)", describe(name), describe(arg), describe(name))
		return &fault{at: name.Pos.Offset, msg: msg, tok: c.i}
	}
	return &fault{at: t.Pos.Offset, msg: "found " + describe(t) + " (expected \"{\" after " + quoteName(name.Value+" "+arg.Value) + ")", tok: c.i}
}

// value checks the value after an "=".
func (c *checker) value() *fault {
	t := c.peek()
	switch {
	case isScalarTok(t):
		c.next()
		return nil
	case isPunct1(t, "("):
		return c.list(c.next())
	case isPunct1(t, "["):
		return c.hash(c.next())
	}
	return c.found(t, "a value after \"=\"")
}

func (c *checker) list(open lexer.Token) *fault {
	for {
		t := c.peek()
		switch {
		case isPunct1(t, ")"):
			c.next()
			return nil
		case isScalarTok(t) || isPunct1(t, "(") || isPunct1(t, "["):
			if f := c.value(); f != nil {
				return f
			}
			c.comma()
		default:
			return c.found(t, "a list element or "+closing(open))
		}
	}
}

func (c *checker) hash(open lexer.Token) *fault {
	for {
		t := c.peek()
		if isPunct1(t, "]") {
			c.next()
			return nil
		}
		if !isScalarTok(t) {
			return c.found(t, "a hash key or "+closing(open))
		}
		c.next()
		if eq := c.peek(); !isPunct1(eq, "=") {
			return c.found(eq, "\"=\" after the hash key")
		}
		c.next()
		if f := c.value(); f != nil {
			return f
		}
		c.comma()
	}
}

func (c *checker) comma() {
	if isPunct1(c.peek(), ",") {
		c.next()
	}
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
