package momoconf

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/filekind"
)

// Status says which member each member-listing file lists, and where the
// files or trees disagree.
type Status struct {
	Members []Member     `json:"members"` // the members, sorted by host, with their address, mta_id, role and tree
	Lists   []ListStatus `json:"lists"`   // one for each list in each file
	Trees   []TreeStatus `json:"trees"`
	// Versions counts, for each kind of file, its distinct contents.
	Versions []KindVersions `json:"versions"`
	Drift    []string       `json:"drift"` // each disagreement, in words; empty, never absent
}

// ListStatus is one list of members in one file (a file may hold two:
// msg_gen.conf's URIs and node stanzas).
type ListStatus struct {
	Path  string        `json:"path"`
	Kind  filekind.Kind `json:"kind"`
	Field string        `json:"field"` // e.g. "cassandra_client.uri", "msgc_server peers", "upstream click_proxy", "seeds"
	// Members maps each member the list names to its detail as listed
	// ("mta_id 2", "10.77.0.94", "port 2081", or ""). It is read only: the
	// lists of identical files share one map.
	Members map[string]string `json:"members"`

	short  string
	expect expectation
	role   Role
	group  *listGroup // what the list's identical copies share; nil for a list made by hand
}

// listGroup is one list of one distinct file content, its entries
// resolved to members: every copy of that content shares it, so that
// status reads and checks each distinct list once.
type listGroup struct {
	members map[string]string
}

// expectKey is which members a list is expected to name.
type expectKey struct {
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
	st := &Status{Members: c.sortedMembers(), Versions: c.versions(), Drift: []string{}}
	for _, t := range c.trees {
		ts := TreeStatus{Tree: t.name, Role: t.role, ListenAddress: t.listen, Node: t.owner, Removed: t.removed}
		st.Trees = append(st.Trees, ts)
		if t.removed {
			continue
		}
		for _, d := range t.docs {
			groups := c.listGroups(d)
			for i, l := range c.lists(d) {
				g := groups[i]
				st.Lists = append(st.Lists, ListStatus{Path: d.rel, Kind: d.kind(), Field: l.field, Members: g.members, short: l.short, expect: l.expect, role: l.role, group: g})
			}
		}
	}
	st.Drift = append(st.Drift, missing(st)...)
	st.Drift = append(st.Drift, c.treelessMembers(st)...)
	for _, field := range []string{"msg_gen node", "msgc_server peers"} {
		st.Drift = append(st.Drift, conflicts(st, field)...)
	}
	st.Drift = append(st.Drift, c.fileProblems()...)
	st.Drift = append(st.Drift, c.seedProblems()...)
	st.Drift = append(st.Drift, c.missingFiles()...)
	st.Drift = append(st.Drift, c.treeProblems()...)
	return st
}

// listGroups returns, for each list of d, the members it names resolved,
// made once for all the identical copies of d.
func (c *Cluster) listGroups(d *doc) []*listGroup {
	if gs, ok := c.groupsOf[d.key]; ok {
		return gs
	}
	if c.groupsOf == nil {
		c.groupsOf = map[parseKey][]*listGroup{}
	}
	var gs []*listGroup
	for _, l := range c.lists(d) {
		g := &listGroup{members: make(map[string]string, len(l.entries))}
		for _, e := range l.entries {
			g.members[c.resolve(e.name)] = e.detail
		}
		gs = append(gs, g)
	}
	c.groupsOf[d.key] = gs
	return gs
}

// expected returns the members a list of expectation k should name.
func expected(members []Member, k expectKey) []string {
	var out []string
	for _, m := range members {
		switch {
		case k.expect == expectAll && m.has(k.role),
			k.expect == expectPeers && (m.has(RolePlatform) || m.has(RolePeer)):
			out = append(out, m.Host)
		}
	}
	return out
}

// missing names, for each list, the expected members it lacks. Each
// distinct list is compared with the members it should name once, for
// all its copies.
func missing(st *Status) []string {
	var out []string
	want := map[expectKey][]string{} // the members each expectation names, in order
	type shared struct {
		g *listGroup
		k expectKey
	}
	found := map[shared]string{} // what each distinct list lacks, joined
	for _, l := range st.Lists {
		if l.expect == expectSome {
			continue
		}
		k := expectKey{l.expect, l.role}
		lacks, ok := found[shared{l.group, k}]
		if !ok || l.group == nil {
			names, known := want[k]
			if !known {
				names = expected(st.Members, k)
				want[k] = names
			}
			var absent []string
			for _, n := range names {
				if _, ok := l.Members[n]; !ok {
					absent = append(absent, n)
				}
			}
			lacks = strings.Join(absent, ", ")
			if l.group != nil {
				found[shared{l.group, k}] = lacks
			}
		}
		if lacks != "" {
			out = append(out, fmt.Sprintf("%s (%s) does not list %s", l.Path, l.Field, lacks))
		}
	}
	return out
}

