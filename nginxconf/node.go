package nginxconf

import "strings"

// node is one directive: a name and arguments (words[0] is the name), ended
// by ";" or by a block. Offsets point into the text the node was parsed from.
type node struct {
	words    []token
	start    int // start of the name
	end      int // just past the ";" or the closing "}"
	term     int // offset of the ";" or the "{"
	block    bool
	close    int // offset of the closing "}" of a block
	lua      bool
	children []*node
}

// clone returns a copy of n and of everything under it.
func (n *node) clone() *node {
	c := *n
	c.words = append([]token(nil), n.words...)
	c.children = make([]*node, len(n.children))
	for i, ch := range n.children {
		c.children[i] = ch.clone()
	}
	return &c
}

// name returns the directive's name, unquoted.
func (n *node) name(src []byte) string { return wordValue(src, n.words[0]) }

// nameBytes returns the name's value, without a copy when it is a bare
// word with no escape.
func (n *node) nameBytes(src []byte) []byte { return wordBytes(src, n.words[0]) }

// wordBytes returns the value of word w, without a copy when it is a bare
// word with no escape.
func wordBytes(src []byte, w token) []byte {
	if w.quote == 0 && !containsByte(src[w.start:w.end], '\\') {
		return src[w.start:w.end]
	}
	return []byte(wordValue(src, w))
}

// isNamed reports whether the directive's name is name, without allocating
// for a bare name.
func (n *node) isNamed(src []byte, name string) bool {
	return string(n.nameBytes(src)) == name
}

// args returns the values of the arguments.
func (n *node) args(src []byte) []string {
	out := make([]string, 0, len(n.words)-1)
	for _, w := range n.words[1:] {
		out = append(out, wordValue(src, w))
	}
	return out
}

// wordValue returns the value nginx reads from a word: quotes removed,
// \" \' \\ unescaped, \t \r \n turned into the control byte; any other
// backslash is kept.
func wordValue(src []byte, w token) string {
	raw := src[w.start:w.end]
	if w.quote != 0 {
		raw = raw[1 : len(raw)-1]
	}
	if !containsByte(raw, '\\') {
		return string(raw)
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\\' && i+1 < len(raw) {
			if e, ok := escape(raw[i+1]); ok {
				b.WriteByte(e)
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func escape(c byte) (byte, bool) {
	switch c {
	case '"', '\'', '\\':
		return c, true
	case 't':
		return '\t', true
	case 'r':
		return '\r', true
	case 'n':
		return '\n', true
	}
	return 0, false
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}
