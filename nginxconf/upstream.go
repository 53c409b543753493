package nginxconf

import (
	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Upstream is a view of one `upstream NAME { ... }` block. It describes the
// file as it was when the view was made; after an edit, ask the File again.
type Upstream struct {
	Name string          // the block's name, unquoted
	Pos  srcpos.Position // position of the word "upstream"

	t *text
	n *node
}

// Server is one active `server` line of an upstream (a commented-out
// `#server` line is not one).
type Server struct {
	Address string          // as written, unquoted: "node1.example.com:2081", "10.0.0.1", "unix:/tmp/x"
	Host    string          // the address without its port: "::1" for "[::1]:80", the whole "unix:/tmp/x" for a socket
	Port    string          // "" when the address has none
	Params  []string        // the parameters after the address, in order: "weight=5", "backup"
	Pos     srcpos.Position // position of the word "server"
}

// Directive is one directive inside a block, other than a server line:
// least_conn, keepalive 16, hash $remote_addr consistent, zone ...
type Directive struct {
	Name  string          // unquoted
	Args  []string        // unquoted, in order
	Block bool            // whether it has a { } block
	Pos   srcpos.Position // position of the name
}

// Upstreams returns every upstream block of the file, at any depth (top
// level, inside http {} or stream {}), in file order.
func (f *File) Upstreams() []*Upstream {
	out := make([]*Upstream, 0, len(f.upstreams))
	for _, n := range f.upstreams {
		out = append(out, f.view(n))
	}
	return out
}

// Upstream returns the first upstream block whose name equals name, ASCII
// case-insensitively as nginx compares them, or nil if there is none.
func (f *File) Upstream(name string) *Upstream {
	if n := f.findUpstream(name); n != nil {
		return f.view(n)
	}
	return nil
}

func (f *File) findUpstream(name string) *node {
	for _, n := range f.upstreams {
		if source.EqualFoldASCII(wordBytes(f.t.src, n.words[1]), name) {
			return n
		}
	}
	return nil
}

// view returns a view of upstream n. It holds a copy of n, as an edit
// moves the offsets of the tree in place.
func (f *File) view(n *node) *Upstream {
	return &Upstream{Name: upstreamName(f.t.src, n), Pos: f.t.pos(n.start), t: f.t, n: n.clone()}
}

func upstreamName(src []byte, n *node) string { return wordValue(src, n.words[1]) }

// Servers returns the upstream's active server lines, in order.
func (u *Upstream) Servers() []Server {
	var out []Server
	for _, n := range serverNodes(u.t.src, u.n) {
		out = append(out, u.server(n))
	}
	return out
}

func (u *Upstream) server(n *node) Server {
	args := n.args(u.t.src)
	a := splitAddr(args[0])
	return Server{Address: args[0], Host: a.host, Port: a.port, Params: args[1:], Pos: u.t.pos(n.start)}
}

// Options returns the upstream's directives other than server lines
// (least_conn, keepalive, hash, zone, ...), in order.
func (u *Upstream) Options() []Directive {
	var out []Directive
	for _, n := range u.n.children {
		if isServer(u.t.src, n) {
			continue
		}
		out = append(out, Directive{Name: n.name(u.t.src), Args: n.args(u.t.src), Block: n.block, Pos: u.t.pos(n.start)})
	}
	return out
}

func isServer(src []byte, n *node) bool {
	return !n.block && n.isNamed(src, "server")
}

// serverNodes returns the server directives of an upstream block.
func serverNodes(src []byte, up *node) []*node {
	var out []*node
	for _, n := range up.children {
		if isServer(src, n) {
			out = append(out, n)
		}
	}
	return out
}
