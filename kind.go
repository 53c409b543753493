package momoconf

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Kind is a kind of file that lists cluster members.
type Kind int

// The kinds of file a Platform change edits.
const (
	KindUnknown       Kind = iota
	KindMsgGen             // msg_gen.conf: cassandra_client uri and msg_gen node stanzas
	KindMsgcServer         // msgc_server.conf: msgc_server peers
	KindClickProxy         // click_proxy_upstream.conf: upstream click_proxy
	KindMomoUpstream       // momo_upstream.conf: upstream momo-rest
	KindUsersAPI           // users-api production.json: cassandra.hosts
	KindWebhooksAPI        // webhooks-api production.json: cql.contactPoints
	KindCassandraYAML      // cassandra.yaml: listen_address, seeds
)

var kindNames = map[Kind]string{
	KindMsgGen:        "msg_gen",
	KindMsgcServer:    "msgc_server",
	KindClickProxy:    "click_proxy_upstream",
	KindMomoUpstream:  "momo_upstream",
	KindUsersAPI:      "users_api",
	KindWebhooksAPI:   "webhooks_api",
	KindCassandraYAML: "cassandra_yaml",
}

// String returns the kind's name as ParseKind accepts it.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}

// MarshalText lets a Kind appear in JSON as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Kinds returns every kind, in the order momoconf reports them.
func Kinds() []Kind {
	return []Kind{KindMsgGen, KindMsgcServer, KindClickProxy, KindMomoUpstream, KindUsersAPI, KindWebhooksAPI, KindCassandraYAML}
}

// ParseKind returns the kind named s (as Kind.String writes it; a hyphen
// may stand for an underscore).
func ParseKind(s string) (Kind, error) {
	s = strings.ReplaceAll(strings.ToLower(s), "-", "_")
	for k, name := range kindNames {
		if name == s {
			return k, nil
		}
	}
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.String())
	}
	return KindUnknown, fmt.Errorf("unknown file kind %q (expected one of %s)", s, strings.Join(names, ", "))
}

// KindOf recognises a file by its name and, for production.json, by the
// application folder it sits in (users-api/config or webhooks-api/config).
// It returns KindUnknown for a file it cannot place, such as
// api_webhooks_upstream.conf, which lists Analytics nodes.
func KindOf(path string) Kind {
	slash := filepath.ToSlash(path)
	switch filepath.Base(path) {
	case "msg_gen.conf":
		return KindMsgGen
	case "msgc_server.conf":
		return KindMsgcServer
	case "click_proxy_upstream.conf":
		return KindClickProxy
	case "momo_upstream.conf":
		return KindMomoUpstream
	case "cassandra.yaml":
		return KindCassandraYAML
	case "production.json":
		switch {
		case strings.HasSuffix(slash, "users-api/config/production.json"):
			return KindUsersAPI
		case strings.HasSuffix(slash, "webhooks-api/config/production.json"):
			return KindWebhooksAPI
		}
	}
	return KindUnknown
}

// productPaths lists where each kind lives below a host tree, first the
// Momentum 4 path, then alternatives seen in other layouts.
var productPaths = map[Kind][]string{
	KindMsgGen:        {"opt/msys/ecelerity/etc/conf/default/msg_gen.conf"},
	KindMsgcServer:    {"opt/msys/ecelerity/etc/conf/global/msgc_server.conf"},
	KindClickProxy:    {"opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"},
	KindMomoUpstream:  {"opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf", "usr/local/openresty/nginx/conf.d/momo_upstream.conf"},
	KindUsersAPI:      {"opt/msys/app/users-api/config/production.json"},
	KindWebhooksAPI:   {"opt/msys/app/webhooks-api/config/production.json"},
	KindCassandraYAML: {"opt/msys/3rdParty/cassandra/conf/cassandra.yaml"},
}

// upstreamOf names the nginx upstream block each upstream file holds.
var upstreamOf = map[Kind]string{
	KindClickProxy:   "click_proxy",
	KindMomoUpstream: "momo-rest",
}

// jsonPathOf names the array of Platform hosts in each production.json.
var jsonPathOf = map[Kind]string{
	KindUsersAPI:    "cassandra.hosts",
	KindWebhooksAPI: "cql.contactPoints",
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
