package filekind

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKindFormat: every kind has a format, and "is an nginx file" is that
// property, true of the seven upstream kinds (the five Analytics ones
// included) and of no other.
func TestKindFormat(t *testing.T) {
	nginxKinds := []Kind{ClickProxy, MomoUpstream, APIWebhooks, WebuiUpstream, APIMetrics, APIUsers, APIAdaptiveDelivery}
	for _, k := range All() {
		assert.Contains(t, []string{ecelerity, nginx, json, yaml}, k.Format(), k.String())
		assert.Equal(t, containsKind(nginxKinds, k), k.IsNginx(), k.String())
	}
	assert.Equal(t, "ecelerity", MsgGen.Format())
	assert.Equal(t, "yaml", CassandraYAML.Format())
	assert.Equal(t, "json", MetricsCron.Format())
	assert.Equal(t, "", Unknown.Format())
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func TestParseKind(t *testing.T) {
	tests := map[string]Kind{
		"click_proxy_upstream": ClickProxy, "click-proxy": ClickProxy, "click_proxy": ClickProxy,
		"momo": MomoUpstream, "api_users": APIUsers, "msg_gen": MsgGen, "metrics-api-cron": MetricsCron,
	}
	for s, want := range tests {
		got, err := Parse(s)
		assert.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, bad := range []string{"", "click", "users_api_upstream", "msg_gen_upstream"} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
}

func TestKindOf(t *testing.T) {
	for path, want := range map[string]Kind{
		"/opt/msys/ecelerity/etc/conf/default/msg_gen.conf": MsgGen,
		"msgc_server.conf":                                      MsgcServer,
		"conf.d/click_proxy_upstream.conf":                      ClickProxy,
		"conf.d/momo_upstream.conf":                             MomoUpstream,
		"conf.d/api_webhooks_upstream.conf":                     APIWebhooks,
		"conf.d/webui_upstream.conf":                            WebuiUpstream,
		"/opt/msys/app/metrics-api/cron/config/production.json": MetricsCron,
		"/opt/msys/app/metrics-api/config/production.json":      MetricsAPI,
		"/opt/msys/app/webui/scripts/config/production.json":    Unknown,
		"/opt/msys/app/users-api/config/production.json":        UsersAPI,
		"/opt/msys/app/webhooks-api/config/production.json":     WebhooksAPI,
		"/opt/msys/app/webhooks-etl/config/production.json":     WebhooksETL,
		"production.json":                                       Unknown,
		"/opt/msys/3rdParty/cassandra/conf/cassandra.yaml":      CassandraYAML,
	} {
		assert.Equal(t, want, Of(path), path)
	}
	for _, k := range All() {
		got, err := Parse(k.String())
		assert.NoError(t, err)
		assert.Equal(t, k, got)
	}
	k, err := Parse("Click-Proxy-Upstream")
	assert.NoError(t, err)
	assert.Equal(t, ClickProxy, k)
	_, err = Parse("nginx")
	assert.ErrorContains(t, err, `unknown file kind "nginx"`)
}

// TestAllNamesDiffer: every kind has a name, a format and a path of its
// own, so that Parse and Of can tell them apart.
func TestAllNamesDiffer(t *testing.T) {
	names := map[string]Kind{}
	paths := map[string]Kind{}
	for _, k := range All() {
		assert.NotEqual(t, "unknown", k.String())
		assert.NotEmpty(t, k.Paths(), k.String())
		if other, ok := names[k.String()]; ok {
			t.Errorf("%d and %d share the name %s", other, k, k)
		}
		names[k.String()] = k
		for _, p := range k.Paths() {
			if other, ok := paths[p]; ok {
				t.Errorf("%s and %s share the path %s", other, k, p)
			}
			paths[p] = k
			assert.Equal(t, k, Of("/"+p), p)
		}
	}
	assert.Len(t, All(), 19)
	assert.Equal(t, "unknown", Kind(99).String())
	assert.Nil(t, Kind(-1).Paths())
}

// FuzzParseOf: no name or path makes Parse or Of panic; a kind Parse
// returns is a known one and parses again from its name, and Of returns
// a kind whose path or file name the path ends with.
func FuzzParseOf(f *testing.F) {
	for _, s := range []string{"msg_gen", "click-proxy", "/opt/msys/app/users-api/config/production.json", "", "..", "a/b/", "\x00/cassandra.yaml"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if k, err := Parse(s); err == nil {
			if !k.known() {
				t.Fatalf("Parse(%q) = %d, not a kind", s, k)
			}
			if again, err := Parse(k.String()); err != nil || again != k {
				t.Fatalf("Parse(%q) does not give %s back", k.String(), k)
			}
		}
		if k := Of(s); k != Unknown && !k.known() {
			t.Fatalf("Of(%q) = %d, not a kind", s, k)
		}
	})
}
