package momoconf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/codes"
)

// seedHost is a host the operator names as a seed: the member's host name
// (its key) and address, as the cluster knows them.
type seedHost struct {
	host string // lower-case host name, or the address a list names it by
	ip   string // "" when unknown
}

// seedHosts resolves opts.Seeds for a change of node n: each must be a
// Platform member after the change (the node added included, the node
// removed excluded). A host that is not is refused with an error wrapping
// [codes.NotMember] that names it; a Seeds list on an Analytics change is
// refused too (an Analytics node has no cassandra.yaml). Duplicates count
// once.
func (c *Cluster) seedHosts(n Node, add bool) ([]seedHost, error) {
	if len(c.change.Seeds) == 0 {
		return nil, nil
	}
	if n.role() == RoleAnalytics {
		return nil, fmt.Errorf("seeds apply to a Platform change (cassandra.yaml), not to an Analytics node's")
	}
	var out []seedHost
	for _, s := range c.change.Seeds {
		s = strings.ToLower(strings.TrimSpace(s))
		h, err := c.seedHost(s, n, add)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(o seedHost) bool { return o.host == h.host }) {
			out = append(out, h)
		}
	}
	return out, nil
}

// seedHost resolves one seed the operator names.
func (c *Cluster) seedHost(s string, n Node, add bool) (seedHost, error) {
	switch {
	case s == "" || strings.ContainsAny(s, ", \t"):
		return seedHost{}, fmt.Errorf("seed %q is not one host name or address", s)
	case n.matches(s) && add:
		return seedHost{host: strings.ToLower(n.Host), ip: n.IP}, nil
	case n.matches(s):
		return seedHost{}, &refusal{kind: codes.NotMember, msg: fmt.Sprintf("seed %s is the node being removed; nothing written", s)}
	}
	m, ok := c.lookup(s)
	if !ok || !m.has(RolePlatform) {
		return seedHost{}, &refusal{kind: codes.NotMember, msg: fmt.Sprintf(
			"seed %s is not a Platform member of the cluster (a seed must be a Cassandra node: one of %s); nothing written", s, strings.Join(c.platformHosts(n, add), ", "))}
	}
	return seedHost{host: m.Host, ip: m.IP}, nil
}

// platformHosts lists the Platform members after the change of n.
func (c *Cluster) platformHosts(n Node, add bool) []string {
	var out []string
	for _, m := range c.sortedMembers() {
		if m.has(RolePlatform) && (add || !n.matches(m.Host)) {
			out = append(out, m.Host)
		}
	}
	if add && !slices.ContainsFunc(out, n.matches) {
		out = append(out, n.Host)
	}
	return out
}

// checkSeeds refuses, before anything is planned, a seed list that names
// a host that is no Platform member after the change.
func (c *Cluster) checkSeeds(n Node, add bool) error {
	_, err := c.seedHosts(n, add)
	return err
}

// is reports whether the seed s, as a cassandra.yaml writes it, names h.
func (h seedHost) is(c *Cluster, s string) bool {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	return s == h.host || (h.ip != "" && sameIP(s, h.ip)) || c.resolve(s) == h.host
}

// setSeeds makes the seeds of f the hosts the operator named: it adds the
// missing ones (by address where every seed already is one, by host name
// otherwise) and removes the others, so that the file keeps its quoting
// and separator style.
func setSeeds(f *cassyaml.File, e *edit, want []seedHost) error {
	c := e.pl.c
	current, err := f.Seeds()
	if err != nil {
		return err
	}
	byIP := len(current) > 0 && !slices.ContainsFunc(current, func(s string) bool { return !isIP(s) })
	for _, w := range want {
		if slices.ContainsFunc(current, func(s string) bool { return w.is(c, s) }) {
			continue
		}
		name := w.host
		if byIP && w.ip != "" {
			name = w.ip
		}
		if _, err := f.AddSeed(name); err != nil {
			return err
		}
		e.note("added seed %s", name)
	}
	for _, s := range current {
		if !slices.ContainsFunc(want, func(w seedHost) bool { return w.is(c, s) }) {
			if _, err := f.RemoveSeed(s); err != nil {
				return err
			}
			e.note("removed seed %s", s)
		}
	}
	if len(e.fe.notes) == 0 {
		e.noteSame("seeds already %s", strings.Join(current, ","))
	}
	return nil
}
