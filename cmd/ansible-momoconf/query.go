package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf"
)

// placeholder is the node an addition is planned for, never applied, to
// learn the next free mta_id: a name in the reserved .invalid domain and
// an address of TEST-NET-1, which no real cluster lists.
var placeholder = momoconf.Node{Host: "momoconf-query.invalid", IP: "192.0.2.1"}

// query reads the tree at a.Root and changes nothing.
func query(a *args) *result {
	r := &result{}
	st, err := momoconf.ClusterStatus(a.Root, momoconf.Options{Wait: lockWait})
	if err != nil {
		return r.fail(err)
	}
	r.Nodes = st.Nodes
	r.Drift = st.Drift
	r.MTAIDs = mtaIDs(st)
	if r.NextMTAID, err = plannedMTAID(a.Root, placeholder); err != nil {
		return r.fail(err)
	}
	if a.Host != "" && !a.analytics() { // an Analytics node has no mta_id
		if r.MTAID, err = hostMTAID(a, r.MTAIDs); err != nil {
			return r.fail(err)
		}
	}
	r.Msg = fmt.Sprintf("%d node(s) listed in %s", len(r.Nodes), a.Root)
	if len(r.Drift) > 0 {
		r.Msg += fmt.Sprintf("; %d disagreement(s) between files", len(r.Drift))
	}
	return r
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

// hostMTAID returns the mta_id a.Host has, when msg_gen.conf lists it,
// or the one an addition of it would get.
func hostMTAID(a *args, listed map[string]int) (int, error) {
	for name, id := range listed {
		if strings.EqualFold(name, a.Host) {
			return id, nil
		}
	}
	node := momoconf.Node{Host: a.Host, IP: a.IP}
	if node.IP == "" {
		node.IP = placeholder.IP
	}
	return plannedMTAID(a.Root, node)
}

// plannedMTAID returns the mta_id an addition of node would use: the one
// it has, or the next free one; 0 when the tree has no msg_gen.conf.
func plannedMTAID(root string, node momoconf.Node) (int, error) {
	p, err := momoconf.AddNode(root, node, momoconf.Options{Wait: lockWait})
	if err != nil {
		return 0, err
	}
	return p.Node.MTAID, nil
}
