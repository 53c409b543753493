package nginxconf

import (
	"net/netip"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// addr is a server address split into host and port.
type addr struct {
	host, port string
	unix       bool
}

// splitAddr splits a server address the way nginx reads it: "unix:PATH" is
// a socket path with no port, "[v6]:port" and "[v6]" lose their brackets,
// "host:port" splits at its only colon; anything else is a host alone.
func splitAddr(s string) addr {
	if strings.HasPrefix(s, "unix:") {
		return addr{host: s, unix: true}
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.Index(s, "]"); i > 0 {
			rest := s[i+1:]
			if p, ok := strings.CutPrefix(rest, ":"); ok {
				return addr{host: s[1:i], port: p}
			}
			if rest == "" {
				return addr{host: s[1:i]}
			}
		}
		return addr{host: s}
	}
	if strings.Count(s, ":") == 1 {
		h, p, _ := strings.Cut(s, ":")
		return addr{host: h, port: p}
	}
	return addr{host: s}
}

// sameHost reports whether two hosts name the same server: equal IP
// addresses, or names equal ASCII case-insensitively; socket paths must be
// equal byte for byte.
func (a addr) sameHost(b addr) bool {
	if a.unix || b.unix {
		return a.unix == b.unix && a.host == b.host
	}
	ia, errA := netip.ParseAddr(a.host)
	ib, errB := netip.ParseAddr(b.host)
	if errA == nil && errB == nil {
		return ia.Unmap() == ib.Unmap()
	}
	return source.EqualFoldASCII(a.host, b.host)
}

// samePort reports whether two ports are the same, an absent port counting
// as nginx's default, 80.
func (a addr) samePort(b addr) bool {
	return portOrDefault(a.port) == portOrDefault(b.port)
}

func portOrDefault(p string) string {
	if p == "" {
		return "80"
	}
	return p
}

// matches reports whether the server address s is one that want names:
// same host and, when want has a port (or is a socket), same port.
func (want addr) matches(s addr, anyPort bool) bool {
	if !want.sameHost(s) {
		return false
	}
	return want.unix || anyPort || want.samePort(s)
}

// validAddr reports whether s can be written as a bare server address: not
// empty, and free of bytes nginx would read as a separator, comment, quote
// or escape. A template variable, $NAME or ${NAME} (a file rendered by
// envsubst or a configuration tool), is allowed: Servers reports such
// addresses, so they can be added and removed too.
func validAddr(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '$' {
			n := templateVar(s[i:])
			if n == 0 {
				return false
			}
			i += n - 1
			continue
		}
		if c <= ' ' || c == 0x7f || strings.IndexByte(";{}#\"'\\", c) >= 0 {
			return false
		}
	}
	return true
}

// templateVar returns the length of the $NAME or ${NAME} at the start of
// s, NAME being letters, digits and "_", or 0 when there is none.
func templateVar(s string) int {
	braced := strings.HasPrefix(s, "${")
	i := 1
	if braced {
		i = 2
	}
	start := i
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	switch {
	case i == start:
		return 0
	case !braced:
		return i
	case i < len(s) && s[i] == '}':
		return i + 1
	}
	return 0
}

func isNameByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
