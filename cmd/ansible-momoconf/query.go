package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf"
)

// placeholder is the node whose mta_id the query asks for to learn the
// next free one: a name in the reserved .invalid domain, which no real
// cluster lists.
var placeholder = momoconf.Node{Host: "momoconf-query.invalid"}

// query reads the tree at a.Root and changes nothing. With host, it also
// says what this host's files know of that node: whether they list it, its
// address and mta_id, or the mta_id it would get; with ip, which other
// member holds that address.
func query(a *args) *result {
	r := &result{Drift: []string{}, Members: []momoconf.Member{}, NewNode: a.NewNode}
	c, err := open(a)
	if err != nil {
		return r.fail(err)
	}
	defer c.Close()
	r.Pending = pendingOf(c)
	st := c.Status()
	members := st.Members
	if a.NewNode && len(members) == 0 {
		r.Empty = true
		r.Msg = fmt.Sprintf("%s holds no member-listing file yet: the new node's tree", a.Root)
		return r
	}
	for _, m := range members {
		r.Nodes = append(r.Nodes, m.Host)
	}
	r.Drift = append(r.Drift, st.Drift...)
	r.Members = append(r.Members, members...)
	r.MTAIDs = mtaIDs(st)
	if len(st.Trees) == 1 {
		r.TreeRole = st.Trees[0].Role
	}
	if r.NextMTAID, err = c.NextMTAID(placeholder); err != nil {
		return r.fail(err)
	}
	if a.Host != "" {
		if err := aboutNode(r, c, a, members); err != nil {
			return r.fail(err)
		}
	}
	r.Msg = fmt.Sprintf("%d node(s) listed in %s", len(r.Nodes), a.Root)
	if len(r.Drift) > 0 {
		r.Msg += fmt.Sprintf("; %d disagreement(s) between files", len(r.Drift))
	}
	return r
}

// aboutNode fills in what the files say of the node a names.
func aboutNode(r *result, c *momoconf.Cluster, a *args, members []momoconf.Member) error {
	node := a.node()
	for _, m := range members {
		switch {
		case strings.EqualFold(m.Host, a.Host):
			r.Listed, r.NodeIP, r.NodeMTAID = true, m.IP, m.MTAID
		case a.IP != "" && m.IP == a.IP && m.IP != m.Host:
			r.IPHolder = m.Host // a named member other than the node
		}
	}
	if a.analytics() {
		return nil // an Analytics node has no mta_id
	}
	node.MTAID = 0
	id, err := c.NextMTAID(node)
	r.MTAID = id
	return err
}

// mtaIDs returns each node's mta_id as msg_gen.conf lists it.
func mtaIDs(st *momoconf.Status) map[string]int {
	ids := map[string]int{}
	for _, l := range st.Lists {
		for node, detail := range l.Members {
			s, ok := strings.CutPrefix(detail, "mta_id ")
			if !ok {
				continue
			}
			if id, err := strconv.Atoi(s); err == nil {
				ids[node] = id
			}
		}
	}
	return ids
}
