package momoconf

import (
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/nginxconf"
)

// defaultUpstreamPort is the port of the click_proxy and momo-rest
// upstreams when a block lists no server to copy it from.
const defaultUpstreamPort = "2081"

var clickProxySpec = upstreamSpec(filekind.ClickProxy,
	upstreamList{block: "click_proxy", short: "CLICK", role: RolePlatform, port: defaultUpstreamPort}, RolePlatform)

var momoUpstreamSpec = upstreamSpec(filekind.MomoUpstream,
	upstreamList{block: "momo-rest", short: "MOMO", role: RolePlatform, port: defaultUpstreamPort}, RoleAnalytics)

// upstreamList is what an nginx file's upstream block lists: its name, a
// status column heading, the role of its servers and the port a new
// server gets when the block has none to copy it from.
type upstreamList struct {
	block, short string
	role         Role
	port         string
}

// upstreamSpec describes an nginx file whose upstream block lists the
// members of one role; host is the role of the hosts that hold it.
func upstreamSpec(k filekind.Kind, list upstreamList, host Role) *kindSpec {
	return &kindSpec{
		kind: k, host: host, edits: []Role{list.role},
		parse: func(file string, src []byte) (content, error) {
			f, err := nginxconf.Parse(file, src)
			if err != nil {
				return nil, err
			}
			return &upstreamFile{f: f, upstreamList: list}, nil
		},
	}
}

// upstreamFile is an nginx file whose upstream block lists the members of
// one role as server lines.
type upstreamFile struct {
	f *nginxconf.File
	upstreamList
}

// Bytes returns the file with the edits made so far.
func (u *upstreamFile) Bytes() []byte { return u.f.Bytes() }

// upstream returns the block the file holds: the one named for its kind
// or, in a file that holds a single upstream under another name, that one.
func (u *upstreamFile) upstream() (*nginxconf.Upstream, error) {
	if up := u.f.Upstream(u.block); up != nil {
		return up, nil
	}
	ups := u.f.Upstreams()
	if len(ups) == 1 {
		return ups[0], nil
	}
	return nil, fmt.Errorf("no upstream %s in the file (found %d other upstream blocks)", u.block, len(ups))
}

func (u *upstreamFile) lists() []memberList {
	l := memberList{field: "upstream " + u.block, short: u.short, role: u.role}
	if up, err := u.upstream(); err == nil {
		l.field = "upstream " + up.Name
		for _, s := range up.Servers() {
			l.entries = append(l.entries, entry{name: s.Host, detail: "port " + s.Port, pos: s.Pos})
		}
	}
	return []memberList{l}
}

// problems names an upstream block the file should hold and does not.
func (u *upstreamFile) problems() []string {
	if _, err := u.upstream(); err != nil {
		return []string{err.Error()}
	}
	return nil
}

func (u *upstreamFile) add(e *edit) error {
	if e.role() != u.role {
		return nil
	}
	up, err := u.upstream()
	if err != nil {
		return err
	}
	name, servers := up.Name, up.Servers()
	var hosts []string
	for _, s := range servers {
		hosts = append(hosts, s.Host)
	}
	if err := e.needIP(hosts, "upstream "+name); err != nil {
		return err
	}
	if h, ok := findMatch(hosts, e.node); ok {
		e.noteSame("upstream %s already lists server %s", name, h)
		return nil
	}
	addr := hostPort(e.node.nameFor(hosts), upstreamPort(servers, u.port))
	if _, err := u.f.AddServer(name, addr); err != nil {
		return err
	}
	e.note("added server %s to upstream %s", addr, name)
	return nil
}

func (u *upstreamFile) remove(e *edit) error {
	if e.role() != u.role {
		return nil
	}
	up, err := u.upstream()
	if err != nil {
		return err
	}
	if e.role() == RoleAnalytics {
		var hosts []string
		for _, s := range up.Servers() {
			hosts = append(hosts, s.Host)
		}
		if err := e.needIP(hosts, "upstream "+up.Name); err != nil {
			return err
		}
		if err := e.keepOne(hosts, "upstream "+up.Name, "server"); err != nil {
			return err
		}
	}
	found := false
	for _, s := range up.Servers() {
		if e.node.matches(s.Host) {
			if _, err := u.f.RemoveServer(up.Name, s.Address); err != nil {
				return err
			}
			e.note("removed server %s from upstream %s", s.Address, up.Name)
			found = true
		}
	}
	if !found {
		e.noteSame("upstream %s does not list %s", up.Name, e.node.Host)
	}
	return nil
}

// upstreamPort returns the port the block's servers use: that of the last
// server with one, or the kind's default.
func upstreamPort(servers []nginxconf.Server, def string) string {
	for i := len(servers) - 1; i >= 0; i-- {
		if servers[i].Port != "" {
			return servers[i].Port
		}
	}
	return def
}

func hostPort(host, port string) string {
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}
