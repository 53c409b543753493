package momoconf

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Status says which node each member-listing file lists, and where the
// files or trees disagree.
type Status struct {
	Nodes []string     `json:"nodes"` // every node found, by host name where one is known
	Lists []ListStatus `json:"lists"` // one for each list in each file
	Trees []TreeStatus `json:"trees"`
	Drift []string     `json:"drift,omitempty"` // each disagreement, in words
}

// ListStatus is one list of members in one file (a file may hold two:
// msg_gen.conf's URIs and node stanzas).
type ListStatus struct {
	Path    string            `json:"path"`
	Field   string            `json:"field"`   // e.g. "cassandra_client.uri", "peers", "upstream click_proxy"
	Members map[string]string `json:"members"` // node → detail as listed ("mta_id 2", "10.77.0.94", "port 2081", or "")
}

// TreeStatus tells which node a host tree belongs to, from its
// cassandra.yaml listen_address.
type TreeStatus struct {
	Tree          string `json:"tree"`
	ListenAddress string `json:"listen_address,omitempty"`
	Node          string `json:"node,omitempty"`
	// Removed is set for the tree of a node that the other trees' peers no
	// longer list: a removed node's tree keeps its files as they were, so
	// its lists are shown apart and are not drift.
	Removed bool `json:"removed,omitempty"`
}

// ClusterStatus reads the host tree dir (or, with opts.Cluster, the folder
// of host trees) and reports who is listed where. Drift is every node a
// list lacks while another lists it, every node with two mta_ids, and every
// peer with two addresses. The tree of a removed node (one whose
// listen_address names a node the other trees' peers no longer list) is
// reported but not counted.
func ClusterStatus(dir string, opts Options) (*Status, error) {
	c, err := loadCluster(dir, opts)
	if err != nil {
		return nil, err
	}
	names := peerNames(c)
	resolve := func(s string) string {
		if n, ok := names[strings.ToLower(s)]; ok {
			return n
		}
		return strings.ToLower(s)
	}
	st := &Status{}
	for _, t := range c.trees {
		ts := treeStatus(t, resolve)
		ts.Removed = ts.Node != "" && !listedByOthers(c, t, ts.Node, resolve)
		st.Trees = append(st.Trees, ts)
		if ts.Removed {
			continue
		}
		for _, d := range t.docs {
			st.Lists = append(st.Lists, lists(d, resolve)...)
		}
	}
	all := map[string]bool{}
	for _, l := range st.Lists {
		for n := range l.Members {
			all[n] = true
		}
	}
	st.Nodes = slices.Sorted(maps.Keys(all))
	st.Drift = drift(st)
	return st, nil
}

// peerNames maps peer addresses and names (lower case) to peer names, so
// that lists of IPs show host names.
func peerNames(c *cluster) map[string]string {
	m := map[string]string{}
	for _, d := range c.docs(KindMsgcServer) {
		for _, p := range d.ec.Peers() {
			m[strings.ToLower(p.Addr)] = strings.ToLower(p.Name)
			m[strings.ToLower(p.Name)] = strings.ToLower(p.Name)
		}
	}
	return m
}

// listedByOthers reports whether the msgc_server peers of some tree other
// than t list node. With no other tree holding peers, it reports true: a
// tree is taken for a removed node's only when the others say so.
func listedByOthers(c *cluster, t *tree, node string, resolve func(string) string) bool {
	seen := false
	for _, other := range c.trees {
		d := other.doc(KindMsgcServer)
		if other == t || d == nil {
			continue
		}
		seen = true
		for _, p := range d.ec.Peers() {
			if resolve(p.Name) == node {
				return true
			}
		}
	}
	return !seen
}

func treeStatus(t *tree, resolve func(string) string) TreeStatus {
	ts := TreeStatus{Tree: t.name}
	if d := t.doc(KindCassandraYAML); d != nil {
		if a, ok := d.cy.Get("listen_address"); ok && a != "" {
			ts.ListenAddress, ts.Node = a, resolve(a)
		}
	}
	return ts
}

