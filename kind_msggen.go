package momoconf

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/filekind"
)

var msgGenSpec = &kindSpec{
	kind:  filekind.MsgGen,
	edits: []Role{RolePlatform},
	host:  RolePlatform,
	parse: func(name string, src []byte) (content, error) {
		f, err := ecconf.Parse(name, src)
		if err != nil {
			return nil, err
		}
		return &msgGenFile{f}, nil
	},
}

// msgGenFile is msg_gen.conf: the cassandra_client uri list and the
// msg_gen node stanzas both list every Platform node.
type msgGenFile struct{ f *ecconf.File }

// Bytes returns the file with the edits made so far.
func (m *msgGenFile) Bytes() []byte { return m.f.Bytes() }

func (m *msgGenFile) lists() []memberList {
	uris := memberList{field: "cassandra_client.uri", short: "URI", role: RolePlatform}
	for _, u := range m.f.CassandraURIs() {
		uris.entries = append(uris.entries, entry{name: u.Host, detail: "port " + u.Port, pos: u.Pos})
	}
	nodes := memberList{field: "msg_gen node", short: "NODE", role: RolePlatform, compare: true}
	for _, n := range m.f.Nodes() {
		nodes.entries = append(nodes.entries, entry{name: n.Name, detail: "mta_id " + strconv.Itoa(n.MTAID), mtaID: n.MTAID, pos: n.Pos})
	}
	return []memberList{uris, nodes}
}

// problems names two nodes sharing an mta_id and a quorum above the votes.
func (m *msgGenFile) problems() []string {
	var out []string
	byID := map[int][]string{}
	votes := 0
	for _, n := range m.f.Nodes() {
		byID[n.MTAID] = append(byID[n.MTAID], n.Name)
		votes += n.Votes
	}
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		if len(byID[id]) > 1 {
			out = append(out, fmt.Sprintf("mta_id %d is given to %d nodes: %s", id, len(byID[id]), strings.Join(byID[id], ", ")))
		}
	}
	if q, ok := m.f.Quorum(); ok && q > votes {
		out = append(out, fmt.Sprintf("quorum = %d is more than the %d vote(s) of its nodes; msg_gen cannot reach it", q, votes))
	}
	return out
}

func (m *msgGenFile) add(e *edit) error {
	n := e.node
	var hosts []string
	for _, u := range m.f.CassandraURIs() {
		hosts = append(hosts, u.Host)
	}
	if h, ok := findMatch(hosts, n); ok {
		e.noteSame("cassandra_client uri already lists host %s", h)
	} else {
		name := n.nameFor(hosts)
		if _, err := m.f.AddCassandraHost(name); err != nil {
			return err
		}
		e.note("added host %s to cassandra_client uri", name)
	}
	for _, st := range m.f.Nodes() {
		if n.matches(st.Name) {
			e.noteSame("msg_gen already has node %s (mta_id %d)", st.Name, st.MTAID)
			return nil
		}
	}
	if _, err := m.f.AddNode(n.Host, n.MTAID, 1); err != nil {
		return err
	}
	e.note("added node %s { mta_id = %d votes = 1 } to msg_gen", n.Host, n.MTAID)
	return nil
}

func (m *msgGenFile) remove(e *edit) error {
	n := e.node
	found := false
	for _, u := range m.f.CassandraURIs() {
		if n.matches(u.Host) {
			if _, err := m.f.RemoveCassandraHost(u.Host); err != nil {
				return err
			}
			e.note("removed host %s from cassandra_client uri", u.Host)
			found = true
		}
	}
	for _, st := range m.f.Nodes() {
		if n.matches(st.Name) {
			if _, err := m.f.RemoveNode(st.Name); err != nil {
				return err
			}
			e.note("removed node %s (mta_id %d) from msg_gen", st.Name, st.MTAID)
			found = true
		}
	}
	if !found {
		e.noteSame("msg_gen.conf does not list %s", n.Host)
	}
	if q, ok := m.f.Quorum(); ok && q > len(m.f.Nodes()) {
		e.warn(codes.Quorum, "quorum = %d is more than the %d node(s) left; msg_gen cannot reach it", q, len(m.f.Nodes()))
	}
	return nil
}
