package nginxcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/momoconf/momoconf/srcpos"
)

// File is one candidate nginx file: the name to report it by (its real
// path) and the content it would have.
type File struct {
	Name    string
	Content []byte
}

// ErrUnavailable is returned by Check when no nginx program is found.
var ErrUnavailable = errors.New("nginx not found on PATH or in /usr/sbin; validation skipped")

// Timeout bounds one run of nginx -t.
const Timeout = 30 * time.Second

// Program returns the path of the nginx program: the one on PATH, else
// /usr/sbin/nginx (not on an ordinary user's PATH on Debian). It returns
// "" when there is none.
func Program() string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	const sbin = "/usr/sbin/nginx"
	if info, err := os.Stat(sbin); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
		return sbin
	}
	return ""
}

// Available reports whether Check can run nginx.
func Available() bool { return Program() != "" }

// Check runs `nginx -t` on files included together in the http block of a
// minimal configuration, as one host's conf.d would be (check each host's
// files in a call of its own: two hosts' copies of one upstream would
// clash). Server hosts that are not IP addresses are checked as
// 127.0.0.1. It returns nil when nginx accepts the files, an [*Error]
// pointing into the real file when nginx names a line of one, another
// error when nginx fails otherwise, and [ErrUnavailable] when there is no
// nginx.
func Check(files []File) error {
	prog := Program()
	if prog == "" {
		return ErrUnavailable
	}
	if len(files) == 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "nginxcheck-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	names, err := writeWrapper(dir, files)
	if err != nil {
		return err
	}
	return run(prog, dir, names, files)
}

// writeWrapper writes each file (hosts replaced) and the wrapper
// nginx.conf into dir. It returns the temporary path of each file, in
// order.
func writeWrapper(dir string, files []File) ([]string, error) {
	var names []string
	var includes strings.Builder
	for i, f := range files {
		name := filepath.Join(dir, fmt.Sprintf("f%d-%s", i+1, filepath.Base(f.Name)))
		if err := os.WriteFile(name, localHosts(f.Content), 0o600); err != nil {
			return nil, err
		}
		names = append(names, name)
		fmt.Fprintf(&includes, "    include %s;\n", quote(name))
	}
	in := func(name string) string { return quote(filepath.Join(dir, name)) }
	conf := fmt.Sprintf(wrapper, in("nginx.pid"), in("error.log"), in("client_body"), in("proxy"), in("fastcgi"), includes.String())
	return names, os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o600)
}

// wrapper is the minimal nginx.conf: pid file, error log and the temporary
// paths nginx -t creates all lie in the check's folder.
const wrapper = `pid %[1]s;
error_log %[2]s;
events {}
http {
    access_log off;
    client_body_temp_path %[3]s;
    proxy_temp_path %[4]s;
    fastcgi_temp_path %[5]s;
%[6]s}
`

// quote writes s as an nginx string in double quotes.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func run(prog, dir string, names []string, files []File) error {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	conf := filepath.Join(dir, "nginx.conf")
	cmd := exec.CommandContext(ctx, prog, "-t", "-q", "-p", dir+"/", "-c", conf, "-e", filepath.Join(dir, "error.log"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("nginx -t did not finish within %s", Timeout)
	}
	if e := parseMessage(out.String(), names, files); e != nil {
		return e
	}
	msg := strings.TrimSpace(strings.ReplaceAll(out.String(), dir+"/", ""))
	if msg == "" {
		msg = err.Error()
	}
	return fmt.Errorf("nginx -t failed: %s", msg)
}

// messageRE matches nginx's "[emerg] 123#123: what in /path:line", the pid
// part present when nginx writes to its error log format.
var messageRE = regexp.MustCompile(`\[(emerg|alert|crit|error|warn)\] (?:\d+#\d+: )?(.*) in (.+):(\d+)$`)

// parseMessage returns the first nginx message that names a line of one of
// the candidate files, as an *Error about the real file.
func parseMessage(out string, names []string, files []File) *Error {
	for _, line := range strings.Split(out, "\n") {
		m := messageRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[4])
		if err != nil {
			continue
		}
		for i, name := range names {
			if m[3] == name {
				return &Error{Pos: linePosition(files[i], n), Level: m[1], Msg: m[2]}
			}
		}
	}
	return nil
}

// linePosition returns the position of the first non-blank byte of line n
// of f.
func linePosition(f File, n int) srcpos.Position {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(f.Content[off:], '\n')
		if j < 0 {
			return srcpos.At(f.Name, f.Content, len(f.Content))
		}
		off += j + 1
	}
	for off < len(f.Content) && (f.Content[off] == ' ' || f.Content[off] == '\t') {
		off++
	}
	return srcpos.At(f.Name, f.Content, off)
}
