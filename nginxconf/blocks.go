package nginxconf

import "strings"

// needsBlock reports whether a directive named name, in a block named
// parent (nil at the top of the file), must have a { } block, so that
// nginx refuses it ended by ";" ("directive ... has no opening {"). server
// is a block in http, stream and mail, and a plain line in an upstream; at
// the top of a file, which may be included inside an upstream, it is not
// checked.
func needsBlock(name, parent []byte) bool {
	switch string(name) {
	case "http", "events", "stream", "mail", "location", "upstream", "if", "map", "geo",
		"types", "limit_except", "split_clients", "charset_map":
		return true
	case "server":
		p := string(parent)
		return p == "http" || p == "stream" || p == "mail"
	}
	return isLuaBlock(name)
}

// directiveText returns directive n as nginx reads it, for a message: its
// name and arguments, unquoted and joined by a space, cut at 60 bytes.
func directiveText(src []byte, n *node) string {
	var b strings.Builder
	for i, w := range n.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(wordValue(src, w))
		if b.Len() > 60 {
			return b.String()[:60] + "..."
		}
	}
	return b.String()
}
