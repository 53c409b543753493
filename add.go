package momoconf

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
)

// AddNode plans the addition of node to every host tree of the cluster.
// It edits msg_gen.conf (a Cassandra URI and a node stanza),
// msgc_server.conf (a peer), click_proxy_upstream.conf and
// momo_upstream.conf (a server line) and the users-api and webhooks-api
// production.json (a host), wherever a tree holds them; cassandra.yaml is
// left alone unless opts.Seeds says otherwise. A file that already lists
// the node is left as it is and the plan says so.
//
// node.Host and node.IP are required. A request that contradicts the
// cluster is refused before anything is planned: an IP that is another
// member's, or a host the peers already give another address
// ([codes.Conflict]); an mta_id that is taken ([codes.MTAIDTaken]). When
// node.MTAID is 0, the node keeps the mta_id it already has anywhere, or
// gets one more than the highest in use (skipping ids that commented-out
// stanzas still show); on a single host tree or named files, a warning
// says to give the same mta_id on every host. The trees must agree on the
// existing node → mta_id map. On named files ([OpenFiles]) the mta_id is
// chosen from the msg_gen.conf files among them, a file that lists no
// member of the node's role is refused, and a node without a role whose
// files all list Analytics nodes only is taken for an Analytics node.
// opts.NewNodeDir needs a cluster folder and opts.From. Nothing is
// written: call [Plan.Apply].
//
// An Analytics node (node.Role [RoleAnalytics]) is added to the lists of
// Analytics hosts only: a server line in the api_webhooks, api_users,
// api_metrics, api_adaptive_delivery and webui upstreams and the host in
// each root vertica.hosts. Its IP is optional (a list naming its members
// by IP refuses the change without it, [codes.NeedIP]), it has no mta_id, and
// a cluster whose Analytics lists name fewer than two nodes is refused
// ([codes.TooFew]). Its new tree, with opts.NewNodeDir, copies every
// production.json below opt/msys/app and the files directly in
// opt/msys/3rdParty/nginx/conf.d from an Analytics tree, with webui's
// auth.apiPort and auth.apiHost set to false. A host name not in the
// members' form (a short name where every member has an FQDN, or the
// reverse) gives a warning ([codes.HostForm]).
func (c *Cluster) AddNode(node Node, opts AddOptions) (*Plan, error) {
	if opts.NewNodeDir != "" && (c.single || c.files || opts.From == "") {
		return nil, errNewNodeDir
	}
	if opts.Files != nil {
		return c.addNodeTree(node, opts.From, opts.Files)
	}
	return c.addNode(node, opts)
}

// addNode is AddNode without its check of opts: [Cluster.NewNodeFiles]
// plans a new tree beside a single host tree.
func (c *Cluster) addNode(node Node, opts AddOptions) (p *Plan, err error) {
	defer c.planning(opts)()
	defer func() { c.warnHostForm(p, node) }()
	if c.files {
		node.Role = filesRole(c.refs, node.Role)
	}
	if err := node.validate(true); err != nil {
		return nil, err
	}
	if err := errors.Join(c.checkFileRoles(node), c.checkSeeds(node, true)); err != nil {
		return nil, err
	}
	start, newTree := c.platformAdd, (*planner).planNewTree
	if node.role() == RoleAnalytics {
		start, newTree = c.analyticsAdd, (*planner).planAnalyticsTree
	}
	pl, err := start(node)
	if err != nil {
		return nil, err
	}
	// One loop for both roles: each tree's files of the kinds the node's
	// role edits get the node, but removed nodes' trees.
	node = pl.p.Node
	for _, t := range c.trees {
		if t.removed {
			pl.skipRemovedTree(t)
			continue
		}
		if err := pl.apply(t, node, c.leaving(content.add)); err != nil {
			return nil, err
		}
	}
	if c.change.NewNodeDir != "" {
		if err := newTree(pl, node); err != nil {
			return nil, err
		}
	}
	return pl.p.finish(pl), nil
}

// platformAdd checks the addition of a Platform node against the cluster,
// chooses its mta_id, and returns the planner of the addition, its node
// carrying that mta_id.
func (c *Cluster) platformAdd(node Node) (*planner, error) {
	if err := c.checkAdd(node); err != nil {
		return nil, err
	}
	existing := 0
	if m, ok := c.members[c.resolve(node.Host)]; ok {
		existing = m.MTAID
	}
	msgGens := c.docs(filekind.MsgGen, false)
	id, warnings, err := chooseMTAID(msgGens, node)
	if err != nil {
		return nil, err
	}
	given := node.MTAID != 0
	node.MTAID = id
	pl := newPlanner(c, "add-node", node)
	for _, w := range warnings {
		pl.p.warn(w)
	}
	if (c.single || c.files) && len(msgGens) > 0 && !given && existing == 0 {
		pl.p.warn(Warning{Code: codes.MTAIDPerHost, Message: fmt.Sprintf(
			"mta_id %d was chosen from this host's msg_gen.conf alone; give the same mta_id (--mta-id %d) on every host so that they agree", id, id)})
	}
	return pl, nil
}

var errNewNodeDir = errors.New("a new node folder needs a cluster folder and a source host folder to copy from")

// findMatch returns the first of names that names n.
func findMatch(names []string, n Node) (string, bool) {
	for _, s := range names {
		if n.matches(s) {
			return s, true
		}
	}
	return "", false
}
