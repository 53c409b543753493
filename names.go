package momoconf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf/srcpos"
)

// maxListEntries bounds how many members one list may name. A real
// cluster's lists name tens of hosts, and the benchmarks thousands; a
// list of millions is a file planted to exhaust memory, since the model
// keeps several records for every entry.
const maxListEntries = 10000

// checkNames refuses a parsed content whose lists name a member in a way
// no host name or address is written, or name more members than
// maxListEntries. Member names reach the runbook's steps, commands an
// operator pastes into a root shell, and the status printed to a
// terminal: a name that is not made of the characters of host names and
// addresses (letters, digits, '.', '-' but not first, '_', and ':', '[',
// ']', '%' for IPv6 addresses, '/' for a socket path) could carry a
// command, an option or a terminal escape. The error names the file, the place (when the format
// tells it) and the name, quoted.
func checkNames(name string, src []byte, v content, lists []memberList) error {
	if c, ok := v.(*cassandraFile); ok {
		if a := c.listenAddress(); unsafeNameByte(a) >= 0 {
			i := unsafeNameByte(a)
			e := entry{name: a, pos: srcpos.Position{Line: keyLine(src, "listen_address:")}}
			return placedAt(name, src, e, fmt.Sprintf("listen_address: %s is not a host name or an address (byte %s at %d); nothing read from this file",
				strconv.QuoteToASCII(a), strconv.QuoteToASCII(a[i:i+1]), i+1))
		}
	}
	for _, l := range lists {
		if len(l.entries) > maxListEntries {
			return placedAt(name, src, l.entries[maxListEntries], fmt.Sprintf("%s names %d members, more than the %d momoconf reads in one list", l.field, len(l.entries), maxListEntries))
		}
		for _, e := range l.entries {
			for _, s := range []string{e.name, e.addr} {
				if i := unsafeNameByte(s); i >= 0 {
					return placedAt(name, src, e, fmt.Sprintf("%s: %s is not a host name or an address (byte %s at %d); nothing read from this file",
						l.field, strconv.QuoteToASCII(s), strconv.QuoteToASCII(s[i:i+1]), i+1))
				}
			}
		}
	}
	return nil
}

// unsafeNameByte returns the index of the first byte of s that no host
// name or address holds, or -1. A leading '-' counts: no host name starts
// with one, and a command would take the name for an option.
func unsafeNameByte(s string) int {
	if strings.HasPrefix(s, "-") {
		return 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '-', c == '_', c == ':', c == '[', c == ']', c == '%', c == '/':
		default:
			return i
		}
	}
	return -1
}

// placedAt is the refusal msg about entry e of the file name: positioned
// at the entry when the format gave its place, else at the first place
// the entry's name (or, when it is written escaped, the quoted start of
// it) is in src, else at the file.
func placedAt(name string, src []byte, e entry, msg string) error {
	pos := e.pos
	if !pos.IsValid() && e.name != "" {
		if i := bytes.Index(src, []byte(e.name)); i >= 0 {
			pos = srcpos.At(name, src, i)
		} else if n := unsafeNameByte(e.name); n > 0 {
			// written escaped (JSON's \u001b): find the quoted start of it
			if i := bytes.Index(src, []byte(`"`+e.name[:n])); i >= 0 {
				pos = srcpos.At(name, src, i+1)
			}
		}
	}
	pos.Filename = name
	switch {
	case pos.Line > 0 && pos.Column > 0:
		return placed(fmt.Errorf("%s: %s", pos, msg), pos)
	case pos.Line > 0:
		return placed(fmt.Errorf("%s:%d: %s", name, pos.Line, msg), pos)
	}
	return fmt.Errorf("%s: %s", name, msg)
}
