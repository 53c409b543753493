package momoconf

import (
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/filekind"
)

var msgcSpec = &kindSpec{
	kind:  filekind.MsgcServer,
	edits: []Role{RolePlatform},
	host:  RolePlatform,
	parse: func(name string, src []byte) (content, error) {
		f, err := ecconf.Parse(name, src)
		if err != nil {
			return nil, err
		}
		return &msgcFile{f}, nil
	},
}

// msgcFile is msgc_server.conf: its peers hash names every Platform node,
// and any log aggregator or cluster manager, with its address.
type msgcFile struct{ f *ecconf.File }

// Bytes returns the file with the edits made so far.
func (m *msgcFile) Bytes() []byte { return m.f.Bytes() }

func (m *msgcFile) lists() []memberList {
	peers := memberList{field: "msgc_server peers", short: "PEER", role: RolePlatform, expect: expectPeers, compare: true}
	for _, p := range m.f.Peers() {
		peers.entries = append(peers.entries, entry{name: p.Name, detail: p.Addr, addr: p.Addr, pos: p.Pos})
	}
	return []memberList{peers}
}

// add adds the node's peer. A peer already listed by the node's name or
// address is left as it is (the request was checked against the cluster
// before: a different address is refused there).
func (m *msgcFile) add(e *edit) error {
	n := e.node
	for _, peer := range m.f.Peers() {
		if !n.matches(peer.Name) && !sameIP(peer.Addr, n.IP) {
			continue
		}
		e.noteSame("peers already lists %s = %q", peer.Name, peer.Addr)
		return nil
	}
	if _, err := m.f.AddPeer(n.Host, n.IP); err != nil {
		return err
	}
	e.note("added peer %s = %q to msgc_server", n.Host, n.IP)
	return nil
}

func (m *msgcFile) remove(e *edit) error {
	n := e.node
	found := false
	for _, peer := range m.f.Peers() {
		if n.matches(peer.Name) || (n.IP != "" && sameIP(peer.Addr, n.IP)) {
			if _, err := m.f.RemovePeer(peer.Name); err != nil {
				return err
			}
			e.note("removed peer %s = %q from msgc_server", peer.Name, peer.Addr)
			found = true
		}
	}
	if !found {
		e.noteSame("peers do not list %s", n.Host)
	}
	return nil
}
