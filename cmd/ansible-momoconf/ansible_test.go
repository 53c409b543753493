package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// playbookDir holds the example playbook and inventory.
const playbookDir = "../../testdata/ansible"

// playbookRun is what the json stdout callback prints: each task's result
// on each host, and each host's counts.
type playbookRun struct {
	Plays []struct {
		Tasks []struct {
			Task struct {
				Name string `json:"name"`
			} `json:"task"`
			Hosts map[string]*result `json:"hosts"`
		} `json:"tasks"`
	} `json:"plays"`
	Stats map[string]struct {
		Changed  int `json:"changed"`
		Failures int `json:"failures"`
		OK       int `json:"ok"`
	} `json:"stats"`
}

// results returns the results of the momoconf module's "Add" task, by host.
func (p *playbookRun) results() map[string]*result {
	out := map[string]*result{}
	for _, play := range p.Plays {
		for _, task := range play.Tasks {
			if strings.HasPrefix(task.Task.Name, "Add ") {
				for host, r := range task.Hosts {
					out[host] = r
				}
			}
		}
	}
	return out
}

// ansibleSetup lays out a playbook folder in a temporary folder: the
// example playbook and inventory, the module built as library/momoconf,
// and a copy of the example cluster beside it. It returns the folder.
func ansibleSetup(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: ansible-playbook runs take seconds each")
	}
	if _, err := exec.LookPath("ansible-playbook"); err != nil {
		t.Skip("ansible-playbook is not installed (apt-get install ansible-core): the playbook cannot be run")
	}
	dir := t.TempDir()
	require.NoError(t, golden.CopyTree(playbookDir, filepath.Join(dir, "ansible")))
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "ansible", "library")))
	require.NoError(t, buildModule(filepath.Join(dir, "ansible", "library", "momoconf")))
	require.NoError(t, golden.CopyTree(clusterDir, filepath.Join(dir, "cluster")))
	return dir
}

// playbook runs the example playbook in dir (laid out by ansibleSetup)
// with extra arguments, every file Ansible writes kept inside dir.
func playbook(t *testing.T, dir string, extra ...string) *playbookRun {
	t.Helper()
	args := append([]string{"-i", "inventory.ini", "add-node.yml", "-e", "momoconf_cluster=" + filepath.Join(dir, "cluster")}, extra...)
	cmd := exec.Command("ansible-playbook", args...)
	cmd.Dir = filepath.Join(dir, "ansible")
	home := filepath.Join(dir, "home")
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"ANSIBLE_CONFIG="+filepath.Join(dir, "ansible", "no-ansible.cfg"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "local-tmp"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(home, "remote-tmp"),
		"ANSIBLE_STDOUT_CALLBACK=json",
		"ANSIBLE_LOCALHOST_WARNING=False",
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_RETRY_FILES_ENABLED=False",
		"ANSIBLE_DEPRECATION_WARNINGS=False",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("ansible-playbook: %v", err)
	}
	var run playbookRun
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &run), "ansible-playbook %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(extra, " "), stdout.String(), stderr.String())
	return &run
}

var hosts = []string{"node1", "node2", "node3", "analytics1"}

// withoutBackups returns the files of tree that are not backups (NAME.STAMP~).
func withoutBackups(tree map[string][]byte) (files, backups map[string][]byte) {
	files, backups = map[string][]byte{}, map[string][]byte{}
	for path, data := range tree {
		if strings.HasSuffix(path, "~") {
			backups[path] = data
		} else {
			files[path] = data
		}
	}
	return files, backups
}

// TestPlaybook runs the example playbook in check mode, then for real,
// then again: check mode writes nothing but reports the change, the real
// run writes the CLI's bytes (and backups), and the second run changes
// nothing.
func TestPlaybook(t *testing.T) {
	dir := ansibleSetup(t)
	cluster := filepath.Join(dir, "cluster")
	before := readTree(t, cluster)

	check := playbook(t, dir, "--check", "--diff")
	for _, h := range hosts {
		assert.Zero(t, check.Stats[h].Failures, "check mode on %s", h)
		assert.Equal(t, 1, check.Stats[h].Changed, "check mode on %s reports the change", h)
		assert.NotEmpty(t, check.results()[h].Diff, "--diff on %s shows the change", h)
	}
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)), "check mode writes nothing")

	apply := playbook(t, dir)
	want := readTree(t, afterAddDir)
	for path := range want {
		if strings.HasPrefix(path, "node4/") {
			delete(want, path) // the module edits hosts; it does not create the new node's tree
		}
	}
	got, backups := withoutBackups(readTree(t, cluster))
	assert.Empty(t, golden.TreeDiff(want, got), "the playbook makes the CLI's bytes")
	var backedUp int
	for _, h := range hosts {
		assert.Zero(t, apply.Stats[h].Failures, "%s", h)
		assert.Equal(t, 1, apply.Stats[h].Changed, "%s", h)
		r := apply.results()[h]
		require.NotNil(t, r, "a result for %s", h)
		assert.Equal(t, 5, r.MTAID, "%s uses the id chosen on node1", h)
		for _, b := range r.BackupFiles {
			rel, err := filepath.Rel(cluster, b)
			require.NoError(t, err)
			rel = filepath.ToSlash(rel)
			require.Contains(t, backups, rel)
			orig := rel[:strings.LastIndex(rel[:len(rel)-1], ".")]
			assert.Equal(t, string(before[orig]), string(backups[rel]), "backup of %s", orig)
			backedUp++
		}
	}
	assert.Equal(t, len(golden.TreeDiff(before, got)), backedUp, "one backup for each changed file")
	assert.Len(t, backups, backedUp)

	again := playbook(t, dir)
	for _, h := range hosts {
		assert.Zero(t, again.Stats[h].Failures, "%s", h)
		assert.Zero(t, again.Stats[h].Changed, "a second run on %s changes nothing", h)
	}
	after := readTree(t, cluster)
	assert.Len(t, after, len(got)+backedUp, "no new backups")
}

// TestPlaybookBrokenFile runs the playbook over a tree whose msg_gen.conf
// does not parse: that host fails with the file:line:col message and keeps
// its files; the other hosts go on.
func TestPlaybookBrokenFile(t *testing.T) {
	dir := ansibleSetup(t)
	cluster := filepath.Join(dir, "cluster")
	path := filepath.Join(cluster, "node2/opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	breakFile(t, path, "votes = 1 }", "votes = 1 ")
	before := readTree(t, filepath.Join(cluster, "node2"))

	run := playbook(t, dir)
	assert.Equal(t, 1, run.Stats["node2"].Failures)
	r := run.results()["node2"]
	require.NotNil(t, r)
	assert.True(t, r.Failed)
	assert.True(t, strings.HasPrefix(r.Msg, path+":46:1: found end of file"), r.Msg)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, filepath.Join(cluster, "node2"))), "the failed host keeps its files")
	for _, h := range []string{"node1", "node3", "analytics1"} {
		assert.Equal(t, 1, run.Stats[h].Changed, "%s goes on", h)
	}
}
