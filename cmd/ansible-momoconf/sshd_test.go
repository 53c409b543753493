package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sshServer is a real sshd on loopback, started by a test in its own
// folder, for logins as the user running the test, with a port per
// inventory host (so that a stand-in command can tell the hosts apart by
// the port in SSH_CONNECTION).
type sshServer struct {
	dir       string
	ports     []int
	user      string
	clientKey string
	calls     string // where the stand-in service and systemctl log their calls
}

// startSSHD starts sshd listening on n loopback ports, or skips the test
// with the reason when it cannot run here. It is stopped, by the pid in its
// pid file, when the test ends.
func startSSHD(t *testing.T, n int) *sshServer {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the fleet tests run ansible-playbook over ssh, seconds each")
	}
	for _, bin := range []string{"ansible-playbook", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed (apt-get install openssh-server ansible-core): the fleet playbooks cannot be run over ssh", bin)
		}
	}
	sshd := "/usr/sbin/sshd"
	if _, err := os.Stat(sshd); err != nil {
		t.Skipf("%s is missing (apt-get install openssh-server): no ssh server to run the fleet tests against", sshd)
	}
	u, err := user.Current()
	require.NoError(t, err)
	// A folder of its own, not below a world-writable /tmp path that sshd
	// would refuse for keys.
	dir, err := os.MkdirTemp("", "momoconf-fleet-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &sshServer{dir: dir, user: u.Username, clientKey: filepath.Join(dir, "client"), calls: filepath.Join(dir, "calls.log")}
	for _, key := range []string{"hostkey", "client"} {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", filepath.Join(dir, key)).CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	fakebin := filepath.Join(dir, "fakebin")
	require.NoError(t, os.Mkdir(fakebin, 0o755))
	for _, name := range []string{"service", "systemctl"} {
		script := fmt.Sprintf("#!/bin/sh\necho \"${SSH_CONNECTION##* } %s $*\" >> %s\n", name, s.calls)
		require.NoError(t, os.WriteFile(filepath.Join(fakebin, name), []byte(script), 0o755))
	}
	if os.Geteuid() == 0 {
		require.NoError(t, os.MkdirAll("/run/sshd", 0o755))
	}
	// Ports are chosen and taken by sshd under one lock, so that parallel
	// tests do not choose the same; a port another process took meanwhile
	// shows in sshd's log and fails the start below.
	sshdStartMu.Lock()
	defer sshdStartMu.Unlock()
	var conf strings.Builder
	s.ports = freePorts(t, n)
	for _, p := range s.ports {
		fmt.Fprintf(&conf, "Port %d\n", p)
	}
	sftp := "/usr/lib/openssh/sftp-server"
	fmt.Fprintf(&conf, `ListenAddress 127.0.0.1
HostKey %[1]s/hostkey
AuthorizedKeysFile %[1]s/client.pub
PidFile %[1]s/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
Subsystem sftp %[2]s
SetEnv PATH=%[3]s:/usr/sbin:/usr/bin:/sbin:/bin
`, dir, sftp, fakebin)
	config := filepath.Join(dir, "sshd_config")
	require.NoError(t, os.WriteFile(config, []byte(conf.String()), 0o600))
	if out, err := exec.Command(sshd, "-t", "-f", config).CombinedOutput(); err != nil {
		t.Skipf("sshd refuses to run here (sshd -t: %v: %s): the fleet tests need a real ssh server", err, out)
	}
	cmd := exec.Command(sshd, "-f", config, "-E", filepath.Join(dir, "sshd.log"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("sshd could not start here (%v: %s): the fleet tests need a real ssh server", err, out)
	}
	pidFile := filepath.Join(dir, "sshd.pid")
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, err := os.ReadFile(pidFile)
		if err == nil {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(data)))
		}
	}
	if pid == 0 {
		log, _ := os.ReadFile(filepath.Join(dir, "sshd.log"))
		t.Skipf("sshd wrote no pid file within 10s: %s", log)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGTERM) })
	log := filepath.Join(dir, "sshd.log")
	for _, p := range s.ports {
		want := fmt.Sprintf("Server listening on 127.0.0.1 port %d.", p)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			data, _ := os.ReadFile(log)
			if bytes.Contains(data, []byte(want)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sshd does not listen on port %d (taken by another process?): %s", p, data)
			}
		}
	}
	// A login must work, or the tests cannot say anything.
	out, err := exec.Command("ssh", append(s.sshArgs(s.ports[0]), "echo", "ok")...).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("ok")) {
		log, _ := os.ReadFile(filepath.Join(dir, "sshd.log"))
		t.Skipf("cannot log in to the test sshd as %s (%v: %s; sshd.log: %s)", s.user, err, out, log)
	}
	return s
}

// sshArgs are the ssh options of a login to the test server on port.
func (s *sshServer) sshArgs(port int) []string {
	return []string{"-p", strconv.Itoa(port), "-i", s.clientKey, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", s.user + "@127.0.0.1"}
}

// callsByPort returns the stand-in commands run, by the port the session
// came in on.
func (s *sshServer) callsByPort(t *testing.T) map[int][]string {
	t.Helper()
	data, err := os.ReadFile(s.calls)
	if os.IsNotExist(err) {
		return map[int][]string{}
	}
	require.NoError(t, err)
	out := map[int][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		port, call, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		p, err := strconv.Atoi(port)
		require.NoError(t, err, line)
		out[p] = append(out[p], call)
	}
	return out
}

// sshdStartMu keeps parallel tests from choosing the same ports.
var sshdStartMu sync.Mutex

// freePorts returns n distinct loopback ports nothing listens on now.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
