package clustergen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/nginxconf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWrite checks that every generated file parses with its format
// package and lists every member.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	files, size, err := Write(dir, Spec{Platform: 7, Analytics: 3})
	require.NoError(t, err)
	assert.Equal(t, 7*10+3*10, files, "ten files a Platform tree, ten an Analytics tree")
	assert.Positive(t, size)

	read := func(tree, rel string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, tree, filepath.FromSlash(rel)))
		require.NoError(t, err)
		return data
	}
	mg, err := ecconf.Parse("msg_gen.conf", read("node3", "opt/msys/ecelerity/etc/conf/default/msg_gen.conf"))
	require.NoError(t, err)
	assert.Len(t, mg.Nodes(), 7)
	assert.Len(t, mg.CassandraURIs(), 7)
	assert.Equal(t, 7, mg.Nodes()[6].MTAID)
	mc, err := ecconf.Parse("msgc_server.conf", read("node1", "opt/msys/ecelerity/etc/conf/global/msgc_server.conf"))
	require.NoError(t, err)
	require.Len(t, mc.Peers(), 7)
	assert.Equal(t, PlatformIP(7), mc.Peers()[6].Addr)

	up, err := nginxconf.Parse("webui_upstream.conf", read("analytics2", "opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf"))
	require.NoError(t, err)
	require.NotNil(t, up.Upstream("webui"))
	assert.Len(t, up.Upstream("webui").Servers(), 3)

	js, err := jsonconf.Parse("production.json", read("analytics1", "opt/msys/app/webhooks-api/config/production.json"))
	require.NoError(t, err)
	cp, err := js.Strings("cql.contactPoints")
	require.NoError(t, err)
	assert.Len(t, cp, 7)
	vh, err := js.Strings("vertica.hosts")
	require.NoError(t, err)
	assert.Equal(t, []string{AnalyticsHost(1), AnalyticsHost(2), AnalyticsHost(3)}, vh)

	y, err := cassyaml.Parse("cassandra.yaml", read("node5", "opt/msys/3rdParty/cassandra/conf/cassandra.yaml"))
	require.NoError(t, err)
	addr, ok := y.Get("listen_address")
	assert.True(t, ok)
	assert.Equal(t, PlatformIP(5), addr)
}

func TestWriteLimits(t *testing.T) {
	for _, n := range []int{0, 255} {
		_, _, err := Write(t.TempDir(), Spec{Platform: n})
		require.Error(t, err)
		assert.True(t, strings.Contains(err.Error(), "1 to 254"), err.Error())
	}
	files, _, err := Write(t.TempDir(), Spec{Platform: 2})
	require.NoError(t, err)
	assert.Equal(t, 2*6, files, "no Analytics files where there is no Analytics node")
}

func TestSized(t *testing.T) {
	for _, tt := range []struct {
		hosts int
		want  Spec
	}{
		{5, Spec{Platform: 5, Analytics: 5}},
		{250, Spec{Platform: 250, Analytics: 5}},
		{1000, Spec{Platform: 250, Analytics: 750}},
		{2500, Spec{Platform: 250, Analytics: 2250}},
	} {
		assert.Equal(t, tt.want, Sized(tt.hosts), "hosts=%d", tt.hosts)
	}
}
