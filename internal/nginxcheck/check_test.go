package nginxcheck

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func needNginx(t *testing.T) {
	t.Helper()
	if !Available() {
		t.Skip("nginx is not installed (not on PATH nor in /usr/sbin): nothing to run nginx -t with")
	}
}

const goodUpstream = "upstream click_proxy {\n     server node1.int.example.com:2081;\n     server 10.77.0.94:2081 max_fails=3;\n     least_conn;\n   }\n"

var checkTests = []struct {
	desc  string
	files []File
	want  string // the error, "" when nginx accepts the files
}{
	{
		desc:  "a good upstream with host names passes",
		files: []File{{"/etc/nginx/conf.d/click_proxy_upstream.conf", []byte(goodUpstream)}},
	},
	{
		desc: "two files of one host pass together",
		files: []File{
			{"conf.d/click_proxy_upstream.conf", []byte(goodUpstream)},
			{"conf.d/momo_upstream.conf", []byte("upstream momo-rest {\r\n\tserver node1.int.example.com:2081 max_fails=3 fail_timeout=30s;\r\n\tkeepalive 16;\r\n}\r\n")},
		},
	},
	{
		desc:  "a missing semicolon is refused at the real file and line",
		files: []File{{"conf.d/click_proxy_upstream.conf", []byte("upstream click_proxy {\n     server node1.int.example.com:2081\n     least_conn;\n}\n")}},
		want:  `conf.d/click_proxy_upstream.conf:3:6: nginx -t: invalid parameter "least_conn"`,
	},
	{
		desc: "an unknown directive in the second file names the second file",
		files: []File{
			{"conf.d/click_proxy_upstream.conf", []byte(goodUpstream)},
			{"conf.d/momo_upstream.conf", []byte("upstream momo-rest {\n  # a comment\n  serve node1.int.example.com:2081;\n}\n")},
		},
		want: `conf.d/momo_upstream.conf:3:3: nginx -t: unknown directive "serve"`,
	},
	{
		desc:  "an unclosed block is refused",
		files: []File{{"conf.d/momo_upstream.conf", []byte("upstream momo-rest {\n  server a.example.com:2081;\n")}},
		want:  `conf.d/momo_upstream.conf:3:1: nginx -t: unexpected end of file, expecting "}"`,
	},
	{
		desc: "the same upstream twice is refused",
		files: []File{
			{"a/click_proxy_upstream.conf", []byte(goodUpstream)},
			{"b/click_proxy_upstream.conf", []byte(goodUpstream)},
		},
		want: `b/click_proxy_upstream.conf:1:1: nginx -t: duplicate upstream "click_proxy"`,
	},
}

func TestCheck(t *testing.T) {
	needNginx(t)
	for _, tt := range checkTests {
		t.Run(tt.desc, func(t *testing.T) {
			err := Check(tt.files)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			pos, ok := srcpos.Find(err)
			require.True(t, ok, "the error has a position")
			assert.True(t, strings.HasPrefix(tt.want, pos.String()), "position %s", pos)
		})
	}
}

// TestCheckLeavesNothing checks that the temporary folder is removed,
// whether nginx accepts the files or not.
func TestCheckLeavesNothing(t *testing.T) {
	needNginx(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	assert.NoError(t, Check([]File{{"ok.conf", []byte(goodUpstream)}}))
	assert.Error(t, Check([]File{{"bad.conf", []byte("upstream x {\n")}}))
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestCheckWithoutNginx(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if Available() {
		t.Skip("/usr/sbin/nginx exists: the fallback finds it whatever PATH says")
	}
	err := Check([]File{{"x.conf", []byte(goodUpstream)}})
	assert.True(t, errors.Is(err, ErrUnavailable), "got %v", err)
}

// TestCheckFindsNginxInSbin checks the fallback for users whose PATH lacks
// /usr/sbin.
func TestCheckFindsNginxInSbin(t *testing.T) {
	if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
		t.Skip("no /usr/sbin/nginx")
	}
	t.Setenv("PATH", t.TempDir())
	assert.Equal(t, "/usr/sbin/nginx", Program())
}

// TestCheckReportsOtherFailures runs a "nginx" that fails without naming
// a line: the error says what it printed.
func TestCheckReportsOtherFailures(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho 'nginx: [emerg] something broke' >&2\nexit 1\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "nginx"), []byte(script), 0o755))
	t.Setenv("PATH", bin)
	err := Check([]File{{"x.conf", []byte(goodUpstream)}})
	require.Error(t, err)
	assert.Equal(t, "nginx -t failed: nginx: [emerg] something broke", err.Error())
	_, ok := srcpos.Find(err)
	assert.False(t, ok)
}

var localHostsTests = []struct{ desc, in, want string }{
	{"a host name", "  server node1.example.com:2081;\n", "  server 127.0.0.1:2081;\n"},
	{"no port, parameters kept", "server node1 max_fails=3;\r\n", "server 127.0.0.1 max_fails=3;\r\n"},
	{"an IP is kept", "  server 10.77.0.94:2081;\n", "  server 10.77.0.94:2081;\n"},
	{"an IPv6 literal is kept", "  server [::1]:2081;\n", "  server [::1]:2081;\n"},
	{"a unix socket is kept", "  server unix:/run/x.sock;\n", "  server unix:/run/x.sock;\n"},
	{"a comment is kept", "  #server node0.example.com:2081;\n", "  #server node0.example.com:2081;\n"},
	{"a server block is kept", "server {\n  server_name a.example.com;\n}\n", "server {\n  server_name a.example.com;\n}\n"},
	{"two on a line", "upstream u { server a.example.com:1; server b:2; }\n", "upstream u { server 127.0.0.1:1; server 127.0.0.1:2; }\n"},
	{"no final newline", "server a.example.com:1;", "server 127.0.0.1:1;"},
}

func TestLocalHosts(t *testing.T) {
	for _, tt := range localHostsTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, string(localHosts([]byte(tt.in))))
		})
	}
}

// TestExampleTrees checks the nginx files of every host tree of the
// example clusters, one host at a time: the files momoconf starts from
// and writes are accepted by the real nginx.
func TestExampleTrees(t *testing.T) {
	needNginx(t)
	trees, err := filepath.Glob("../../testdata/cluster*/*")
	require.NoError(t, err)
	require.NotEmpty(t, trees)
	checked := 0
	for _, tree := range trees {
		paths, err := filepath.Glob(filepath.Join(tree, "opt/msys/3rdParty/nginx/conf.d/*.conf"))
		require.NoError(t, err)
		var files []File
		for _, p := range paths {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			files = append(files, File{p, data})
		}
		if len(files) > 0 {
			assert.NoError(t, Check(files), tree)
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 4)
}
