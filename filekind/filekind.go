// Package filekind names the kinds of file that list the members of a
// Momentum 4 cluster: each [Kind]'s name (as the command line and the
// JSON write it), the syntax its files are written in, and where they
// live below a host tree. Package momoconf reads and edits them.
package filekind

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Kind is a kind of file that lists cluster members.
type Kind int

// The kinds of file a Platform or an Analytics change edits, in the order
// momoconf reports them.
const (
	Unknown       Kind = iota
	MsgGen             // msg_gen.conf: cassandra_client uri and msg_gen node stanzas
	MsgcServer         // msgc_server.conf: msgc_server peers
	ClickProxy         // click_proxy_upstream.conf: upstream click_proxy
	MomoUpstream       // momo_upstream.conf: upstream momo-rest
	UsersAPI           // users-api production.json: cassandra.hosts
	WebhooksAPI        // webhooks-api production.json: cql.contactPoints
	CassandraYAML      // cassandra.yaml: listen_address, seeds

	APIWebhooks          // api_webhooks_upstream.conf: upstream api_webhooks (Analytics hosts)
	WebuiUpstream        // webui_upstream.conf: upstream webui
	APIMetrics           // api_metrics_upstream.conf: upstream api_metrics
	APIUsers             // api_users_upstream.conf: upstream api_users
	APIAdaptiveDelivery  // api_adaptive_delivery_upstream.conf: upstream api_adaptive_delivery
	AdaptiveDeliveryAPI  // adaptive-delivery-api production.json: vertica.hosts
	AdaptiveDeliveryCron // adaptive-delivery-api cron production.json: vertica.hosts
	MetricsAPI           // metrics-api production.json: vertica.hosts
	MetricsCron          // metrics-api cron production.json: vertica.hosts
	MetricsETL           // metrics-etl production.json: vertica.hosts
	WebhooksETL          // webhooks-etl production.json: vertica.hosts
	AdaptiveDeliveryETL  // adaptive-delivery-etl production.json: vertica.hosts
)

// The syntaxes the files are written in, as Format names them.
const (
	ecelerity = "ecelerity" // the ecelerity configuration: msg_gen.conf, msgc_server.conf
	nginx     = "nginx"     // nginx configuration: the upstream files
	json      = "json"      // strict JSON: the applications' production.json
	yaml      = "yaml"      // YAML: cassandra.yaml
)

// about is what this package knows of one kind.
type about struct {
	name      string
	format    string
	paths     []string // below a host tree: the Momentum 4 path first, then alternatives
	analytics bool     // its lists name Analytics nodes only
}

const (
	confD = "opt/msys/3rdParty/nginx/conf.d/"
	app   = "opt/msys/app/"
)

var kinds = [...]about{
	MsgGen:               {"msg_gen", ecelerity, []string{"opt/msys/ecelerity/etc/conf/default/msg_gen.conf"}, false},
	MsgcServer:           {"msgc_server", ecelerity, []string{"opt/msys/ecelerity/etc/conf/global/msgc_server.conf"}, false},
	ClickProxy:           {"click_proxy_upstream", nginx, []string{confD + "click_proxy_upstream.conf"}, false},
	MomoUpstream:         {"momo_upstream", nginx, []string{confD + "momo_upstream.conf", "usr/local/openresty/nginx/conf.d/momo_upstream.conf"}, false},
	UsersAPI:             {"users_api", json, []string{app + "users-api/config/production.json"}, false},
	WebhooksAPI:          {"webhooks_api", json, []string{app + "webhooks-api/config/production.json"}, false},
	CassandraYAML:        {"cassandra_yaml", yaml, []string{"opt/msys/3rdParty/cassandra/conf/cassandra.yaml"}, false},
	APIWebhooks:          {"api_webhooks_upstream", nginx, []string{confD + "api_webhooks_upstream.conf"}, true},
	WebuiUpstream:        {"webui_upstream", nginx, []string{confD + "webui_upstream.conf"}, true},
	APIMetrics:           {"api_metrics_upstream", nginx, []string{confD + "api_metrics_upstream.conf"}, true},
	APIUsers:             {"api_users_upstream", nginx, []string{confD + "api_users_upstream.conf"}, true},
	APIAdaptiveDelivery:  {"api_adaptive_delivery_upstream", nginx, []string{confD + "api_adaptive_delivery_upstream.conf"}, true},
	AdaptiveDeliveryAPI:  {"adaptive_delivery_api", json, []string{app + "adaptive-delivery-api/config/production.json"}, true},
	AdaptiveDeliveryCron: {"adaptive_delivery_api_cron", json, []string{app + "adaptive-delivery-api/cron/config/production.json"}, true},
	MetricsAPI:           {"metrics_api", json, []string{app + "metrics-api/config/production.json"}, true},
	MetricsCron:          {"metrics_api_cron", json, []string{app + "metrics-api/cron/config/production.json"}, true},
	MetricsETL:           {"metrics_etl", json, []string{app + "metrics-etl/config/production.json"}, true},
	WebhooksETL:          {"webhooks_etl", json, []string{app + "webhooks-etl/config/production.json"}, true},
	AdaptiveDeliveryETL:  {"adaptive_delivery_etl", json, []string{app + "adaptive-delivery-etl/config/production.json"}, true},
}

