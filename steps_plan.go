package momoconf

import (
	"bytes"
	"strings"
)

// stepScope returns what the runbook's remaining steps depend on, from
// the plan: the change, the trees by role (before the change), the
// removed node's own tree, the created tree and the files each tree's
// edits change. The trees of nodes removed before are left out.
func (pl *planner) stepScope() stepScope {
	c, p := pl.c, pl.p
	s := stepScope{
		add:       p.Op == "add-node",
		analytics: p.Node.role() == RoleAnalytics,
		node:      p.Node.Host,
		single:    c.single,
		changed:   map[string][]string{},
	}
	for _, f := range p.Files {
		if f.Created {
			s.newTree = c.opts.NewNodeDir
			break
		}
	}
	for _, t := range c.trees {
		if pl.skipped[t] {
			s.ownTree = t.name
		}
		if t.removed && !pl.skipped[t] {
			continue // a node removed before: nothing runs there
		}
		switch t.role {
		case RolePlatform:
			s.platform = append(s.platform, t.name)
		case RoleAnalytics:
			s.analytic = append(s.analytic, t.name)
		}
		for _, d := range t.docs {
			if fe := pl.edits[d]; fe != nil && !bytes.Equal(fe.bytes(), d.old) {
				s.changed[t.name] = append(s.changed[t.name], pl.c.treeRel(t, d))
			}
		}
	}
	return s
}

// treeRel returns the file's slash path below its host tree: for files
// named one by one, the product path of its kind.
func (c *Cluster) treeRel(t *tree, d *doc) string {
	switch {
	case c.files:
		return d.spec.paths[0]
	case c.single:
		return strings.TrimPrefix(d.rel, "./")
	}
	return strings.TrimPrefix(d.rel, t.name+"/")
}
