// Package clustergen writes realistic Momentum 4 cluster folders of any
// size, for benchmarks and scale tests: one host tree per node, each
// holding the files the runbook edits, every list naming every member, in
// the styles of the example cluster in testdata/two-tier.
//
// Platform node i is node<i>.int.example.com at 10.77.<i/250>.<i%250+1>,
// with mta_id i; Analytics node j is analytics<j>.int.example.com.
package clustergen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Spec says how many nodes of each role the cluster has.
type Spec struct {
	Platform  int // Platform nodes (MTA + Cassandra); at most 254, the mta_id limit
	Analytics int // Analytics nodes (Vertica + the APIs)
}

// Sized returns the spec of a cluster of about hosts hosts, as the
// benchmarks use: up to 250 hosts, that many Platform nodes and 5
// Analytics nodes; beyond 250, 250 Platform nodes and hosts-250
// Analytics nodes. The mta_id limit (254) caps the Platform nodes, with
// room left for the node a benchmark adds, so the rest of a larger fleet
// is Analytics: its lists grow with the fleet as the Platform ones do.
func Sized(hosts int) Spec {
	if hosts <= 250 {
		return Spec{Platform: hosts, Analytics: 5}
	}
	return Spec{Platform: 250, Analytics: hosts - 250}
}

// PlatformHost returns the host name of Platform node i (from 1).
func PlatformHost(i int) string { return fmt.Sprintf("node%d.int.example.com", i) }

// PlatformIP returns the IP address of Platform node i (from 1).
func PlatformIP(i int) string { return fmt.Sprintf("10.77.%d.%d", i/250, i%250+1) }

// AnalyticsHost returns the host name of Analytics node j (from 1).
func AnalyticsHost(j int) string { return fmt.Sprintf("analytics%d.int.example.com", j) }

// Write creates the cluster of spec in dir (which must exist): a folder
// node<i> for each Platform node and analytics<j> for each Analytics node.
// It returns the number of files and bytes written.
func Write(dir string, spec Spec) (files int, bytes int64, err error) {
	if spec.Platform < 1 || spec.Platform > 254 {
		return 0, 0, fmt.Errorf("clustergen: %d Platform nodes (expected 1 to 254)", spec.Platform)
	}
	c := contents(spec)
	w := func(tree, rel, data string) {
		if err != nil {
			return
		}
		p := filepath.Join(dir, tree, filepath.FromSlash(rel))
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, []byte(data), 0o644)
			files++
			bytes += int64(len(data))
		}
	}
	for i := 1; i <= spec.Platform; i++ {
		tree := fmt.Sprintf("node%d", i)
		for rel, data := range c.platform {
			w(tree, rel, data)
		}
		w(tree, "opt/msys/3rdParty/cassandra/conf/cassandra.yaml", cassandraYAML(PlatformIP(i)))
	}
	for j := 1; j <= spec.Analytics; j++ {
		tree := fmt.Sprintf("analytics%d", j)
		for rel, data := range c.analytics {
			w(tree, rel, data)
		}
	}
	return files, bytes, err
}

// treeFiles holds the files every tree of one role shares, by slash path.
type treeFiles struct {
	platform, analytics map[string]string
}

func contents(spec Spec) treeFiles {
	var platform, analytics []string
	for i := 1; i <= spec.Platform; i++ {
		platform = append(platform, PlatformHost(i))
	}
	for j := 1; j <= spec.Analytics; j++ {
		analytics = append(analytics, AnalyticsHost(j))
	}
	verticaJSON := jsonObject("vertica", "hosts", analytics)
	t := treeFiles{
		platform: map[string]string{
			"opt/msys/ecelerity/etc/conf/default/msg_gen.conf":         msgGen(platform),
			"opt/msys/ecelerity/etc/conf/global/msgc_server.conf":      msgcServer(spec.Platform),
			"opt/msys/ecelerity/etc/conf/default/ecelerity.conf":       ecelerityConf,
			"opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf": upstream("click_proxy", platform, "2081", "     ", "   "),
			"opt/msys/etc/cluster.env":                                 "MSYS_CLUSTER=default\n",
		},
		analytics: map[string]string{
			"opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf":    upstream("momo-rest", platform, "2081", "\t", ""),
			"opt/msys/app/users-api/config/production.json":        jsonObject("cassandra", "hosts", platform),
			"opt/msys/app/webhooks-api/config/production.json":     webhooksAPI(platform, analytics),
			"opt/msys/app/metrics-api/config/production.json":      verticaJSON,
			"opt/msys/app/metrics-api/cron/config/production.json": verticaJSON,
		},
	}
	if spec.Analytics > 0 {
		t.platform["opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf"] = upstream("api_webhooks", analytics, "2084", "     ", "   ")
		for _, app := range []string{"metrics-etl", "webhooks-etl", "adaptive-delivery-etl"} {
			t.platform["opt/msys/app/"+app+"/config/production.json"] = verticaJSON
		}
		for name, port := range map[string]string{"webui": "2082", "api_metrics": "2083", "api_users": "2085", "api_adaptive_delivery": "2086"} {
			t.analytics["opt/msys/3rdParty/nginx/conf.d/"+name+"_upstream.conf"] = upstream(name, analytics, port, "   ", "")
		}
		// The runbook copies api_webhooks_upstream.conf between both roles'
		// hosts: one version everywhere.
		t.analytics["opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf"] = t.platform["opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf"]
	}
	return t
}

