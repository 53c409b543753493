package nginxconf

import (
	"github.com/momoconf/momoconf/internal/source"
)

// target returns the one upstream block an edit applies to. It is an error
// when there is none, or when two blocks share the name (nginx allows that
// only across http {} and stream {}, and then an edit would be a guess).
func (f *File) target(name string) (*node, error) {
	var found *node
	for _, n := range f.upstreams {
		if !source.EqualFoldASCII(wordBytes(f.t.src, n.words[1]), name) {
			continue
		}
		if found != nil {
			return nil, f.t.errorf(n.start, "found a second upstream %q, the first at %s (expected one to edit)", name, f.t.lineCol(found.start))
		}
		found = n
	}
	if found == nil {
		e := f.t.errorf(len(f.t.src), "found no upstream %q in the file (expected one)", name)
		e.Err = ErrNoUpstream
		return nil, e
	}
	return found, nil
}

// checkAddr refuses an address that cannot be written as one bare word. The
// error points at the address of the upstream's last server line, where
// the new one would go and which it would be cloned from, or at the
// upstream's name when it has no server.
func (f *File) checkAddr(up *node, address string) error {
	if validAddr(address) {
		return nil
	}
	at := up.words[1].start
	if servers := serverNodes(f.t.src, up); len(servers) > 0 {
		at = servers[len(servers)-1].words[1].start
	}
	return f.t.errorf(at, "found %q as a server address for upstream %s (expected host, host:port, [ipv6]:port, unix:path, or one with a ${VAR} template variable)",
		address, upstreamName(f.t.src, up))
}
