package nginxcheck

import (
	"bytes"
	"net/netip"
	"regexp"
)

// serverRE matches a server directive's address at the start of a line or
// after a ';', '{' or '}': group 1 is what precedes the address, group 2 a
// host name (no brackets, colon or slash; the port, if any, follows).
var serverRE = regexp.MustCompile(`((?:^|[;{}])[ \t]*server[ \t]+)([A-Za-z0-9_.-]+)`)

// localHosts returns src with the host of every server address that is
// not an IP address (nor a unix: socket) replaced by 127.0.0.1, comments
// left alone. Line
// breaks are kept, so line numbers do not move. A server block ("server
// {") is not an address and is left alone.
func localHosts(src []byte) []byte {
	lines := bytes.SplitAfter(src, []byte("\n"))
	for i, line := range lines {
		code, comment := splitComment(line)
		code = serverRE.ReplaceAllFunc(code, func(m []byte) []byte {
			sub := serverRE.FindSubmatch(m)
			if isIP(string(sub[2])) || string(sub[2]) == "unix" {
				return m
			}
			return append(append([]byte{}, sub[1]...), "127.0.0.1"...)
		})
		lines[i] = append(code, comment...)
	}
	return bytes.Join(lines, nil)
}

// splitComment splits line at its first '#' outside quotes.
func splitComment(line []byte) (code, comment []byte) {
	var quote byte
	for i, c := range line {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return append([]byte{}, line[:i]...), line[i:]
		}
	}
	return append([]byte{}, line...), nil
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
