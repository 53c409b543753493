package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/require"
)

// fleetHost is one inventory host of a test fleet: a tree of its own,
// reached over ssh on a port of its own.
type fleetHost struct {
	name string
	port int
	root string
}

// fleet is a test fleet: an sshd, an inventory of hosts at 127.0.0.1, each
// with its own momoconf_root, and the playbooks with the module built into
// ansible/library.
type fleet struct {
	t     *testing.T
	ssh   *sshServer
	dir   string // the playbooks, inventory and trees
	hosts []fleetHost
	env   []string // more environment for ansible-playbook
}

// repoAnsible is the repository's playbook folder.
const repoAnsible = "../../ansible"

// newFleet copies each tree of src (a cluster folder: testdata/cluster or
// testdata/two-tier) as one host's momoconf_root, adds the empty trees
// named in extra (new nodes; in group momentum too), and lays out the playbooks with the module
// built into ansible/library. dead names hosts put on a port where
// nothing listens.
func newFleet(t *testing.T, src string, extra []string, dead ...string) *fleet {
	t.Helper()
	t.Parallel() // each fleet is its own sshd and trees; runs wait mostly on ssh
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	names = append(names, extra...)
	s := startSSHD(t, len(names))
	f := &fleet{t: t, ssh: s, dir: filepath.Join(s.dir, "work")}
	require.NoError(t, golden.CopyTree(repoAnsible, filepath.Join(f.dir, "ansible")))
	require.NoError(t, os.RemoveAll(filepath.Join(f.dir, "ansible", "library", "momoconf")))
	require.NoError(t, copyFile(moduleBinary(t), filepath.Join(f.dir, "ansible", "library", "momoconf")))
	var inv strings.Builder
	inv.WriteString("[momentum]\n")
	for i, name := range names {
		root := filepath.Join(f.dir, "hosts", name)
		if i < len(entries) && !contains(extra, name) {
			require.NoError(t, golden.CopyTree(filepath.Join(src, name), root))
		} else {
			require.NoError(t, os.MkdirAll(root, 0o755))
		}
		port := s.ports[i]
		if contains(dead, name) {
			port = freePort(t)
		}
		f.hosts = append(f.hosts, fleetHost{name: name, port: port, root: root})
		fmt.Fprintf(&inv, "%s ansible_port=%d momoconf_root=%s\n", name, port, root)
	}
	fmt.Fprintf(&inv, "\n[all:vars]\nansible_host=127.0.0.1\nansible_user=%s\nansible_ssh_private_key_file=%s\nansible_python_interpreter=/usr/bin/python3\n", s.user, s.clientKey)
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, "inventory.ini"), []byte(inv.String()), 0o644))
	return f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}

// host returns the fleet's host called name.
func (f *fleet) host(name string) fleetHost {
	for _, h := range f.hosts {
		if h.name == name {
			return h
		}
	}
	f.t.Fatalf("no host %s", name)
	return fleetHost{}
}

// trees reads every host's tree, by host name.
func (f *fleet) trees() map[string]map[string][]byte {
	out := map[string]map[string][]byte{}
	for _, h := range f.hosts {
		out[h.name] = readTree(f.t, h.root)
	}
	return out
}

// playbookCmd returns the command that runs the playbook over ssh, every
// file Ansible writes kept inside the fleet's folder.
func (f *fleet) playbookCmd(ctx context.Context, playbook string, extra ...string) *exec.Cmd {
	args := append([]string{"-i", "inventory.ini", filepath.Join("ansible", playbook)}, extra...)
	cmd := exec.CommandContext(ctx, "ansible-playbook", args...)
	cmd.Dir = f.dir
	home := filepath.Join(f.dir, "home")
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"ANSIBLE_CONFIG="+filepath.Join(f.dir, "no-ansible.cfg"),
		"ANSIBLE_HOST_KEY_CHECKING=False",
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "local-tmp"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(home, "remote-tmp"),
		"ANSIBLE_SSH_CONTROL_PATH_DIR="+filepath.Join(home, "cp"),
		"ANSIBLE_SSH_ARGS=-o ControlMaster=auto -o ControlPersist=20s -o UserKnownHostsFile=/dev/null",
		// No terminal: an sshd run by a normal user cannot hand one over
		// (it cannot chown the tty), and the session closes with 255.
		"ANSIBLE_SSH_USETTY=False",
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_RETRY_FILES_ENABLED=False",
		"ANSIBLE_DEPRECATION_WARNINGS=False",
		"ANSIBLE_FORKS=10",
		"ANSIBLE_TIMEOUT=10",
	)
	cmd.Env = append(cmd.Env, f.env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// run runs the playbook to its end and returns its output and whether it
// succeeded.
func (f *fleet) run(playbook string, extra ...string) (string, bool) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := f.playbookCmd(ctx, playbook, extra...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		f.t.Fatalf("ansible-playbook %s did not finish in 3 minutes:\n%s", playbook, out.String())
	}
	return out.String(), err == nil
}

// runUntil runs the playbook and kills it, and every process it started,
// with SIGKILL as soon as a line of its output matches re. It returns the
// output up to then.
func (f *fleet) runUntil(re *regexp.Regexp, playbook string, extra ...string) string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := f.playbookCmd(ctx, playbook, extra...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	require.NoError(f.t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait(); pw.Close() }()
	var out strings.Builder
	sc := bufio.NewScanner(pr)
	killed := false
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if !killed && re.MatchString(sc.Text()) {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the controller and its workers
			killed = true
		}
	}
	<-done
	require.True(f.t, killed, "the playbook ended before %s:\n%s", re, out.String())
	return out.String()
}

// recap returns the PLAY RECAP counts of each host: "ok=3 changed=1 ...".
func recap(out string) map[string]map[string]int {
	res := map[string]map[string]int{}
	_, after, ok := strings.Cut(out, "PLAY RECAP")
	if !ok {
		return res
	}
	line := regexp.MustCompile(`(?m)^(\S+)\s+:\s+(.*)$`)
	field := regexp.MustCompile(`(\w+)=(\d+)`)
	for _, m := range line.FindAllStringSubmatch(after, -1) {
		counts := map[string]int{}
		for _, kv := range field.FindAllStringSubmatch(m[2], -1) {
			var n int
			fmt.Sscan(kv[2], &n)
			counts[kv[1]] = n
		}
		res[m[1]] = counts
	}
	return res
}
