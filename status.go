package momoconf

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Status says which member each member-listing file lists, and where the
// files or trees disagree.
type Status struct {
	Nodes   []string     `json:"nodes"`   // every member, by host name where one is known
	Members []Member     `json:"members"` // the members, with their address, mta_id, role and tree
	Lists   []ListStatus `json:"lists"`   // one for each list in each file
	Trees   []TreeStatus `json:"trees"`
	// Versions counts, for each kind of file, its distinct contents.
	Versions []KindVersions `json:"versions"`
	Drift    []string       `json:"drift"` // each disagreement, in words; empty, never absent
}

// ListStatus is one list of members in one file (a file may hold two:
// msg_gen.conf's URIs and node stanzas).
type ListStatus struct {
	Path    string            `json:"path"`
	Kind    Kind              `json:"kind"`
	Field   string            `json:"field"`   // e.g. "cassandra_client.uri", "msgc_server peers", "upstream click_proxy", "seeds"
	Members map[string]string `json:"members"` // member → detail as listed ("mta_id 2", "10.77.0.94", "port 2081", or "")

	short  string
	expect expectation
	role   Role
}

// TreeStatus tells whose a host tree is, from its cassandra.yaml
// listen_address (or its folder name when that address is no member's).
type TreeStatus struct {
	Tree          string `json:"tree"`
	Role          Role   `json:"role"`
	ListenAddress string `json:"listen_address,omitempty"`
	Node          string `json:"node,omitempty"`
	// Removed is set for the tree of a node that the other trees' peers no
	// longer list: a removed node's tree keeps its files as they were, so
	// its lists are shown apart and are not drift.
	Removed bool `json:"removed,omitempty"`
}

