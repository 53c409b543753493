package nginxconf

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
)

// paramTests are server parameters that nginx (1.22 and later, without
// nginx Plus) reads; ok says whether it accepts them. The parameters only
// nginx Plus or nginx 1.27.3 and later know (resolve, drain, service=,
// route=, slow_start=) are not here: Parse accepts them, which an older
// nginx does not.
var paramTests = []struct {
	param string
	ok    bool
}{
	{"weight=1", true},
	{"weight=02", true},
	{"weight=2147483648", true},
	{"weight=2 weight=3", true},
	{"max_fails=0", true},
	{"max_fails=99999999999", true},
	{"max_conns=0", true},
	{"fail_timeout=0", true},
	{"fail_timeout=10", true},
	{"fail_timeout=30s", true},
	{"fail_timeout=1m30s", true},
	{"fail_timeout=1h30m", true},
	{"fail_timeout=1y1M1w1d1h1m1s", true},
	{"fail_timeout=1hs", true},
	{"max_fails=3 backup", true},
	{"down", true},
	{"wieght=2", false},
	{"Weight=2", false},
	{"foo", false},
	{"weight=0", false},
	{"weight=-1", false},
	{"weight=+2", false},
	{"weight=", false},
	{"weight=2x", false},
	{"weight=abc", false},
	{"weight=99999999999999999999", false},
	{"max_fails=abc", false},
	{"max_fails=-1", false},
	{"max_fails=", false},
	{"max_conns=-1", false},
	{"fail_timeout=", false},
	{"fail_timeout=10x", false},
	{"fail_timeout=10ms", false},
	{"fail_timeout=30S", false},
	{"fail_timeout=1s1s", false},
	{"fail_timeout=1m1h", false},
	{"fail_timeout=s", false},
	{"backup=1", false},
	{"down=1", false},
}

// TestNginxAgreesOnParams checks each server parameter against the real
// nginx: Parse accepts what nginx accepts, and refuses what nginx refuses,
// on the same line.
func TestNginxAgreesOnParams(t *testing.T) {
	bin := nginxBinary(t)
	for _, tt := range paramTests {
		t.Run(tt.param, func(t *testing.T) {
			in := "upstream click_proxy {\n    server 10.0.0.2:80;\n    server 10.0.0.1:80 " + tt.param + ";\n}\n"
			_, perr := Parse("upstream.conf", []byte(in))
			out, nerr := nginxTest(t, bin, []byte(in))
			require.Equal(t, tt.ok, nerr == nil, "nginx says:\n%s", out)
			if tt.ok {
				assert.NoError(t, perr)
				return
			}
			require.Error(t, perr)
			assert.Contains(t, out, "upstream.conf:3\n")
			var e *Error
			require.True(t, errors.As(perr, &e))
			assert.Equal(t, 3, e.Pos.Line, perr.Error())
		})
	}
}

// contextOf returns the main configuration a file of directives is to be
// checked in: "" (the file is the main configuration) for one that opens
// with a main-level block, serverConf for one that opens with a location
// or if block, and mainConf (the file inside http {}) for the rest.
func contextOf(src []byte) string {
	first := regexp.MustCompile(`(?m)^\s*([a-z_]+)`).FindSubmatch(src)
	if first == nil {
		return mainConf
	}
	switch string(first[1]) {
	case "http", "events", "user", "worker_processes":
		return ""
	case "location", "if", "listen":
		return serverConf
	}
	return mainConf
}

// nginxDisagrees lists the golden errors nginx does not report on the same
// line, and why.
var nginxDisagrees = map[string]string{
	// nginx-light has no Lua module: it stops at the unknown directive.
	"err_lua_both_readings": "no Lua module",
	"err_lua_unterminated":  "no Lua module",
}

// TestNginxAgreesOnGoldenErrors runs every refused input of
// testdata/TestParse through the real nginx, in the context its first
// directive belongs to: nginx must refuse it on the line Parse names.
func TestNginxAgreesOnGoldenErrors(t *testing.T) {
	bin := nginxBinary(t)
	for _, c := range golden.Load(t, "testdata/TestParse") {
		if !strings.HasPrefix(c.Name, "err_") {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			if why, ok := nginxDisagrees[c.Name]; ok {
				t.Skip("nginx cannot judge this input: " + why)
			}
			in := c.MustSection(t, "in.conf")
			_, perr := Parse("upstream.conf", in)
			var e *Error
			require.True(t, errors.As(perr, &e), "Parse accepts:\n%s", in)
			out, err := nginxRun(t, bin, contextOf(in), in)
			require.Error(t, err, "nginx accepts:\n%s", in)
			assert.Contains(t, out, "upstream.conf:"+itoa(e.Pos.Line)+"\n", "Parse says %q", perr)
		})
	}
}

// blockTests are directives that take a block, each given with ";" on its
// third line, in the context it belongs to.
var blockTests = []struct {
	conf, in string
}{
	{"", "events {}\n\nhttp;\n"},
	{"", "\n\nevents;\nhttp {}\n"},
	{"", "events {}\n\nstream;\n"},
	{"", "events {}\n\nmail;\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\nupstream other;\n"},
	{"", "events {}\nhttp {\n    server;\n}\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\nmap $a $b;\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\ngeo $a;\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\ntypes;\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\nsplit_clients $a $b;\n"},
	{mainConf, "upstream click_proxy { server 10.0.0.1; }\n\ncharset_map a b;\n"},
	{serverConf, "location /a {}\n\nlocation /b;\n"},
	{serverConf, "location /a {}\nlocation /b {\n    limit_except GET;\n}\n"},
	{serverConf, "location /a {}\n\nif ($a) ;\n"},
	{serverConf, "location /a {\n\n    content_by_lua_block;\n}\n"},
}

// TestNginxAgreesOnBlocks checks that nginx refuses, on the line Parse
// names, each directive that takes a block given without one.
func TestNginxAgreesOnBlocks(t *testing.T) {
	bin := nginxBinary(t)
	for _, tt := range blockTests {
		line := strings.Split(tt.in, "\n")[2]
		t.Run(strings.Trim(strings.Fields(line)[0], ";"), func(t *testing.T) {
			_, perr := Parse("upstream.conf", []byte(tt.in))
			var e *Error
			require.True(t, errors.As(perr, &e), "Parse accepts:\n%s", tt.in)
			assert.Equal(t, 3, e.Pos.Line, perr.Error())
			assert.Contains(t, perr.Error(), "takes a block")
			out, err := nginxRun(t, bin, tt.conf, []byte(tt.in))
			require.Error(t, err, "nginx accepts:\n%s", tt.in)
			assert.Contains(t, out, "upstream.conf:3\n", "Parse says %q", perr)
		})
	}
}