// conflicts names members that two lists of the same field give different
// details (mta_id, address), with the files that give each. The lists of
// identical files are read once.
func conflicts(st *Status, field string) []string {
	var lists []int  // indexes into st.Lists of the field's lists
	var source []int // for each of them, which distinct list it is
	firstOf := map[*listGroup]int{}
	distinct := 0
	for i, l := range st.Lists {
		if l.Field != field {
			continue
		}
		n, ok := firstOf[l.group]
		if !ok || l.group == nil {
			n = distinct
			distinct++
			if l.group != nil {
				firstOf[l.group] = n
			}
		}
		lists, source = append(lists, i), append(source, n)
	}
	seen := map[string]map[string][]int{} // member → detail → the distinct lists giving it
	done := make([]bool, distinct)
	for j, i := range lists {
		if done[source[j]] {
			continue
		}
		done[source[j]] = true
		for n, detail := range st.Lists[i].Members {
			if seen[n] == nil {
				seen[n] = map[string][]int{}
			}
			seen[n][detail] = append(seen[n][detail], source[j])
		}
	}
	var out []string
	for _, n := range slices.Sorted(maps.Keys(seen)) {
		if len(seen[n]) < 2 {
			continue
		}
		var parts []string
		for _, detail := range slices.Sorted(maps.Keys(seen[n])) {
			from := map[int]bool{}
			for _, s := range seen[n][detail] {
				from[s] = true
			}
			var paths []string
			for j, i := range lists {
				if from[source[j]] {
					paths = append(paths, st.Lists[i].Path)
				}
			}
			parts = append(parts, fmt.Sprintf("%s in %s", detail, strings.Join(paths, ", ")))
		}
		out = append(out, fmt.Sprintf("%s: %s differs: %s", n, field, strings.Join(parts, "; ")))
	}
	return out
}

// fileProblems names what a file's own rules find (duplicate mta_ids, a
// quorum above the votes).
func (c *Cluster) fileProblems() []string {
	var out []string
	found := map[parseKey][]string{} // identical copies are checked once
	for _, t := range c.counted() {
		for _, d := range t.docs {
			problems, seen := found[d.key]
			if !seen {
				if ch, ok := d.view().(checker); ok {
					problems = ch.problems()
				}
				found[d.key] = problems
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
		if m.has(RolePlatform) {
			platform++
		}
	}
	var out []string
	for _, d := range c.docs(filekind.CassandraYAML, false) {
		for _, l := range c.lists(d) {
			for _, e := range l.entries {
				if m, ok := c.lookup(e.name); !ok || !m.has(RolePlatform) {
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
				out = append(out, fmt.Sprintf("tree %s has no %s file, which %s hold(s)", name, spec.kind, namesPhrase(have)))
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

// treelessMembers names, in a cluster folder, each Platform or Analytics
// member that has no tree where the folder holds a tree for every other
// member of that role it could: the lists still name a node whose tree
// is gone (a removal half done, or a tree lost). A role none of whose
// members has a tree here (a folder of Platform trees only, say), or with
// a tree of that role that is no one member's for sure (it may be this
// one's: it names no member, or shares one with another tree, or is
// placed by its folder's name only), is left out.
func (c *Cluster) treelessMembers(st *Status) []string {
	if c.single || c.files {
		return nil
	}
	owned := map[string]bool{} // members with a tree, a removed node's included
	claims := map[string]int{} // member → how many counted trees are its
	for _, t := range c.trees {
		if t.owner != "" {
			owned[t.owner] = true
			if !t.removed {
				claims[t.owner]++
			}
		}
	}
	placed := map[Role]int{} // counted trees of each role that are one member's
	unplaced := map[Role]bool{}
	for _, t := range c.counted() {
		if t.owner != "" && claims[t.owner] == 1 && !t.byName {
			placed[t.role]++
		} else {
			unplaced[t.role] = true // perhaps the missing member's tree
		}
	}
	var out []string
	for _, m := range st.Members {
		if m.Tree != "" || owned[m.Host] {
			continue
		}
		for _, r := range []Role{RolePlatform, RoleAnalytics} {
			if m.has(r) && placed[r] > 0 && !unplaced[r] {
				out = append(out, fmt.Sprintf("member %s has no tree in the cluster folder, though the lists name it and the folder holds the trees of the other %s members", m.Host, r))
				break
			}
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