// lists returns the member lists of one file.
func lists(d *doc, resolve func(string) string) []ListStatus {
	list := func(field string) ListStatus {
		return ListStatus{Path: d.rel, Field: field, Members: map[string]string{}}
	}
	switch d.kind {
	case KindMsgGen:
		uris, nodes := list("cassandra_client.uri"), list("msg_gen node")
		for _, u := range d.ec.CassandraURIs() {
			uris.Members[resolve(u.Host)] = "port " + u.Port
		}
		for _, n := range d.ec.Nodes() {
			nodes.Members[resolve(n.Name)] = "mta_id " + strconv.Itoa(n.MTAID)
		}
		return []ListStatus{uris, nodes}
	case KindMsgcServer:
		peers := list("msgc_server peers")
		for _, p := range d.ec.Peers() {
			peers.Members[resolve(p.Name)] = p.Addr
		}
		return []ListStatus{peers}
	case KindClickProxy, KindMomoUpstream:
		l := list("upstream " + upstreamOf[d.kind])
		if up, err := d.upstream(); err == nil {
			l.Field = "upstream " + up.Name
			for _, s := range up.Servers() {
				l.Members[resolve(s.Host)] = "port " + s.Port
			}
		}
		return []ListStatus{l}
	case KindUsersAPI, KindWebhooksAPI:
		l := list(jsonPathOf[d.kind])
		hosts, err := d.js.Strings(jsonPathOf[d.kind])
		if err != nil {
			return nil // no list of Platform hosts here: nothing to compare
		}
		for _, h := range hosts {
			l.Members[resolve(h)] = ""
		}
		return []ListStatus{l}
	}
	return nil
}

// drift lists the disagreements between lists.
func drift(st *Status) []string {
	var out []string
	for _, l := range st.Lists {
		var missing []string
		for _, n := range st.Nodes {
			if _, ok := l.Members[n]; !ok {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			out = append(out, fmt.Sprintf("%s (%s) does not list %s", l.Path, l.Field, strings.Join(missing, ", ")))
		}
	}
	for _, field := range []string{"msg_gen node", "msgc_server peers"} {
		out = append(out, conflicts(st, field)...)
	}
	return out
}

// conflicts names nodes that two lists of the same field give different
// details (mta_id, address).
func conflicts(st *Status, field string) []string {
	seen := map[string]map[string][]string{} // node → detail → paths
	for _, l := range st.Lists {
		if l.Field != field {
			continue
		}
		for n, detail := range l.Members {
			if seen[n] == nil {
				seen[n] = map[string][]string{}
			}
			seen[n][detail] = append(seen[n][detail], l.Path)
		}
	}
	var out []string
	for _, n := range slices.Sorted(maps.Keys(seen)) {
		if len(seen[n]) < 2 {
			continue
		}
		var parts []string
		for _, detail := range slices.Sorted(maps.Keys(seen[n])) {
			parts = append(parts, fmt.Sprintf("%s in %s", detail, strings.Join(seen[n][detail], ", ")))
		}
		out = append(out, fmt.Sprintf("%s: %s differs: %s", n, field, strings.Join(parts, "; ")))
	}
	return out
}

// HasDrift reports whether the files or trees disagree.
func (s *Status) HasDrift() bool { return len(s.Drift) > 0 }

// Table renders the status for a terminal: a row for each list, a column
// for each node ("-" where the list lacks it), then the trees and the drift.
func (s *Status) Table() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprint(w, "FILE\tLIST")
	for _, n := range s.Nodes {
		fmt.Fprint(w, "\t", n)
	}
	fmt.Fprintln(w)
	for _, l := range s.Lists {
		fmt.Fprintf(w, "%s\t%s", l.Path, l.Field)
		for _, n := range s.Nodes {
			cell, ok := l.Members[n]
			switch {
			case !ok:
				cell = "-"
			case cell == "":
				cell = "yes"
			}
			fmt.Fprint(w, "\t", cell)
		}
		fmt.Fprintln(w)
	}
	_ = w.Flush()
	for _, t := range s.Trees {
		switch {
		case t.Removed:
			fmt.Fprintf(&b, "tree %s is node %s (listen_address %s), which the other trees no longer list: its files are not counted\n", t.Tree, t.Node, t.ListenAddress)
		case t.Node != "":
			fmt.Fprintf(&b, "tree %s is node %s (listen_address %s)\n", t.Tree, t.Node, t.ListenAddress)
		}
	}
	if len(s.Drift) == 0 {
		b.WriteString("no drift: every list names the same nodes\n")
	}
	for _, d := range s.Drift {
		fmt.Fprintf(&b, "drift: %s\n", d)
	}
	return b.String()
}
