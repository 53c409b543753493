package momoconf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
)

// analyticsAdd checks the addition of an Analytics node and returns its
// planner: the addition puts a server line in each Analytics upstream and
// a host in each root vertica.hosts array, wherever a tree holds them, and,
// with a new node folder, makes the new node's tree. The Platform lists
// are not read for edits. An addition to a cluster whose Analytics lists
// all name one node or none is refused ([codes.TooFew]): the runbook only
// grows a cluster of two or more.
func (c *Cluster) analyticsAdd(node Node) (*planner, error) {
	// Without an address there is nothing to check: an Analytics node is
	// no peer, so a Platform member's host (a combined node) may be added.
	if node.IP != "" {
		if err := c.checkAdd(node); err != nil {
			return nil, err
		}
	}
	if most, where := c.longestAnalyticsList(Node{}, nil); most < 2 {
		return nil, &refusal{kind: codes.TooFew, msg: fmt.Sprintf(
			"no Analytics list names more than one active node%s; an Analytics node can only be added to a cluster of two or more; nothing written", where)}
	}
	return newPlanner(c, "add-node", node), nil
}

// removeAnalytics plans the removal of an Analytics node from every
// Analytics list but those of its own tree: the tree whose folder is named
// for the node (its host name or first label). A removal that would leave
// an Analytics list without an active entry is refused ([codes.LastEntry]).
// Every removal warns that Vertica must keep the nodes critical for
// K-safety; fewer than three Analytics nodes left is a second warning.
func (c *Cluster) removeAnalytics(node Node) (*Plan, error) {
	w, err := c.checkRemove(&node)
	if err != nil {
		return nil, err
	}
	pl := newPlanner(c, "remove-node", node)
	if w != nil {
		pl.p.warn(*w)
	}
	own := c.analyticsTreeOf(node)
	for _, t := range c.trees {
		if t == own {
			pl.p.Skipped = append(pl.p.Skipped, fmt.Sprintf("%s: skipped, it is the node being removed (by its folder name)", t.name))
			pl.skipped[t] = true
			continue
		}
		if err := pl.apply(t, node, c.leaving(content.remove)); err != nil {
			return nil, err
		}
	}
	if own == nil && !c.single && !c.files && c.isAnalytics(node) {
		msg := fmt.Sprintf("no tree's folder is named for %s, so no tree was taken for the node's own: every tree is edited", node.Host)
		if c.platformTreeNamed(node) {
			msg = fmt.Sprintf("the tree named for %s is a Platform node's (it holds cassandra.yaml): it stays a Platform node, so its tree is edited like every other", node.Host)
		}
		pl.p.warn(Warning{Code: codes.NoOwnTree, Message: msg})
	}
	switch {
	case c.isAnalytics(node):
		pl.warnAnalyticsLeft(node, own)
	case w == nil:
		pl.p.warn(Warning{Code: codes.NotListed, Message: fmt.Sprintf(
			"%s is listed in no list of Analytics nodes, so there is nothing to remove", node.Host)})
	}
	return pl.p.finish(pl), nil
}

// isAnalytics reports whether an Analytics list names the node.
func (c *Cluster) isAnalytics(n Node) bool {
	for _, s := range []string{n.Host, n.IP} {
		if m, ok := c.lookup(s); ok && m.has(RoleAnalytics) {
			return true
		}
	}
	return false
}

// warnAnalyticsLeft gives the removal's warnings about Vertica.
func (pl *planner) warnAnalyticsLeft(node Node, own *tree) {
	pl.p.warn(Warning{Code: codes.KSafety, Message: fmt.Sprintf(
		"Vertica must not lose a node that is critical for K-safety, which momoconf cannot see in files: check that %s can leave the database", node.Host)})
	left, _ := pl.c.longestAnalyticsList(node, own)
	if left < 3 {
		pl.p.warn(Warning{Code: codes.AnalyticsFew, Message: fmt.Sprintf(
			"%d Analytics node(s) would remain; redundancy and Vertica K-safety 1 need three", left)})
	}
}

// longestAnalyticsList returns the number of active entries, other than
// those naming without, of the longest Analytics list in the counted
// trees but skip, and where it is (" (FILE FIELD lists N)").
func (c *Cluster) longestAnalyticsList(without Node, skip *tree) (int, string) {
	most, where := 0, ""
	for _, t := range c.counted() {
		if t == skip {
			continue
		}
		for _, d := range t.docs {
			for _, l := range c.lists(d) {
				if l.role != RoleAnalytics {
					continue
				}
				n := 0
				for _, e := range l.entries {
					if without.Host == "" || !without.matches(e.name) {
						n++
					}
				}
				if n > most || where == "" {
					most, where = n, fmt.Sprintf(" (%s %s lists %d)", d.rel, l.field, n)
				}
			}
		}
	}
	return most, where
}

// folderKeys returns the folder names that name host, as folderNames
// accepts them: the host name and its first label, lower case.
func folderKeys(host string) []string {
	host = strings.ToLower(host)
	label := strings.SplitN(host, ".", 2)[0]
	if label == host {
		return []string{host}
	}
	return []string{host, label}
}

// filesRole returns the role of a change on the named files: role when
// given, RoleAnalytics when every file lists Analytics nodes only.
func filesRole(files []FileRef, role Role) Role {
	if role != "" || len(files) == 0 {
		return role
	}
	for _, f := range files {
		k := f.Kind
		if k == filekind.Unknown {
			k = filekind.Of(f.Path)
		}
		if roles := rolesOf(k); len(roles) == 0 || slices.Contains(roles, RolePlatform) {
			return role
		}
	}
	return RoleAnalytics
}

// checkFileRoles refuses named files that the change would not edit: a
// file that lists no member of the node's role.
func (c *Cluster) checkFileRoles(n Node) error {
	if !c.files {
		return nil
	}
	var wrong []string
	for _, t := range c.trees {
		for _, d := range t.docs {
			if !d.spec.editedBy(n.role()) {
				wrong = append(wrong, d.shown)
			}
		}
	}
	if len(wrong) == 0 {
		return nil
	}
	return fmt.Errorf("%s: lists no %s nodes, so a change of a %s node does not edit it (give --role)", strings.Join(wrong, ", "), n.role(), n.role())
}

// analyticsNames is the set of hosts the Analytics lists of one distinct
// file name, lower case, and those hosts by the folder names that name
// them.
type analyticsNames struct {
	hosts    map[string]bool
	byFolder map[string][]string
}

func (c *Cluster) analyticsNamesOf(d *doc) *analyticsNames {
	set := &analyticsNames{hosts: map[string]bool{}, byFolder: map[string][]string{}}
	for _, l := range c.lists(d) {
		if l.role != RoleAnalytics || l.expect != expectAll {
			continue
		}
		for _, e := range l.entries {
			host := strings.ToLower(e.name)
			if set.hosts[host] {
				continue
			}
			set.hosts[host] = true
			for _, name := range folderKeys(host) {
				set.byFolder[name] = append(set.byFolder[name], host)
			}
		}
	}
	return set
}

// namedElsewhere reports whether a tree other than t names host in its
// Analytics lists; with no other tree that has such lists, it reports
// true (a tree is taken for a removed node's only when others say so).
func namedElsewhere(trees []*tree, named map[*tree][]*analyticsNames, t *tree, host string) bool {
	others := false
	for _, o := range trees {
		if o == t || len(named[o]) == 0 {
			continue
		}
		others = true
		for _, set := range named[o] {
			if set.hosts[host] {
				return true
			}
		}
	}
	return !others
}
