package momoconf

import (
	"slices"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

// Role is what a member is to the cluster, and which members a list names.
type Role string

// The roles.
const (
	RolePlatform  Role = "platform"  // MTA + Cassandra
	RoleAnalytics Role = "analytics" // Vertica + the Node.js applications
	// RolePeer is a msgc_server peer that no Platform list names: a log
	// aggregator or cluster manager.
	RolePeer Role = "peer"
)

// kindSpec is what momoconf does with one kind of file (whose name, syntax
// and paths package filekind gives): the role of the hosts that hold it,
// the changes that edit it, and how to parse it into a content. Each
// kind_*.go file defines one.
type kindSpec struct {
	kind  filekind.Kind // its name, syntax and paths
	host  Role          // the role of the hosts that hold the file
	edits []Role        // the changes that edit it: those of the roles it lists
	// firstOnly: Platform nodes other than the first need not hold it
	// (the installation leaves it on the first MTA only)
	firstOnly bool
	parse     func(name string, src []byte) (content, error)
}

// editedBy reports whether a change of a node of role r edits the kind.
func (s *kindSpec) editedBy(r Role) bool { return slices.Contains(s.edits, r) }

// specs lists every kind in the order momoconf reports them.
var specs = []*kindSpec{msgGenSpec, msgcSpec, clickProxySpec, momoUpstreamSpec, usersAPISpec, webhooksAPISpec, cassandraSpec,
	apiWebhooksSpec, webuiUpstreamSpec, apiMetricsSpec, apiUsersSpec, apiAdaptiveDeliverySpec,
	adaptiveDeliveryAPISpec, adaptiveDeliveryCronSpec, metricsAPISpec, metricsCronSpec,
	metricsETLSpec, webhooksETLSpec, adaptiveDeliveryETLSpec}

// specOf returns the spec of kind k, nil for filekind.Unknown.
func specOf(k filekind.Kind) *kindSpec {
	if k <= filekind.Unknown || int(k) > len(specs) {
		return nil
	}
	return specs[k-1]
}

// content is one parsed member-listing file: what it lists, and how a
// node is added to it or removed from it. The edits change the content
// in place; Bytes returns it.
type content interface {
	Bytes() []byte
	lists() []memberList
	add(e *edit) error
	remove(e *edit) error
}

// checker is a content with rules of its own that status checks (quorum,
// duplicate ids).
type checker interface {
	problems() []string
}

// expectation says which members a list is expected to name.
type expectation int

const (
	expectAll   expectation = iota // every member of the list's role
	expectPeers                    // every Platform member and every other peer
	expectSome                     // a chosen few (seeds): checked apart
)

// memberList is one list of members in a file (a file may hold two).
type memberList struct {
	field   string // "msgc_server peers", "upstream click_proxy", ...
	short   string // a column heading for the status table
	role    Role
	expect  expectation
	compare bool // the entries' details must agree across files (mta_id, address)
	entries []entry
}

// entry is one member as a list names it.
type entry struct {
	name   string          // host name or address, as written
	detail string          // "mta_id 2", "10.77.0.94", "port 2081", or ""
	addr   string          // for a peer: its address
	mtaID  int             // for a msg_gen node: its mta_id
	pos    srcpos.Position // where the list writes it (name it with doc.at); no line when unknown
}

// rolesOf returns the roles of the nodes whose addition or removal edits
// a file of kind k: those of the members its lists name.
func rolesOf(k filekind.Kind) []Role {
	if s := specOf(k); s != nil {
		return s.edits
	}
	return nil
}

// newNodeCopies lists what the runbook copies from an existing Platform node
// to a new one (files, or folders copied whole).
var newNodeCopies = []string{
	"opt/msys/3rdParty/cassandra/conf/cassandra.yaml",
	"opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf",
	"opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf",
	"opt/msys/app/metrics-etl/config/production.json",
	"opt/msys/app/adaptive-delivery-etl/config/production.json",
	"opt/msys/app/webhooks-etl/config/production.json",
	"opt/msys/etc",
	"opt/msys/ecelerity/etc/conf",
}
