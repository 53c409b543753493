package momoconf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/jsonconf"
)

// minSeeds is the number of seeds the documentation recommends.
const minSeeds = 3

// RemoveNode plans the removal of node from the host tree dir or, with
// opts.Cluster, from every host tree of the cluster folder dir (SPEC §1.2,
// §5). It deletes the node's Cassandra URI and node stanza from
// msg_gen.conf, its peer from msgc_server.conf, its server lines from
// click_proxy_upstream.conf and momo_upstream.conf, its host from the
// users-api and webhooks-api production.json, and its seed from
// cassandra.yaml. Entries match by host name (without regard to case) or
// by IP. A file that does not list the node is left as it is.
//
// node.IP may be empty: it is then read from the peers of msgc_server.conf.
// The tree of the node being removed (the one whose cassandra.yaml
// listen_address is the node) keeps its files and is reported as skipped.
// Warnings name a quorum above the nodes left, a seed list shorter than
// three and any Duravip_Preference in the ecelerity configuration that
// names the node (those files are not edited). Nothing is written: call
// [Plan.Apply].
func RemoveNode(dir string, node Node, opts Options) (*Plan, error) {
	if err := node.validate(false); err != nil {
		return nil, err
	}
	c, err := loadCluster(dir, opts)
	if err != nil {
		return nil, err
	}
	return planRemove(c, node)
}

// planRemove plans the removal of node from every tree of c but the
// node's own (only a host tree can be the node's own: named files never
// are).
func planRemove(c *cluster, node Node) (*Plan, error) {
	if node.IP == "" {
		ip, err := peerIP(c, node.Host)
		if err != nil {
			return nil, err
		}
		node.IP = ip
	}
	p := newPlan("remove-node", node, c)
	for _, t := range c.trees {
		if self, why := isNodeTree(t, node); self && !c.files {
			p.Skipped = append(p.Skipped, fmt.Sprintf("%s: skipped, it is the node being removed (%s)", t.name, why))
			t.skipped = true
			continue
		}
		if err := removeFromTree(t, node, c, p); err != nil {
			return nil, err
		}
	}
	warnDuraVIP(c, node, p)
	return p.finish(c), nil
}

// peerIP returns the address the peers hashes give host, or "" when none
// lists it. Different addresses in different files are an error.
func peerIP(c *cluster, host string) (string, error) {
	ip, from := "", ""
	for _, d := range c.docs(KindMsgcServer) {
		for _, peer := range d.ec.Peers() {
			if !strings.EqualFold(peer.Name, host) {
				continue
			}
			if ip != "" && !sameIP(ip, peer.Addr) {
				return "", fmt.Errorf("peers disagree on %s's address: %q in %s, %q in %s; give --ip", host, ip, from, peer.Addr, d.rel)
			}
			ip, from = peer.Addr, d.rel
		}
	}
	return ip, nil
}

// isNodeTree reports whether t is the host tree of n itself: its
// cassandra.yaml listens on n's address or name.
func isNodeTree(t *tree, n Node) (bool, string) {
	d := t.doc(KindCassandraYAML)
	if d == nil {
		return false, ""
	}
	addr, ok := d.cy.Get("listen_address")
	if ok && addr != "" && n.matches(addr) {
		return true, "listen_address " + addr
	}
	return false, ""
}

// removeFromTree makes the removals in every file of t.
func removeFromTree(t *tree, n Node, c *cluster, p *Plan) error {
	for _, d := range t.docs {
		var err error
		switch d.kind {
		case KindMsgGen:
			err = removeMsgGen(d, n, p)
		case KindMsgcServer:
			err = removePeer(d, n)
		case KindClickProxy, KindMomoUpstream:
			err = removeServer(d, n)
		case KindUsersAPI, KindWebhooksAPI:
			err = removeJSONHost(d, n)
		case KindCassandraYAML:
			err = removeSeed(d, n, c, p)
		}
		if err != nil {
			return d.wrap(err)
		}
	}
	return nil
}

