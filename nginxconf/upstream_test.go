package nginxconf

import (
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const viewConf = `upstream top {
    server unix:/tmp/top.sock;
}
http {
    upstream click_proxy {
        zone click 64k;
        server node1.int.example.com:2081 weight=5 max_fails=3;
        # server node9.int.example.com:2081;
        server [::1]:2081 backup;
        server "10.0.0.3";
        least_conn;
        keepalive 16;
    }
    server { listen 80; }
}
`

func TestUpstreams(t *testing.T) {
	f, err := Parse("v.conf", []byte(viewConf))
	require.NoError(t, err)
	ups := f.Upstreams()
	require.Len(t, ups, 2)
	assert.Equal(t, "top", ups[0].Name)
	assert.Equal(t, srcpos.Position{Filename: "v.conf", Offset: 0, Line: 1, Column: 1}, ups[0].Pos)
	assert.Equal(t, "click_proxy", ups[1].Name)
	assert.Equal(t, "v.conf:5:5", ups[1].Pos.String())
	assert.Nil(t, f.Upstream("momo-rest"))
	require.NotNil(t, f.Upstream("Click_Proxy"))
	assert.Equal(t, "click_proxy", f.Upstream("Click_Proxy").Name)
}

func TestServers(t *testing.T) {
	f, err := Parse("v.conf", []byte(viewConf))
	require.NoError(t, err)
	got := f.Upstream("click_proxy").Servers()
	want := []Server{
		{Address: "node1.int.example.com:2081", Host: "node1.int.example.com", Port: "2081", Params: []string{"weight=5", "max_fails=3"}},
		{Address: "[::1]:2081", Host: "::1", Port: "2081", Params: []string{"backup"}},
		{Address: "10.0.0.3", Host: "10.0.0.3", Port: "", Params: []string{}},
	}
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Address, got[i].Address)
		assert.Equal(t, want[i].Host, got[i].Host)
		assert.Equal(t, want[i].Port, got[i].Port)
		assert.Equal(t, want[i].Params, got[i].Params)
	}
	assert.Equal(t, "v.conf:7:9", got[0].Pos.String())
	assert.Equal(t, "v.conf:10:9", got[2].Pos.String())
	top := f.Upstream("top").Servers()
	require.Len(t, top, 1)
	assert.Equal(t, "unix:/tmp/top.sock", top[0].Host)
	assert.Equal(t, "", top[0].Port)
}

func TestOptions(t *testing.T) {
	f, err := Parse("v.conf", []byte(viewConf))
	require.NoError(t, err)
	got := f.Upstream("click_proxy").Options()
	require.Len(t, got, 3)
	assert.Equal(t, Directive{Name: "zone", Args: []string{"click", "64k"}, Pos: got[0].Pos}, got[0])
	assert.Equal(t, "v.conf:6:9", got[0].Pos.String())
	assert.Equal(t, "least_conn", got[1].Name)
	assert.Empty(t, got[1].Args)
	assert.Equal(t, []string{"16"}, got[2].Args)
}

// A view made before an edit keeps describing the file as it was.
func TestViewAfterEdit(t *testing.T) {
	f, err := Parse("v.conf", []byte(viewConf))
	require.NoError(t, err)
	old := f.Upstream("click_proxy")
	changed, err := f.RemoveServer("click_proxy", "node1.int.example.com")
	require.NoError(t, err)
	require.True(t, changed)
	assert.Len(t, old.Servers(), 3)
	assert.Len(t, f.Upstream("click_proxy").Servers(), 2)
}

var splitAddrTests = []struct {
	in, host, port string
}{
	{"node1.int.example.com:2081", "node1.int.example.com", "2081"},
	{"10.0.0.1", "10.0.0.1", ""},
	{"[::1]:80", "::1", "80"},
	{"[2001:db8::1]", "2001:db8::1", ""},
	{"unix:/tmp/x", "unix:/tmp/x", ""},
	{"::1", "::1", ""},
	{"[::1", "[::1", ""},
	{"host:", "host", ""},
}

func TestSplitAddr(t *testing.T) {
	for _, tt := range splitAddrTests {
		a := splitAddr(tt.in)
		assert.Equal(t, tt.host, a.host, tt.in)
		assert.Equal(t, tt.port, a.port, tt.in)
	}
}
