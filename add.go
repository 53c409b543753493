package momoconf

import (
	"errors"
	"strings"

	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/nginxconf"
)

// defaultUpstreamPort is the port of the click_proxy and momo-rest
// upstreams when a block lists no server to copy it from.
const defaultUpstreamPort = "2081"

// AddNode plans the addition of node to the host tree dir or, with
// opts.Cluster, to every host tree of the cluster folder dir (SPEC §1.1,
// §5). It edits msg_gen.conf (a Cassandra URI and a node stanza),
// msgc_server.conf (a peer), click_proxy_upstream.conf and
// momo_upstream.conf (a server line) and the users-api and webhooks-api
// production.json (a host), wherever a tree holds them; cassandra.yaml
// is left alone. A file that already lists the node is left as it is and
// the plan says so.
//
// node.Host and node.IP are required. When node.MTAID is 0, the node keeps
// the mta_id it already has anywhere, or gets one more than the highest in
// use (skipping ids that commented-out stanzas still show). The trees must
// agree on the existing node → mta_id map. Nothing is written: call
// [Plan.Apply].
func AddNode(dir string, node Node, opts Options) (*Plan, error) {
	if err := node.validate(true); err != nil {
		return nil, err
	}
	if opts.NewNodeDir != "" && (!opts.Cluster || opts.From == "") {
		return nil, errors.New("a new node folder needs a cluster folder and a source host folder to copy from")
	}
	c, err := loadCluster(dir, opts)
	if err != nil {
		return nil, err
	}
	return planAdd(c, node, opts)
}

// planAdd plans the addition of node to every tree of c.
func planAdd(c *cluster, node Node, opts Options) (*Plan, error) {
	id, warnings, err := chooseMTAID(c.docs(KindMsgGen), node)
	if err != nil {
		return nil, err
	}
	node.MTAID = id
	p := newPlan("add-node", node, c)
	p.Warnings = append(p.Warnings, warnings...)
	for _, t := range c.trees {
		if err := addToTree(t, node, p); err != nil {
			return nil, err
		}
	}
	if opts.NewNodeDir != "" {
		if err := planNewTree(c, node, opts, p); err != nil {
			return nil, err
		}
	}
	return p.finish(c), nil
}

// addToTree makes the additions in every file of t.
func addToTree(t *tree, n Node, p *Plan) error {
	for _, d := range t.docs {
		var err error
		switch d.kind {
		case KindMsgGen:
			err = addMsgGen(d, n)
		case KindMsgcServer:
			err = addPeer(d, n, p)
		case KindClickProxy, KindMomoUpstream:
			err = addServer(d, n)
		case KindUsersAPI, KindWebhooksAPI:
			err = addJSONHost(d, n, p)
		case KindCassandraYAML:
			d.noteSame("seeds left alone: a node is added as a non-seed")
		}
		if err != nil {
			return d.wrap(err)
		}
	}
	return nil
}

func addMsgGen(d *doc, n Node) error {
	var hosts []string
	for _, u := range d.ec.CassandraURIs() {
		hosts = append(hosts, u.Host)
	}
	if h, ok := findMatch(hosts, n); ok {
		d.noteSame("cassandra_client uri already lists host %s", h)
	} else {
		name := n.nameFor(hosts)
		if _, err := d.ec.AddCassandraHost(name); err != nil {
			return err
		}
		d.note("added host %s to cassandra_client uri", name)
	}
	for _, st := range d.ec.Nodes() {
		if n.matches(st.Name) {
			d.noteSame("msg_gen already has node %s (mta_id %d)", st.Name, st.MTAID)
			return nil
		}
	}
	if _, err := d.ec.AddNode(n.Host, n.MTAID, 1); err != nil {
		return err
	}
	d.note("added node %s { mta_id = %d votes = 1 } to msg_gen", n.Host, n.MTAID)
	return nil
}

func addPeer(d *doc, n Node, p *Plan) error {
	for _, peer := range d.ec.Peers() {
		if !n.matches(peer.Name) && !sameIP(peer.Addr, n.IP) {
			continue
		}
		if !strings.EqualFold(peer.Name, n.Host) || !sameIP(peer.Addr, n.IP) {
			p.warn("%s: peers has %s = %q, which differs from %s = %q; left as it is", d.rel, peer.Name, peer.Addr, n.Host, n.IP)
		}
		d.noteSame("peers already lists %s = %q", peer.Name, peer.Addr)
		return nil
	}
	if _, err := d.ec.AddPeer(n.Host, n.IP); err != nil {
		return err
	}
	d.note("added peer %s = %q to msgc_server", n.Host, n.IP)
	return nil
}

func addServer(d *doc, n Node) error {
	up, err := d.upstream()
	if err != nil {
		return err
	}
	name, servers := up.Name, up.Servers()
	var hosts []string
	for _, s := range servers {
		hosts = append(hosts, s.Host)
	}
	if h, ok := findMatch(hosts, n); ok {
		d.noteSame("upstream %s already lists server %s", name, h)
		return nil
	}
	addr := hostPort(n.nameFor(hosts), upstreamPort(servers))
	if _, err := d.ng.AddServer(name, addr); err != nil {
		return err
	}
	d.note("added server %s to upstream %s", addr, name)
	return nil
}

// upstreamPort returns the port the block's servers use: that of the last
// server with one, or the default.
func upstreamPort(servers []nginxconf.Server) string {
	for i := len(servers) - 1; i >= 0; i-- {
		if servers[i].Port != "" {
			return servers[i].Port
		}
	}
	return defaultUpstreamPort
}

func hostPort(host, port string) string {
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}

func addJSONHost(d *doc, n Node, p *Plan) error {
	path := jsonPathOf[d.kind]
	hosts, err := d.js.Strings(path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		p.warn("%s: has no %s; left as it is", d.rel, path)
		d.noteSame("no %s", path)
		return nil
	}
	if err != nil {
		return err
	}
	if h, ok := findMatch(hosts, n); ok {
		d.noteSame("%s already lists %s", path, h)
		return nil
	}
	name := n.nameFor(hosts)
	if _, err := d.js.AddString(path, name); err != nil {
		return err
	}
	d.note("added %s to %s", name, path)
	return nil
}

// findMatch returns the first of names that names n.
func findMatch(names []string, n Node) (string, bool) {
	for _, s := range names {
		if n.matches(s) {
			return s, true
		}
	}
	return "", false
}
