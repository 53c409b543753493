package momoconf

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/filekind"
)

// defaultSpool is ecelerity's spool folder when ecelerity.conf sets no
// spoolbase.
const defaultSpool = "/var/spool/ecelerity"

// stepScope returns what the runbook's remaining steps depend on, from
// the plan: the change, the trees by role (before the change) and the
// host name of each, the removed node's own tree, the created tree and
// the files each tree's edits change. The trees of nodes removed before
// are left out. A run on one host tree adds the cluster's other hosts
// its files name, each as a tree of its own.
func (pl *planner) stepScope() stepScope {
	c, p := pl.c, pl.p
	s := stepScope{
		add:       p.Op == "add-node",
		analytics: p.Node.role() == RoleAnalytics,
		node:      p.Node.Host,
		ip:        p.Node.IP,
		single:    c.single,
		changed:   map[string][]string{},
		names:     map[string]string{},
		elsewhere: map[string]bool{},
		left:      slices.Clone(c.change.Leave),
		leftIn:    map[filekind.Kind][]string{},
	}
	for _, f := range p.Files {
		if f.Created {
			s.newTree = c.change.NewNodeDir
			s.names[s.newTree] = p.Node.Host
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
		if t.owner != "" && !isIP(t.owner) && !c.files {
			s.names[t.name] = t.owner
		}
		switch t.role {
		case RolePlatform:
			s.platform = append(s.platform, t.name)
		case RoleAnalytics:
			s.analytic = append(s.analytic, t.name)
		}
		for _, d := range t.docs {
			if slices.Contains(s.left, d.kind()) && d.spec.editedBy(p.Node.role()) {
				s.leftIn[d.kind()] = append(s.leftIn[d.kind()], t.name)
			}
			if fe := pl.edits[d]; fe != nil && !bytes.Equal(fe.bytes(), d.old) {
				s.changed[t.name] = append(s.changed[t.name], pl.c.treeRel(t, d))
			}
		}
	}
	if c.single {
		if s.names["."] == "" {
			s.names["."] = c.memberNamedByFolder()
		}
		pl.addElsewhere(&s)
	}
	s.spool = pl.spool(s.ownTree)
	return s
}

// addElsewhere adds to a run on one host tree the cluster's other
// members its files name, by host name: each is taken to need the edits
// this host's files got where it has this host's role, and the edits of
// the files its own role's hosts hold otherwise.
func (pl *planner) addElsewhere(s *stepScope) {
	c, node := pl.c, pl.p.Node
	self := c.trees[0]
	for _, m := range c.sortedMembers() {
		if node.matches(m.Host) || m.Host == s.names[self.name] || m.Tree != "" {
			continue
		}
		role := RolePlatform
		if !m.has(RolePlatform) {
			if !m.has(RoleAnalytics) {
				continue // a log aggregator or manager: the runbook has no step there
			}
			role = RoleAnalytics
		}
		rels := s.changed[self.name]
		if role != self.role {
			rels = editedPaths(role, node.role())
		}
		if role == RolePlatform {
			s.platform = append(s.platform, m.Host)
		} else {
			s.analytic = append(s.analytic, m.Host)
		}
		s.changed[m.Host] = rels
		s.elsewhere[m.Host] = true
	}
}

// memberNamedByFolder returns the member a single host tree's folder is
// named for (its host name or first label), or "".
func (c *Cluster) memberNamedByFolder() string {
	base := filepath.Base(c.base)
	for _, m := range c.sortedMembers() {
		if !isIP(m.Host) && folderNames(base, m.Host) {
			return m.Host
		}
	}
	return ""
}

// editedPaths returns the product paths of the kinds that hosts of role
// host hold (all of them, not only the first node) and that a change of
// a node of role r edits.
func editedPaths(host, r Role) []string {
	var out []string
	for _, sp := range specs {
		if sp.host == host && sp.editedBy(r) && !sp.firstOnly {
			out = append(out, sp.kind.Paths()[0])
		}
	}
	return out
}

// spool returns the spool folder of the node whose tree is own: the
// spoolbase its ecelerity.conf sets, else that of another Platform tree,
// else ecelerity's default.
func (pl *planner) spool(own string) string {
	var order []*tree
	for _, t := range pl.c.trees {
		if t.name == own {
			order = append([]*tree{t}, order...)
		} else if t.role == RolePlatform && !pl.c.files {
			order = append(order, t)
		}
	}
	for _, t := range order {
		if dir := pl.c.spoolbase(filepath.Join(t.abs, filepath.FromSlash(ecelerityConfDir), "default", "ecelerity.conf")); dir != "" {
			return dir
		}
	}
	return defaultSpool
}

// spoolbase returns the top-level spoolbase of the ecelerity.conf at
// path, or "" when it sets none or cannot be read.
func (c *Cluster) spoolbase(path string) string {
	src, err := c.readTrusted(path)
	if err != nil {
		return ""
	}
	f, err := ecconf.Parse(path, src)
	if err != nil {
		return ""
	}
	for _, st := range f.Root().Stmts {
		if o, ok := st.(*ecconf.Option); ok && strings.EqualFold(o.Name, "spoolbase") && o.Value.Kind == ecconf.Scalar {
			return strings.Trim(o.Value.Text, `"`)
		}
	}
	return ""
}

// treeRel returns the file's slash path below its host tree: for files
// named one by one, the product path of its kind.
func (c *Cluster) treeRel(t *tree, d *doc) string {
	switch {
	case c.files:
		return d.spec.kind.Paths()[0]
	case c.single:
		return strings.TrimPrefix(d.rel, "./")
	}
	return strings.TrimPrefix(d.rel, t.name+"/")
}