func (k Kind) known() bool { return k > Unknown && int(k) < len(kinds) }

// String returns the kind's name as [Parse] accepts it, "unknown" for
// Unknown or a number that names no kind.
func (k Kind) String() string {
	if !k.known() {
		return "unknown"
	}
	return kinds[k].name
}

// Format names the syntax files of the kind are written in: "ecelerity",
// "nginx", "json" or "yaml"; "" for Unknown.
func (k Kind) Format() string {
	if !k.known() {
		return ""
	}
	return kinds[k].format
}

// IsNginx reports whether files of the kind are nginx configuration, which
// nginx -t can check.
func (k Kind) IsNginx() bool { return k.Format() == nginx }

// Paths returns where files of the kind live below a host tree,
// slash-separated: the Momentum 4 path first, then the alternatives. The
// slice is shared: do not change it.
func (k Kind) Paths() []string {
	if !k.known() {
		return nil
	}
	return kinds[k].paths
}

// AnalyticsOnly reports whether the lists of files of the kind name
// Analytics nodes only: the upstreams of the Analytics applications, and
// the production.json files that name Vertica hosts and nothing else. A
// change of named files of such kinds alone is an Analytics node's.
func (k Kind) AnalyticsOnly() bool { return k.known() && kinds[k].analytics }

// MarshalText lets a Kind appear in JSON as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// All returns every kind, in the order momoconf reports them.
func All() []Kind {
	out := make([]Kind, 0, len(kinds)-1)
	for k := Unknown + 1; int(k) < len(kinds); k++ {
		out = append(out, k)
	}
	return out
}

// Parse returns the kind named s (as String writes it; case is ignored, a
// hyphen may stand for an underscore, and an nginx kind's "_upstream" may
// be left out: click_proxy is click_proxy_upstream).
func Parse(s string) (Kind, error) {
	s = strings.ReplaceAll(strings.ToLower(s), "-", "_")
	var names []string
	for _, k := range All() {
		if a := kinds[k]; a.name == s || (a.format == nginx && a.name == s+"_upstream") {
			return k, nil
		}
		names = append(names, kinds[k].name)
	}
	return Unknown, fmt.Errorf("unknown file kind %q (expected one of %s)", s, strings.Join(names, ", "))
}

// Of recognises a file by the end of its path: the kind whose product
// path it ends with, or whose file name it has when that name belongs to
// one kind only (production.json needs its application folder). It
// returns Unknown for a file it cannot place.
func Of(path string) Kind {
	slash := "/" + filepath.ToSlash(path)
	base := filepath.Base(path)
	found, count := Unknown, 0
	for _, k := range All() {
		for _, p := range kinds[k].paths {
			if strings.HasSuffix(slash, "/"+appPath(p)) {
				return k
			}
		}
		if pathBase(kinds[k].paths[0]) == base {
			found, count = k, count+1
		}
	}
	if count == 1 {
		return found
	}
	return Unknown
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
