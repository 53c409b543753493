package momoconf

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/filekind"
)

// Whose tree is whose, in one place. A tree belongs to the member its
// cassandra.yaml listen_address names (a Platform tree), or, failing
// that, to the member its folder is named for (an Analytics tree, or a
// Platform tree whose address no peer names). A tree whose member the
// other trees no longer list is a removed node's tree: it is read, but
// neither counted nor edited. build calls placeTree for every tree, then
// markRemovedAnalyticsTrees and placeAnalyticsTrees; the verbs ask
// removedTreeOf, isNodeTree, analyticsTreeOf and treeListeningOn.

// placeTree finds whose tree t is: by its listen_address, or, when that
// names no peer, by the folder's name (the host name or its first label).
// A tree whose member the other trees' peers no longer list is a removed
// node's tree.
func (c *Cluster) placeTree(t *tree) {
	t.role = RoleAnalytics
	for _, d := range t.docs {
		if d.spec.host == RolePlatform {
			t.role = RolePlatform
		}
	}
	d := t.doc(filekind.CassandraYAML)
	if d == nil {
		return
	}
	t.listen = d.view().(*cassandraFile).listenAddress()
	if t.listen == "" {
		return
	}
	if k, ok := c.alias[strings.ToLower(t.listen)]; ok || c.known(t.listen) {
		if !ok {
			k = c.resolve(t.listen)
		}
		t.owner = k
		t.removed = !c.listedByOthers(t, k)
		return
	}
	if len(c.alias) == 0 {
		t.owner = strings.ToLower(t.listen)
		return
	}
	for _, name := range slices.Sorted(maps.Keys(c.alias)) {
		if !isIP(name) && folderNames(t.name, name) {
			t.owner, t.byName = name, true
			return
		}
	}
}

// known reports whether some peer has the address or name s.
func (c *Cluster) known(s string) bool {
	if _, ok := c.alias[strings.ToLower(s)]; ok {
		return true
	}
	_, ok := c.aliasOfIP(s)
	return ok
}

// listedByOthers reports whether the msgc_server peers of some tree other
// than t list the member key. With no other tree holding peers, it reports
// true: a tree is taken for a removed node's only when the others say so.
func (c *Cluster) listedByOthers(t *tree, key string) bool {
	others := c.peerFiles
	n := c.peerCount[key]
	if d := t.doc(filekind.MsgcServer); d != nil {
		others--
		if c.peerSet(d)[key] {
			n--
		}
	}
	return others == 0 || n > 0
}

// counted returns the trees whose files count: all but removed nodes'.
func (c *Cluster) counted() []*tree {
	var out []*tree
	for _, t := range c.trees {
		if !t.removed {
			out = append(out, t)
		}
	}
	return out
}

// removedTreeOf returns the removed node's tree that belongs to n, if any.
func (c *Cluster) removedTreeOf(n Node) *tree {
	for _, t := range c.trees {
		if t.removed && n.matches(t.owner) {
			return t
		}
	}
	return nil
}

var errNoTree = errors.New("no such tree")

// treeNamed returns the tree called name.
func (c *Cluster) treeNamed(name string) (*tree, error) {
	for _, t := range c.trees {
		if t.name == name {
			return t, nil
		}
	}
	return nil, errNoTree
}

// analyticsTreeOf returns the tree of the Analytics node n in a cluster
// folder: the one whose folder is named for it and that holds no
// cassandra.yaml (an Analytics host has none), or nil.
func (c *Cluster) analyticsTreeOf(n Node) *tree {
	if c.single || c.files {
		return nil
	}
	for _, t := range c.trees {
		// A tree with a cassandra.yaml is a Platform node's: a combined
		// node losing its Analytics role keeps its Platform tree edited.
		if folderNames(t.name, n.Host) && t.doc(filekind.CassandraYAML) == nil {
			return t
		}
	}
	return nil
}

// platformTreeNamed reports whether a Platform node's tree (one with a
// cassandra.yaml) has a folder named for n.
func (c *Cluster) platformTreeNamed(n Node) bool {
	for _, t := range c.trees {
		if folderNames(t.name, n.Host) && t.doc(filekind.CassandraYAML) != nil {
			return true
		}
	}
	return false
}

// placeAnalyticsTrees gives each tree without a cassandra.yaml owner the
// Analytics member its folder is named for (the first such member in
// host order).
func (c *Cluster) placeAnalyticsTrees() {
	byFolder := map[string]string{} // a folder name → the first Analytics member it names
	for _, m := range c.sortedMembers() {
		if !m.has(RoleAnalytics) || isIP(m.Host) {
			continue
		}
		for _, name := range folderKeys(m.Host) {
			if _, ok := byFolder[name]; !ok {
				byFolder[name] = m.Host
			}
		}
	}
	for _, t := range c.trees {
		if t.owner != "" || t.listen != "" || t.removed {
			continue
		}
		if host, ok := byFolder[strings.ToLower(t.name)]; ok {
			t.owner = host
			c.members[host].Tree = t.name
		}
	}
}

// markRemovedAnalyticsTrees finds the trees of removed Analytics nodes: a
// tree without a cassandra.yaml whose folder is named for a host its own
// Analytics lists name and no other tree's do. Like a removed Platform
// node's tree, it keeps its files and its lists are not counted. The
// hosts of each distinct file are gathered once, for all its copies.
func (c *Cluster) markRemovedAnalyticsTrees() {
	sets := map[parseKey]*analyticsNames{}
	named := map[*tree][]*analyticsNames{} // tree → the host sets of its files with Analytics lists
	for _, t := range c.trees {
		for _, d := range t.docs {
			set, ok := sets[d.key]
			if !ok {
				set = c.analyticsNamesOf(d)
				sets[d.key] = set
			}
			if len(set.hosts) > 0 {
				named[t] = append(named[t], set)
			}
		}
	}
	for _, t := range c.trees {
		if t.listen != "" || t.owner != "" {
			continue
		}
		var candidates []string
		for _, set := range named[t] {
			candidates = append(candidates, set.byFolder[strings.ToLower(t.name)]...)
		}
		slices.Sort(candidates)
		for _, host := range slices.Compact(candidates) {
			if !namedElsewhere(c.trees, named, t, host) {
				t.owner, t.removed = host, true
				break
			}
		}
	}
}

// treeListeningOn returns a tree, other than the node's own, whose
// cassandra.yaml listens on the node's address.
func (c *Cluster) treeListeningOn(n Node) *tree {
	for _, t := range c.counted() {
		if t.listen == "" || !sameIP(t.listen, n.IP) || n.matches(t.owner) {
			continue
		}
		if t.owner == "" && folderNames(t.name, n.Host) {
			continue
		}
		return t
	}
	return nil
}

// folderNames reports whether a tree's folder name is the host's name or
// its first label, without regard to case.
func folderNames(folder, host string) bool {
	folder, host = strings.ToLower(folder), strings.ToLower(host)
	return folder == host || strings.SplitN(host, ".", 2)[0] == folder
}

// isNodeTree reports whether t is the host tree of n itself: its
// cassandra.yaml listens on n's address or name or, when that address is
// no member's, the folder is named for n.
func isNodeTree(t *tree, n Node) (bool, string) {
	switch {
	case t.listen != "" && n.matches(t.listen):
		return true, "listen_address " + t.listen
	case t.byName && n.matches(t.owner):
		return true, "by its folder name; its listen_address " + t.listen + " is no member's"
	}
	return false, ""
}