// ClusterStatus reads the host tree dir (or, with opts.Cluster, the folder
// of host trees) and reports who is listed where, as [Cluster.Status]
// does. A folder with no member-listing file is refused
// ([ErrTargetEmpty]). It reads under the lock and after the recovery
// [Open] does, so that it never reports a change half made.
func ClusterStatus(dir string, opts Options) (*Status, error) {
	c, err := Open(context.Background(), dir, opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Status(), nil
}

// Status reports who is listed where. Drift is: a Platform member a
// Platform list lacks, and a peer (Platform member, log aggregator or
// cluster manager) a peers list lacks; a member with two mta_ids or two
// addresses; two members sharing an mta_id; a quorum above the votes; a
// seed that is no Platform member, and fewer than three seeds where three
// members could be; a tree that lacks a file its siblings of the same
// role hold (Platform trees other than the first need not hold the
// upstreams of the Analytics applications other than api_webhooks); a
// tree whose listen_address is not its member's address. An Analytics
// member is one that an Analytics list names. A
// peer that no Platform list names is a log aggregator or cluster manager
// (role "peer"), not drift. The tree of a removed node (one whose
// listen_address names a member the other trees' peers no longer list) is
// reported but not counted.
func (c *Cluster) Status() *Status {
	st := &Status{Members: c.Members(), Versions: c.versions(), Drift: []string{}}
	for _, m := range st.Members {
		st.Nodes = append(st.Nodes, m.Host)
	}
	for _, t := range c.trees {
		ts := TreeStatus{Tree: t.name, Role: t.role, ListenAddress: t.listen, Node: t.owner, Removed: t.removed}
		st.Trees = append(st.Trees, ts)
		if t.removed {
			continue
		}
		for _, d := range t.docs {
			for _, l := range c.lists(d) {
				ls := ListStatus{Path: d.rel, Kind: d.kind(), Field: l.field, Members: map[string]string{}, short: l.short, expect: l.expect, role: l.role}
				for _, e := range l.entries {
					ls.Members[c.resolve(e.name)] = e.detail
				}
				st.Lists = append(st.Lists, ls)
			}
		}
	}
	st.Drift = append(st.Drift, missing(st)...)
	for _, field := range []string{"msg_gen node", "msgc_server peers"} {
		st.Drift = append(st.Drift, conflicts(st, field)...)
	}
	st.Drift = append(st.Drift, c.fileProblems()...)
	st.Drift = append(st.Drift, c.seedProblems()...)
	st.Drift = append(st.Drift, c.missingFiles()...)
	st.Drift = append(st.Drift, c.treeProblems()...)
	return st
}

// expected returns the members a list should name.
func expected(members []Member, l ListStatus) []string {
	var out []string
	for _, m := range members {
		switch {
		case l.expect == expectAll && m.Has(l.role),
			l.expect == expectPeers && (m.Has(RolePlatform) || m.Has(RolePeer)):
			out = append(out, m.Host)
		}
	}
	return out
}

// missing names, for each list, the expected members it lacks.
func missing(st *Status) []string {
	var out []string
	for _, l := range st.Lists {
		if l.expect == expectSome {
			continue
		}
		var lacks []string
		for _, n := range expected(st.Members, l) {
			if _, ok := l.Members[n]; !ok {
				lacks = append(lacks, n)
			}
		}
		if len(lacks) > 0 {
			out = append(out, fmt.Sprintf("%s (%s) does not list %s", l.Path, l.Field, strings.Join(lacks, ", ")))
		}
	}
	return out
}

// conflicts names members that two lists of the same field give different
// details (mta_id, address).
func conflicts(st *Status, field string) []string {
	seen := map[string]map[string][]string{} // member → detail → paths
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

// fileProblems names what a file's own rules find (duplicate mta_ids, a
// quorum above the votes).
func (c *Cluster) fileProblems() []string {
	var out []string
	found := map[content][]string{} // identical copies are checked once
	for _, t := range c.counted() {
		for _, d := range t.docs {
			ch, ok := d.view.(checker)
			if !ok {
				continue
			}
			problems, seen := found[d.view]
			if !seen {
				problems = ch.problems()
				found[d.view] = problems
			}
			for _, p := range problems {
				out = append(out, d.rel+": "+p)
			}
		}
	}
	return out
}

// seedProblems names seeds that are no Platform member, and seed lists
// shorter than three where the cluster has three Platform members.
func (c *Cluster) seedProblems() []string {
	platform := 0
	for _, m := range c.members {
		if m.Has(RolePlatform) {
			platform++
		}
	}
	var out []string
	for _, d := range c.docs(KindCassandraYAML, false) {
		for _, l := range c.lists(d) {
			for _, e := range l.entries {
				if m, ok := c.lookup(e.name); !ok || !m.Has(RolePlatform) {
					out = append(out, fmt.Sprintf("%s: seed %s is not a Platform member of the cluster", d.rel, e.name))
				}
			}
			if len(l.entries) < minSeeds && platform >= minSeeds {
				out = append(out, fmt.Sprintf("%s: seeds list %d host(s); three are recommended", d.rel, len(l.entries)))
			}
		}
	}
	return out
}

// missingFiles names each tree that lacks a kind of file its siblings
// (the other counted trees of its role) hold.
func (c *Cluster) missingFiles() []string {
	if c.single || c.files {
		return nil
	}
	var out []string
	trees := c.counted()
	for _, spec := range specs {
		for _, role := range []Role{RolePlatform, RoleAnalytics} {
			if role == RolePlatform && spec.firstOnly {
				continue
			}
			var have, lack []string
			for _, t := range trees {
				if t.role != role {
					continue
				}
				if t.doc(spec.kind) != nil {
					have = append(have, t.name)
				} else {
					lack = append(lack, t.name)
				}
			}
			if len(have) == 0 {
				continue
			}
			for _, name := range lack {
				out = append(out, fmt.Sprintf("tree %s has no %s file, which %s hold(s)", name, spec.name, namesPhrase(have)))
			}
		}
	}
	return out
}

// treeProblems names trees whose listen_address is not their member's
// address, and members that several trees claim.
func (c *Cluster) treeProblems() []string {
	var out []string
	claims := map[string][]string{} // member → the trees that listen as it
	for _, t := range c.counted() {
		if t.owner != "" {
			claims[t.owner] = append(claims[t.owner], t.name)
		}
	}
	for _, owner := range slices.Sorted(maps.Keys(claims)) {
		if trees := claims[owner]; len(trees) > 1 {
			out = append(out, fmt.Sprintf("trees %s all listen on the address of %s; one tree is a node's", strings.Join(trees, ", "), owner))
		}
	}
	for _, t := range c.counted() {
		switch {
		case t.byName:
			m := c.members[t.owner]
			ip := ""
			if m != nil {
				ip = m.IP
			}
			out = append(out, fmt.Sprintf("tree %s: cassandra.yaml listen_address is %s, but the peers give %s (the tree's name) the address %s", t.name, t.listen, t.owner, ip))
		case t.listen != "" && t.owner == "" && len(c.alias) > 0:
			out = append(out, fmt.Sprintf("tree %s: cassandra.yaml listen_address %s is the address of no peer", t.name, t.listen))
		}
	}
	return out
}

// namesPhrase names up to three trees and counts the others.
func namesPhrase(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d other(s)", strings.Join(names[:3], ", "), len(names)-3)
}

// HasDrift reports whether the files or trees disagree.
func (s *Status) HasDrift() bool { return len(s.Drift) > 0 }
