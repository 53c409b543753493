package momoconf

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
)

// RemoveNode plans the removal of node from every host tree of the
// cluster but the node's own. It deletes the node's Cassandra URI and node
// stanza from msg_gen.conf, its peer from msgc_server.conf, its server
// lines from click_proxy_upstream.conf and momo_upstream.conf, its host
// from the users-api and webhooks-api production.json, and its seed from
// cassandra.yaml. Entries match by host name (without regard to case) or
// by IP. A file that does not list the node is left as it is.
//
// node.IP may be empty: it is then read from the peers of
// msgc_server.conf. An IP that is not the one the peers give the host, or
// that is another member's, is refused ([codes.Conflict]). A host no file
// lists changes nothing, with a warning that names the closest member. The
// tree of the node being removed (the one whose cassandra.yaml
// listen_address is the node) keeps its files and is reported as skipped;
// only a host tree can be the node's own, named files never are. Warnings
// name a quorum above the nodes left, a seed list shorter than three and
// any Duravip_Preference in the ecelerity configuration that names the
// node (those files are not edited). Nothing is written: call
// [Plan.Apply].
//
// An Analytics node (node.Role
// [RoleAnalytics]) is removed from the lists of Analytics hosts only; its
// own tree is the folder named for it (its host name or first label), and
// with none every tree is edited, with a warning. A removal that would
// leave an Analytics list empty is refused ([codes.LastEntry]); every one
// warns about Vertica's K-safety, and about fewer than three Analytics
// nodes left.
func (c *Cluster) RemoveNode(node Node, opts RemoveOptions) (*Plan, error) {
	defer c.planning(AddOptions{Seeds: opts.Seeds, Leave: opts.Leave})()
	if c.files {
		node.Role = filesRole(c.refs, node.Role)
	}
	if err := node.validate(false); err != nil {
		return nil, err
	}
	if err := errors.Join(c.checkFileRoles(node), c.checkSeeds(node, false)); err != nil {
		return nil, err
	}
	if node.role() == RoleAnalytics {
		return c.removeAnalytics(node)
	}
	w, err := c.checkRemove(&node)
	if err != nil {
		return nil, err
	}
	if err := c.needIPToRemove(node); err != nil {
		return nil, err
	}
	pl := newPlanner(c, "remove-node", node)
	if w != nil {
		pl.p.warn(*w)
	}
	for _, t := range c.trees {
		if self, why := isNodeTree(t, node); self && !c.files {
			pl.p.Skipped = append(pl.p.Skipped, fmt.Sprintf("%s: skipped, it is the node being removed (%s)", t.name, why))
			pl.skipped[t] = true
			continue
		}
		if err := pl.apply(t, node, c.leaving(content.remove)); err != nil {
			return nil, err
		}
	}
	pl.warnDuraVIP(node)
	return pl.p.finish(pl), nil
}

// seedCandidates names the cluster's peers that are not seeds and could
// replace a removed one.
func (c *Cluster) seedCandidates(removed Node, seeds []string) string {
	var out []string
	seen := map[string]bool{}
	read := map[parseKey]bool{} // identical copies list the same peers
	for _, d := range c.docs(filekind.MsgcServer, true) {
		if read[d.key] {
			continue
		}
		read[d.key] = true
		for _, l := range c.lists(d) {
			for _, peer := range l.entries {
				name := strings.ToLower(peer.name)
				if seen[name] || removed.matches(peer.name) || removed.matches(peer.addr) {
					continue
				}
				seen[name] = true
				isSeed := false
				for _, s := range seeds {
					isSeed = isSeed || strings.EqualFold(s, peer.name) || sameIP(s, peer.addr)
				}
				if !isSeed {
					out = append(out, peer.name)
				}
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; candidates: " + strings.Join(out, ", ")
}

// mayBe returns whether a list entry, named by IP address, may be n's: an
// address that the peers give no other named member.
func (c *Cluster) mayBe(n Node) func(e entry) bool {
	return func(e entry) bool {
		if !isIP(e.name) {
			return false
		}
		m, ok := c.lookup(e.name)
		return !ok || isIP(m.Host) || n.matches(m.Host)
	}
}

// needIPToRemove refuses, on a single host tree, the removal of a node
// whose address is neither given nor learned from the peers when a list
// the removal edits names a member by an IP address that the peers give
// no other named member: the node's entry there could not be told apart,
// and would stay.
func (c *Cluster) needIPToRemove(n Node) error {
	if n.IP != "" || !c.single {
		return nil
	}
	for _, t := range c.trees {
		for _, d := range t.docs {
			if !d.spec.editedBy(n.role()) {
				continue
			}
			for _, l := range c.lists(d) {
				i := slices.IndexFunc(l.entries, c.mayBe(n))
				if l.role != n.role() || i < 0 {
					continue
				}
				err := &refusal{kind: codes.NeedIP, msg: fmt.Sprintf("%s: %s names members by IP address, and no IP was given for %s nor found in this host's peers; give --ip (the module's ip); nothing written", d.shown, l.field, n.Host)}
				return placed(err, d.at(l.entries[i].pos))
			}
		}
	}
	return nil
}
