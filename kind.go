package momoconf

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/srcpos"
)

// Kind is a kind of file that lists cluster members.
type Kind int

// The kinds of file a Platform or an Analytics change edits.
const (
	KindUnknown       Kind = iota
	KindMsgGen             // msg_gen.conf: cassandra_client uri and msg_gen node stanzas
	KindMsgcServer         // msgc_server.conf: msgc_server peers
	KindClickProxy         // click_proxy_upstream.conf: upstream click_proxy
	KindMomoUpstream       // momo_upstream.conf: upstream momo-rest
	KindUsersAPI           // users-api production.json: cassandra.hosts
	KindWebhooksAPI        // webhooks-api production.json: cql.contactPoints
	KindCassandraYAML      // cassandra.yaml: listen_address, seeds

	KindAPIWebhooks          // api_webhooks_upstream.conf: upstream api_webhooks (Analytics hosts)
	KindWebuiUpstream        // webui_upstream.conf: upstream webui
	KindAPIMetrics           // api_metrics_upstream.conf: upstream api_metrics
	KindAPIUsers             // api_users_upstream.conf: upstream api_users
	KindAPIAdaptiveDelivery  // api_adaptive_delivery_upstream.conf: upstream api_adaptive_delivery
	KindAdaptiveDeliveryAPI  // adaptive-delivery-api production.json: vertica.hosts
	KindAdaptiveDeliveryCron // adaptive-delivery-api cron production.json: vertica.hosts
	KindMetricsAPI           // metrics-api production.json: vertica.hosts
	KindMetricsCron          // metrics-api cron production.json: vertica.hosts
	KindMetricsETL           // metrics-etl production.json: vertica.hosts
	KindWebhooksETL          // webhooks-etl production.json: vertica.hosts
	KindAdaptiveDeliveryETL  // adaptive-delivery-etl production.json: vertica.hosts
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

// kindSpec describes one kind of file: its name, where it lives below a
// host tree, the role of the hosts that hold it, and how to parse it into
// a content. Each kind_*.go file defines one.
type kindSpec struct {
	kind  Kind
	name  string
	paths []string // below a host tree: the Momentum 4 path first, then alternatives
	host  Role     // the role of the hosts that hold the file
	edits []Role   // the changes that edit it: those of the roles it lists
	// firstOnly: Platform nodes other than the first need not hold it
	// (the installation leaves it on the first MTA only)
	firstOnly bool
	format    format // the syntax the file is written in
	parse     func(name string, src []byte) (content, error)
}

// format is the syntax a kind of file is written in, as momoconf check
// names it.
type format = string

// The formats of the files momoconf reads.
const (
	formatEcelerity format = "ecelerity" // the ecelerity configuration: msg_gen.conf, msgc_server.conf
	formatNginx     format = "nginx"     // nginx configuration: the upstream files
	formatJSON      format = "json"      // strict JSON: the applications' production.json
	formatYAML      format = "yaml"      // YAML: cassandra.yaml
)

// Format names the syntax files of the kind are written in: "ecelerity",
// "nginx", "json" or "yaml"; "" for KindUnknown.
func (k Kind) Format() string {
	if s := specOf(k); s != nil {
		return s.format
	}
	return ""
}

// IsNginx reports whether files of the kind are nginx configuration, which
// nginx -t can check.
func (k Kind) IsNginx() bool { return k.Format() == formatNginx }

// editedBy reports whether a change of a node of role r edits the kind.
func (s *kindSpec) editedBy(r Role) bool { return slices.Contains(s.edits, r) }

// specs lists every kind in the order momoconf reports them.
var specs = []*kindSpec{msgGenSpec, msgcSpec, clickProxySpec, momoUpstreamSpec, usersAPISpec, webhooksAPISpec, cassandraSpec,
	apiWebhooksSpec, webuiUpstreamSpec, apiMetricsSpec, apiUsersSpec, apiAdaptiveDeliverySpec,
	adaptiveDeliveryAPISpec, adaptiveDeliveryCronSpec, metricsAPISpec, metricsCronSpec,
	metricsETLSpec, webhooksETLSpec, adaptiveDeliveryETLSpec}

func specOf(k Kind) *kindSpec {
	for _, s := range specs {
		if s.kind == k {
			return s
		}
	}
	return nil
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

// String returns the kind's name as ParseKind accepts it.
func (k Kind) String() string {
	if s := specOf(k); s != nil {
		return s.name
	}
	return "unknown"
}

// Roles returns the roles of the nodes whose addition or removal edits
// a file of the kind: those of the members its lists name.
func (k Kind) Roles() []Role {
	if s := specOf(k); s != nil {
		return slices.Clone(s.edits)
	}
	return nil
}

// MarshalText lets a Kind appear in JSON as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Kinds returns every kind, in the order momoconf reports them.
func Kinds() []Kind {
	out := make([]Kind, len(specs))
	for i, s := range specs {
		out[i] = s.kind
	}
	return out
}

// ParseKind returns the kind named s (as Kind.String writes it; a hyphen
// may stand for an underscore, and an nginx kind's "_upstream" may be left
// out: click_proxy is click_proxy_upstream).
func ParseKind(s string) (Kind, error) {
	s = strings.ReplaceAll(strings.ToLower(s), "-", "_")
	var names []string
	for _, spec := range specs {
		if spec.name == s || (spec.format == formatNginx && spec.name == s+"_upstream") {
			return spec.kind, nil
		}
		names = append(names, spec.name)
	}
	return KindUnknown, fmt.Errorf("unknown file kind %q (expected one of %s)", s, strings.Join(names, ", "))
}

// KindOf recognises a file by the end of its path: the kind whose product
// path it ends with, or whose file name it has when that name belongs to
// one kind only (production.json needs its application folder). It
// returns KindUnknown for a file it cannot place.
func KindOf(path string) Kind {
	slash := "/" + filepath.ToSlash(path)
	base := filepath.Base(path)
	found, count := KindUnknown, 0
	for _, s := range specs {
		for _, p := range s.paths {
			if strings.HasSuffix(slash, "/"+appPath(p)) {
				return s.kind
			}
		}
		if pathBase(s.paths[0]) == base {
			found, count = s.kind, count+1
		}
	}
	if count == 1 {
		return found
	}
	return KindUnknown
}

// appPath returns the part of a product path that names the file well
// enough: from the application folder for a production.json, the file
// name otherwise.
func appPath(p string) string {
	if pathBase(p) == "production.json" {
		if i := strings.Index(p, "app/"); i >= 0 {
			return p[i+len("app/"):]
		}
	}
	return pathBase(p)
}

func pathBase(p string) string { return p[strings.LastIndex(p, "/")+1:] }

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
