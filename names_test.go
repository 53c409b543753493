package momoconf

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
)

// TestHostileMemberNamesRefused: a member name written in a host tree
// that is not made of host-name or address characters (a command
// substitution, a terminal escape, a blank) is refused when the cluster
// is read, naming the file, the line and the name, quoted: such a name
// would otherwise reach the steps an operator pastes into a root shell,
// and the operator's terminal.
func TestHostileMemberNamesRefused(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new, want string
		line                       int
	}{
		{"peer", "node1/opt/msys/ecelerity/etc/conf/global/msgc_server.conf", `node3.int.example.com = "10.77.0.95"`, `"n3$(touch /tmp/pwned)" = "10.77.0.95"`, `"n3$(touch /tmp/pwned)"`, 8},
		{"stanza", "node1/opt/msys/ecelerity/etc/conf/default/msg_gen.conf", `node node3.int.example.com {`, `node "n3;id" {`, `"n3;id"`, 42},
		{"seed", "node1/opt/msys/3rdParty/cassandra/conf/cassandra.yaml", `node3.int.example.com"`, "n3`id`\"", "\"n3`id`\"", 27},
		{"listen address", "node3/opt/msys/3rdParty/cassandra/conf/cassandra.yaml", `listen_address: 10.77.0.95`, `listen_address: "a b"`, `"a b"`, 0},
		{"option", "node1/opt/msys/ecelerity/etc/conf/default/msg_gen.conf", `node node3.int.example.com {`, `node "-oProxyCommand" {`, `"-oProxyCommand"`, 42},
		{"json host", "analytics1/opt/msys/app/users-api/config/production.json", `"node3.int.example.com"`, `"n3\u001b[2J"`, `"n3\x1b[2J"`, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleCluster(t)
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(src), tc.old)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), tc.old, tc.new, 1)), 0o644))
			before := readTree(t, dir)
			c, err := Open(context.Background(), dir, Options{Cluster: true})
			if err == nil {
				c.Close()
			}
			require.Error(t, err)
			assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "nothing written, nothing left")
			assert.Contains(t, err.Error(), tc.file)
			assert.Contains(t, err.Error(), tc.want+" is not a host name or an address")
			if tc.line > 0 {
				pos, ok := srcpos.Find(err)
				require.True(t, ok, "%v", err)
				assert.Equal(t, tc.line, pos.Line, "%v", err)
			}
		})
	}
}

// TestListTooLongRefused: a list naming more members than any cluster
// has (a file planted to exhaust memory) is refused when it is read.
func TestListTooLongRefused(t *testing.T) {
	dir := exampleCluster(t)
	path := filepath.Join(dir, "analytics1/opt/msys/app/users-api/config/production.json")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	var many strings.Builder
	for i := range maxListEntries + 1 {
		if i > 0 {
			many.WriteString(", ")
		}
		many.WriteString(`"h` + strings.Repeat("x", i%7) + `.example.com"`)
	}
	grown := strings.Replace(string(src), `"node3.int.example.com"`, `"node3.int.example.com", `+many.String(), 1)
	require.NotEqual(t, string(src), grown)
	require.NoError(t, os.WriteFile(path, []byte(grown), 0o644))
	_, err = statusAt(dir, Options{Cluster: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cassandra.hosts names 10004 members, more than the 10000 momoconf reads in one list")
}

// TestSpoolInStepsIsOneWord: a spoolbase read from a host tree goes into
// the removal's scp step as one shell word. The step, run by a real bash
// with scp standing in as a script that records its arguments, passes the
// whole value to scp and runs nothing the value holds.
func TestSpoolInStepsIsOneWord(t *testing.T) {
	bash, err := exec.LookPath("bash")
	require.NoError(t, err)
	dir := exampleCluster(t)
	work := t.TempDir()
	marker := filepath.Join(work, "pwned")
	spool := "/var/spool/ecelerity $(touch " + marker + ") ;touch " + marker + "; it's"
	conf := filepath.Join(dir, "node3/opt/msys/ecelerity/etc/conf/default/ecelerity.conf")
	src, err := os.ReadFile(conf)
	require.NoError(t, err)
	value := strings.ReplaceAll(spool, `"`, `\"`)
	require.NoError(t, os.WriteFile(conf, append([]byte("spoolbase = \""+value+"\"\n"), src...), 0o644))
	p, err := removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	var scp string
	for _, st := range p.Steps {
		if strings.HasPrefix(st.Command, "scp -rp ") {
			scp = st.Command
		}
	}
	require.NotEmpty(t, scp, "the removal moves the spool:\n%s", StepsText(p.Steps))
	bin := filepath.Join(work, "bin")
	require.NoError(t, os.Mkdir(bin, 0o755))
	args := filepath.Join(work, "args")
	require.NoError(t, os.WriteFile(filepath.Join(bin, "scp"), []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > "+args+"\n"), 0o755))
	cmd := exec.Command(bash, "-c", scp)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", scp, out)
	assert.NoFileExists(t, marker, "pasting the step ran what the spoolbase holds:\n%s", scp)
	got, err := os.ReadFile(args)
	require.NoError(t, err)
	assert.Equal(t, []string{"-rp", spool}, strings.Split(strings.TrimSpace(string(got)), "\n")[:2], "scp gets the spool as one argument")
}