func removeMsgGen(d *doc, n Node, p *Plan) error {
	found := false
	for _, u := range d.ec.CassandraURIs() {
		if n.matches(u.Host) {
			if _, err := d.ec.RemoveCassandraHost(u.Host); err != nil {
				return err
			}
			d.note("removed host %s from cassandra_client uri", u.Host)
			found = true
		}
	}
	for _, st := range d.ec.Nodes() {
		if n.matches(st.Name) {
			if _, err := d.ec.RemoveNode(st.Name); err != nil {
				return err
			}
			d.note("removed node %s (mta_id %d) from msg_gen", st.Name, st.MTAID)
			found = true
		}
	}
	if !found {
		d.noteSame("msg_gen.conf does not list %s", n.Host)
	}
	if q, ok := d.ec.Quorum(); ok && q > len(d.ec.Nodes()) {
		p.warn("%s: quorum = %d is more than the %d node(s) left; msg_gen cannot reach it", d.rel, q, len(d.ec.Nodes()))
	}
	return nil
}

func removePeer(d *doc, n Node) error {
	found := false
	for _, peer := range d.ec.Peers() {
		if n.matches(peer.Name) || (n.IP != "" && sameIP(peer.Addr, n.IP)) {
			if _, err := d.ec.RemovePeer(peer.Name); err != nil {
				return err
			}
			d.note("removed peer %s = %q from msgc_server", peer.Name, peer.Addr)
			found = true
		}
	}
	if !found {
		d.noteSame("peers do not list %s", n.Host)
	}
	return nil
}

func removeServer(d *doc, n Node) error {
	up, err := d.upstream()
	if err != nil {
		return err
	}
	name := up.Name
	found := false
	for _, s := range up.Servers() {
		if n.matches(s.Host) {
			if _, err := d.ng.RemoveServer(name, s.Address); err != nil {
				return err
			}
			d.note("removed server %s from upstream %s", s.Address, name)
			found = true
		}
	}
	if !found {
		d.noteSame("upstream %s does not list %s", name, n.Host)
	}
	return nil
}

func removeJSONHost(d *doc, n Node) error {
	path := jsonPathOf[d.kind]
	hosts, err := d.js.Strings(path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		d.noteSame("no %s", path)
		return nil
	}
	if err != nil {
		return err
	}
	found := false
	for _, h := range hosts {
		if n.matches(h) {
			if _, err := d.js.RemoveString(path, h); err != nil {
				return err
			}
			d.note("removed %s from %s", h, path)
			found = true
		}
	}
	if !found {
		d.noteSame("%s does not list %s", path, n.Host)
	}
	return nil
}

func removeSeed(d *doc, n Node, c *cluster, p *Plan) error {
	seeds, err := d.cy.Seeds()
	if errors.Is(err, cassyaml.ErrNoKey) {
		d.noteSame("no seeds list")
		return nil
	}
	if err != nil {
		return err
	}
	found := false
	for _, s := range seeds {
		if n.matches(s) {
			if _, err := d.cy.RemoveSeed(s); err != nil {
				return err
			}
			d.note("removed seed %s", s)
			found = true
		}
	}
	if !found {
		d.noteSame("seeds do not list %s", n.Host)
		return nil
	}
	left, err := d.cy.Seeds()
	if err != nil {
		return err
	}
	if len(left) < minSeeds {
		p.warn("%s: seeds now list %d host(s) (%s); three are recommended%s", d.rel, len(left), strings.Join(left, ", "), seedCandidates(c, n, left))
	}
	return nil
}

// seedCandidates names the cluster's Platform nodes that are not seeds and
// could replace a removed one.
func seedCandidates(c *cluster, removed Node, seeds []string) string {
	var out []string
	seen := map[string]bool{}
	for _, d := range c.docs(KindMsgcServer) {
		for _, peer := range d.ec.Peers() {
			name := strings.ToLower(peer.Name)
			if seen[name] || removed.matches(peer.Name) || removed.matches(peer.Addr) {
				continue
			}
			seen[name] = true
			isSeed := false
			for _, s := range seeds {
				isSeed = isSeed || strings.EqualFold(s, peer.Name) || sameIP(s, peer.Addr)
			}
			if !isSeed {
				out = append(out, peer.Name)
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; candidates: " + strings.Join(out, ", ")
}