func msgGen(hosts []string) string {
	var b strings.Builder
	b.WriteString(msgGenHead)
	b.WriteString("cassandra_client {\n  # all of the servers running cassandra in the following format\n  # \"name=cassandra_db;host=Fully.Qualified.Domain.Name;port=9160\"\n  uri = (\n")
	for _, h := range hosts {
		fmt.Fprintf(&b, "    \"name=cassandra_db;host=%s;port=9160\"\n", h)
	}
	b.WriteString("  )\n}\n\nengagement_tracker {}\n\nmsg_gen {\n  engagement_tracking_host = \"track.example.com:81\"\n  cluster_cfg = true\n  quorum = 2\n\n  # The mta_id must be a unique integer < 255\n")
	for i, h := range hosts {
		fmt.Fprintf(&b, "  node %s { mta_id = %d  votes = 1 }\n", h, i+1)
	}
	b.WriteString("}\n")
	return b.String()
}

func msgcServer(n int) string {
	var b strings.Builder
	b.WriteString("# NOTE: This file MUST live in the global portion of the repository\n# and must be the same on every node of the cluster.\n\nmsgc_server {\n   peers = [\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "     %s = %q\n", PlatformHost(i), PlatformIP(i))
	}
	b.WriteString("   ]\n}\n\nMSGCServer_Listener {\n  Listen \":4809\" { }\n}\n")
	return b.String()
}

func upstream(name string, hosts []string, port, indent, closeIndent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "upstream %s {\n", name)
	for _, h := range hosts {
		fmt.Fprintf(&b, "%sserver %s:%s;\n", indent, h, port)
	}
	fmt.Fprintf(&b, "%sleast_conn;\n%s}\n", indent, closeIndent)
	return b.String()
}

// jsonObject returns {"obj": {"key": [hosts...]}} with one host a line,
// as jq writes it.
func jsonObject(obj, key string, hosts []string) string {
	return fmt.Sprintf("{\n  %q: {\n    %q: [\n%s\n    ]\n  }\n}\n", obj, key, jsonLines(hosts, "      "))
}

func jsonLines(hosts []string, indent string) string {
	quoted := make([]string, len(hosts))
	for i, h := range hosts {
		quoted[i] = fmt.Sprintf("%s%q", indent, h)
	}
	return strings.Join(quoted, ",\n")
}

func webhooksAPI(platform, analytics []string) string {
	inline := make([]string, len(platform))
	for i, h := range platform {
		inline[i] = fmt.Sprintf("%q", h)
	}
	return fmt.Sprintf("{\n  \"application\": {\n    \"port\": 2084\n  },\n  \"vertica\": {\n    \"hosts\": [\n%s\n    ]\n  },\n  \"cql\": {\n    \"contactPoints\": [%s]\n  }\n}\n",
		jsonLines(analytics, "      "), strings.Join(inline, ", "))
}

func cassandraYAML(ip string) string {
	return strings.Replace(cassandraYAMLTemplate, "LISTEN_ADDRESS", ip, 1)
}

const msgGenHead = `# msg_gen.conf: message generation, REST APIs and engagement tracking.
# Kept identical on every Platform node of cluster "default".

httpsrv { }

HTTP_Listener {
  Listen ":2081" {}
}

substitution_engine {}

scriptlet "scriptlet" {
  script "rest_templates" { source = "msys.rest.templates" }
  script "rest_users" { source = "msys.rest.users" }
  script "rest_transmissions" { source = "msys.rest.transmissions" }
  script "open_track" { source = "msys.rest.open_track" }
  script "click_tracker" { source = "msys.rest.click_tracker" }
}

`

const ecelerityConf = `# ecelerity.conf (abridged)
Security {
  user = "ecuser"
  group = "ecuser"
}

spool_mode = 0640
Relay_Hosts = ( 127.0.0.0/8 10.77.0.0/16 )

ESMTP_Listener {
  Listen ":25" { }
}

include "msg_gen.conf"
include "ecelerity-cluster.conf"
`

const cassandraYAMLTemplate = `# Cassandra storage config YAML, Momentum Platform node.
cluster_name: 'CAS-example'
num_tokens: 256
hinted_handoff_enabled: true
max_hint_window_in_ms: 10800000 # 3 hours
data_file_directories:
    - /var/db/cassandra/data
commitlog_directory: /var/db/cassandra/commitlog
saved_caches_directory: /var/db/cassandra/saved_caches

# any class that implements the SeedProvider interface can be used
seed_provider:
- class_name: org.apache.cassandra.locator.SimpleSeedProvider
  parameters:
  # seeds is a comma-delimited list of hosts; keep exactly three.
  - seeds: "node1.int.example.com,node2.int.example.com,node3.int.example.com"

storage_port: 7000
ssl_storage_port: 7001

# This node's own IP address.
listen_address: LISTEN_ADDRESS

start_native_transport: true
native_transport_port: 9042
start_rpc: true
rpc_address: 0.0.0.0
rpc_port: 9160
rpc_max_threads: 200
thrift_framed_transport_size_in_mb: 25
endpoint_snitch: SimpleSnitch
`
