package nginxconf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// nginxBinary returns the path of an nginx binary, or skips the test.
func nginxBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("nginxconf: no nginx binary found (install nginx-light or nginx to run this test)")
	return ""
}

// mainConf is a minimal nginx.conf that includes the upstream file and
// uses its upstream, with every path kept inside the test's folder.
const mainConf = `error_log stderr;
pid nginx.pid;
events {}
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    include upstream.conf;
    server {
        listen 127.0.0.1:18080;
        location / { proxy_pass http://click_proxy; }
    }
}
`

// serverConf is mainConf with the file included inside a server block,
// for files of location and if blocks.
const serverConf = `error_log stderr;
pid nginx.pid;
events {}
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server {
        listen 127.0.0.1:18080;
        include upstream.conf;
    }
}
`

// nginxTest runs `nginx -t` on mainConf with upstream as upstream.conf.
func nginxTest(t *testing.T, bin string, upstream []byte) (string, error) {
	t.Helper()
	return nginxRun(t, bin, mainConf, upstream)
}

// nginxRun runs `nginx -t` on the main configuration conf with file as
// upstream.conf beside it; conf "" makes file the main configuration
// itself, its error log and pid set from the command line.
func nginxRun(t *testing.T, bin, conf string, file []byte) (string, error) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tmp"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "upstream.conf"), file, 0o644))
	main := filepath.Join(dir, "upstream.conf")
	if conf != "" {
		main = filepath.Join(dir, "nginx.conf")
		require.NoError(t, os.WriteFile(main, []byte(conf), 0o644))
	}
	args := []string{"-t", "-p", dir, "-c", main, "-e", "stderr"}
	if conf == "" {
		args = append(args, "-g", "pid nginx.pid;")
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}

// TestNginxAccepts checks with the real nginx that edited upstream files
// stay valid: the doc's odd layout, CRLF, tabs with parameters, and a
// one-line block, after adds and removes.
func TestNginxAccepts(t *testing.T) {
	bin := nginxBinary(t)
	files := map[string]string{
		"doc":    "upstream click_proxy {              # Platform nodes\n     server 127.0.0.1:2081;\n     server 127.0.0.2:2081;\n     least_conn;\n   }\n",
		"crlf":   "upstream click_proxy {\r\n\tserver 127.0.0.1:2081 max_fails=3 fail_timeout=30s; # one\r\n\t#server 127.0.0.9:2081;\r\n\tserver 127.0.0.2:2081 max_fails=3 fail_timeout=30s;\r\n\tkeepalive 16;\r\n}",
		"inline": "upstream click_proxy { server 127.0.0.1:2081; server 127.0.0.2:2081 weight=2 backup; }\n",
	}
	for desc, in := range files {
		t.Run(desc, func(t *testing.T) {
			f, err := Parse("upstream.conf", []byte(in))
			require.NoError(t, err)
			out, err := nginxTest(t, bin, f.Bytes())
			require.NoError(t, err, "nginx refuses the input:\n%s", out)
			for _, addr := range []string{"127.0.0.3:2081", "localhost:2081", "[::1]:2081"} {
				changed, err := f.AddServer("click_proxy", addr)
				require.NoError(t, err)
				require.True(t, changed)
			}
			changed, err := f.RemoveServer("click_proxy", "127.0.0.1")
			require.NoError(t, err)
			require.True(t, changed)
			out, err = nginxTest(t, bin, f.Bytes())
			require.NoError(t, err, "nginx refuses the edited file:\n%s\n%s", f.Bytes(), out)
			require.True(t, strings.Contains(out, "test is successful"), out)
		})
	}
}

// TestNginxAgreesOnErrors checks that nginx refuses what Parse refuses, on
// the same line.
func TestNginxAgreesOnErrors(t *testing.T) {
	bin := nginxBinary(t)
	inputs := []string{
		"upstream click_proxy {\n     server 127.0.0.1:2081\n     server 127.0.0.2:2081;\n}\n",
		"upstream click_proxy {\n     server 127.0.0.1:2081;\n     least_conn\n}\n",
		"upstream click_proxy {\n     server 127.0.0.1:2081;\n}\n}\n",
	}
	for _, in := range inputs {
		_, perr := Parse("upstream.conf", []byte(in))
		require.Error(t, perr, in)
		var e *Error
		require.ErrorAs(t, perr, &e)
		out, err := nginxTest(t, bin, []byte(in))
		require.Error(t, err, "nginx accepts:\n%s", in)
		want := "upstream.conf:" + itoa(e.Pos.Line)
		require.True(t, strings.Contains(out, want), "nginx says %q; Parse says %q", out, perr)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
