package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/nginxcheck"
	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	clusterDir  = "../../testdata/cluster"
	afterAddDir = "../../testdata/cluster-after-add-node4"
	afterRmDir  = "../../testdata/cluster-after-remove-node2"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// moduleBinary builds the module once per test run and returns its path.
func moduleBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "ansible-momoconf-"); buildErr != nil {
			return
		}
		buildErr = buildModule(filepath.Join(buildDir, "momoconf"))
	})
	require.NoError(t, buildErr)
	return filepath.Join(buildDir, "momoconf")
}

// buildModule builds ./cmd/ansible-momoconf into the file out.
func buildModule(out string) error {
	// Stripped: the playbooks copy it to every host for every task.
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return errors.New("go build: " + err.Error() + ": " + stderr.String())
	}
	return nil
}

// runModule runs the module binary on an arguments file holding args, as
// Ansible does, and returns its decoded result and exit status.
func runModule(t *testing.T, args map[string]any) (*result, int) {
	t.Helper()
	data, err := json.Marshal(args)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return runBinary(t, path)
}

func runBinary(t *testing.T, argv ...string) (*result, int) {
	t.Helper()
	cmd := exec.Command(moduleBinary(t), argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	assert.Empty(t, stderr.String(), "the module writes only its JSON result")
	var r result
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &r), "stdout: %s", stdout.String())
	return &r, code
}

// copyCluster copies the example cluster into a temporary folder.
func copyCluster(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree(clusterDir, dir))
	return dir
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := golden.ReadTree(dir)
	require.NoError(t, err)
	return files
}

func addNode4(root string) map[string]any {
	return map[string]any{"host": "node4.int.example.com", "ip": "10.77.0.97", "mta_id": 5, "root": root}
}

var argTests = []struct {
	desc string
	args map[string]any
	want string // the failure message
}{
	{"an unknown argument is named", map[string]any{"host": "a.example.com", "ip": "10.0.0.1", "hots": "x"},
		`unsupported argument "hots" (expected one of backup, change, files, from, host, hosts, id, ip, mta_id, new_node, phase, role, root, state, txid, undo_txid, validate, views)`},
	{"another role is refused", map[string]any{"host": "a.example.com", "role": "mta"},
		`role "mta" is not supported (expected platform or analytics)`},
	{"an Analytics node has no mta_id", map[string]any{"host": "a.example.com", "role": "analytics", "mta_id": 3},
		"mta_id is for Platform nodes only: an Analytics node has none (leave mta_id out with role=analytics)"},
	{"a Platform node needs an ip", map[string]any{"host": "a.example.com", "role": "platform"},
		"state=present needs host and ip (ip is optional only with role=analytics)"},
	{"an unknown state is refused", map[string]any{"host": "a.example.com", "state": "latest"},
		`state "latest" is not supported (expected present, absent, query, export, decide, checklist or undo)`},
	{"present needs an ip", map[string]any{"host": "a.example.com"}, "state=present needs host and ip (ip is optional only with role=analytics)"},
	{"present needs a host", map[string]any{"role": "analytics"}, "state=present needs host"},
	{"absent needs a host", map[string]any{"state": "absent"}, "state=absent needs host"},
	{"commit needs a txid", map[string]any{"phase": "commit"}, "phase=commit needs txid (the transaction id the hosts prepared)"},
	{"prepare needs a txid", map[string]any{"phase": "prepare", "host": "a.example.com", "ip": "10.0.0.1"}, "phase=prepare needs txid (the fleet's transaction id)"},
	{"an unknown phase is refused", map[string]any{"phase": "later", "txid": "x"}, `phase "later" is not supported (expected prepare, commit or abort)`},
	{"undo_txid is for state=undo", map[string]any{"host": "a.example.com", "ip": "10.0.0.1", "undo_txid": "fleet-1"},
		"undo_txid is for state=undo, without id (it names the change by the fleet's transaction instead of this host's number), and for state=decide with change=undo"},
	{"undo_txid or id, not both", map[string]any{"state": "undo", "id": "1", "undo_txid": "fleet-1"},
		"undo_txid is for state=undo, without id (it names the change by the fleet's transaction instead of this host's number), and for state=decide with change=undo"},
	{"prepare is not for a query", map[string]any{"state": "query", "phase": "prepare", "txid": "x"}, "phase=prepare is for state=present, absent or undo"},
	{"decide needs the change", map[string]any{"state": "decide", "host": "a.example.com"}, "state=decide needs change=present, absent or undo"},
	{"an undo's decision needs undo_txid", map[string]any{"state": "decide", "change": "undo"}, "state=decide with change=undo needs undo_txid (the transaction of the change to undo)"},
	{"new_node needs files", map[string]any{"host": "a.example.com", "ip": "10.0.0.1", "new_node": true}, "new_node needs files (the result of state=export on the host the new node copies)"},
	{"mta_id must be a number", map[string]any{"host": "a.example.com", "ip": "10.0.0.1", "mta_id": "five"},
		`argument mta_id: "five" is not an integer`},
	{"validate must be a boolean", map[string]any{"host": "a.example.com", "ip": "10.0.0.1", "validate": "maybe"},
		"argument validate: maybe is not a boolean (expected true or false)"},
	{"the library's own checks apply", map[string]any{"host": "Node4.example.com", "ip": "10.0.0.1", "root": clusterDir + "/node1"},
		`host "Node4.example.com" has upper-case letters; msgc requires lower-case peer names (use "node4.example.com")`},
	{"a missing root", map[string]any{"state": "query", "root": "/nonexistent/momoconf"},
		"stat /nonexistent/momoconf: no such file or directory"},
}

func TestArguments(t *testing.T) {
	for _, tt := range argTests {
		t.Run(tt.desc, func(t *testing.T) {
			r, code := runModule(t, tt.args)
			assert.Equal(t, 1, code)
			assert.True(t, r.Failed)
			assert.False(t, r.Changed)
			assert.Equal(t, tt.want, r.Msg)
		})
	}
}

func TestArgumentsFile(t *testing.T) {
	r, code := runBinary(t)
	assert.Equal(t, 1, code)
	assert.Contains(t, r.Msg, "usage: ansible-momoconf ARGS_FILE")

	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, []byte("host=a ip=b"), 0o600))
	r, _ = runBinary(t, path)
	assert.True(t, r.Failed)
	assert.Contains(t, r.Msg, "is not a JSON object")
}

// TestAnsibleKeysIgnored checks that Ansible's internal keys, present in
// every arguments file, are not taken for unknown arguments, and that
// strings stand for numbers and booleans as templates give them.
func TestAnsibleKeysIgnored(t *testing.T) {
	root := copyCluster(t) + "/node1"
	args := addNode4(root)
	args["mta_id"] = "5"
	args["_ansible_check_mode"] = "yes"
	args["_ansible_verbosity"] = 0
	args["_ansible_module_name"] = "momoconf"
	args["backup"] = nil
	r, code := runModule(t, args)
	assert.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, 5, r.MTAID)
}

func TestCheckMode(t *testing.T) {
	cluster := copyCluster(t)
	before := readTree(t, cluster)
	args := addNode4(filepath.Join(cluster, "node1"))
	args["_ansible_check_mode"] = true
	args["_ansible_diff"] = true
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, "node4.int.example.com (mta_id 5) would be added: 3 file(s) would change (check mode)", r.Msg)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)), "check mode writes nothing")

	want := readTree(t, afterAddDir)
	require.Len(t, r.Diff, 3)
	for _, d := range r.Diff {
		rel, err := filepath.Rel(cluster, d.AfterHeader)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		assert.Equal(t, d.BeforeHeader, d.AfterHeader)
		assert.Equal(t, string(before[rel]), d.Before, rel)
		assert.Equal(t, string(want[rel]), d.After, rel)
	}
	assert.Equal(t, r.Files, []string{r.Diff[0].AfterHeader, r.Diff[1].AfterHeader, r.Diff[2].AfterHeader})
}

func TestNoDiffUnlessAsked(t *testing.T) {
	args := addNode4(copyCluster(t) + "/node1")
	args["_ansible_check_mode"] = true
	r, _ := runModule(t, args)
	assert.True(t, r.Changed)
	assert.Empty(t, r.Diff)
}

// TestApply adds node4 to each existing tree and removes node2 from each,
// one tree at a time as the module does on each host: the bytes are the
// CLI's, and a second run changes nothing.
func TestApply(t *testing.T) {
	tests := []struct {
		desc string
		args map[string]any
		want string
	}{
		{"add", map[string]any{"host": "node4.int.example.com", "ip": "10.77.0.97", "mta_id": 5}, afterAddDir},
		{"remove", map[string]any{"host": "node2.int.example.com", "state": "absent"}, afterRmDir},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cluster := copyCluster(t)
			for _, tree := range []string{"node1", "node2", "node3", "analytics1"} {
				args := map[string]any{"root": filepath.Join(cluster, tree)}
				for k, v := range tt.args {
					args[k] = v
				}
				r, code := runModule(t, args)
				require.Equal(t, 0, code, r.Msg)
				again, _ := runModule(t, args)
				assert.False(t, again.Changed, "second run on %s: %s", tree, again.Msg)
				assert.Contains(t, again.Msg, "nothing to change")
			}
			want := readTree(t, tt.want)
			for path := range want {
				if strings.HasPrefix(path, "node4/") {
					delete(want, path) // the module does not create the new node's tree
				}
			}
			assert.Empty(t, golden.TreeDiff(want, readTree(t, cluster)))
		})
	}
}

func TestBrokenFile(t *testing.T) {
	cluster := copyCluster(t)
	path := filepath.Join(cluster, "node2/opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	breakFile(t, path, "votes = 1 }", "votes = 1 ")
	before := readTree(t, cluster)
	r, code := runModule(t, addNode4(filepath.Join(cluster, "node2")))
	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.False(t, r.Changed)
	assert.True(t, strings.HasPrefix(r.Msg, path+":46:1: found end of file"), r.Msg)
	require.NotNil(t, r.Position)
	assert.Equal(t, srcpos.Position{Filename: path, Line: 46, Column: 1}, *r.Position)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)))
}

// breakFile replaces the first old in the file at path by new.
func breakFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
}

func TestValidate(t *testing.T) {
	if !nginxcheck.Available() {
		t.Skip("nginx is not installed: nothing to validate with")
	}
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	args := addNode4(root)
	args["validate"] = true
	args["_ansible_check_mode"] = true
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.Equal(t, "nginx -t accepted 1 file(s)", r.Validation)

	// A directive nginx does not know, which momoconf leaves alone.
	path := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf")
	breakFile(t, path, "least_conn;", "least_con;")
	before := readTree(t, cluster)
	delete(args, "_ansible_check_mode")
	r, code = runModule(t, args)
	assert.Equal(t, 1, code)
	assert.False(t, r.Changed)
	assert.Equal(t, path+`:6:6: nginx -t: unknown directive "least_con"`, r.Msg)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)), "nothing written after a refusal")
}

func TestValidateWithoutNginx(t *testing.T) {
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		t.Skip("/usr/sbin/nginx exists: validation cannot be made to find no nginx")
	}
	args := addNode4(copyCluster(t) + "/node1")
	args["validate"] = true
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Contains(t, r.Validation, "skipped")
	assert.Contains(t, r.Warnings, r.Validation)
}

func TestBackup(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	before := readTree(t, cluster)
	peers := filepath.Join(root, "opt/msys/ecelerity/etc/conf/global/msgc_server.conf")
	require.NoError(t, os.Chmod(peers, 0o640))
	asRoot := os.Geteuid() == 0
	if asRoot {
		require.NoError(t, os.Chown(peers, 65534, 65534))
	}
	args := addNode4(root)
	args["backup"] = true
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	require.Len(t, r.BackupFiles, 3)
	for i, b := range r.BackupFiles {
		assert.Equal(t, r.Files[i], b[:len(r.Files[i])], "the backup lies beside its file")
		assert.Regexp(t, `\.\d{8}T\d{6}Z~$`, b)
		rel, err := filepath.Rel(cluster, r.Files[i])
		require.NoError(t, err)
		got, err := os.ReadFile(b)
		require.NoError(t, err)
		assert.Equal(t, string(before[filepath.ToSlash(rel)]), string(got), "the backup holds the previous content")
	}
	info, err := os.Stat(r.BackupFiles[1])
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm(), "the backup keeps the file's mode")
	if asRoot && runtime.GOOS == "linux" {
		assert.Equal(t, uint32(65534), ownerOf(t, r.BackupFiles[1]), "the backup keeps the file's owner")
	}

	// Nothing to change: no new backup.
	again, _ := runModule(t, args)
	assert.False(t, again.Changed)
	assert.Empty(t, again.BackupFiles)
	matches, err := filepath.Glob(filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/*.conf"))
	require.NoError(t, err)
	assert.Len(t, matches, 2, "nginx's include conf.d/*.conf does not pick up a backup")
}

// TestBackupNamesDoNotClash checks that a second backup in the same second
// gets a name of its own instead of replacing the first.
func TestBackupNamesDoNotClash(t *testing.T) {
	defer func(saved func() time.Time) { now = saved }(now)
	now = func() time.Time { return time.Date(2026, 12, 4, 16, 22, 33, 0, time.UTC) }
	root := filepath.Join(copyCluster(t), "node1")
	path := filepath.Join(root, "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	first, err := os.ReadFile(path)
	require.NoError(t, err)
	args := addNode4(root)
	args["backup"] = true
	r, code := runInProcess(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.Contains(t, r.BackupFiles, path+".20261204T162233Z~")
	second, err := os.ReadFile(path)
	require.NoError(t, err)

	args["state"] = "absent"
	delete(args, "mta_id")
	r, code = runInProcess(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.Contains(t, r.BackupFiles, path+".20261204T162233Z.1~")
	got, _ := os.ReadFile(path + ".20261204T162233Z~")
	assert.Equal(t, string(first), string(got))
	got, _ = os.ReadFile(path + ".20261204T162233Z.1~")
	assert.Equal(t, string(second), string(got))
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*"))
	assert.Empty(t, left, "no temporary file is left")
}

// runInProcess runs the module in the test process, so that the test's
// seams (the clock, txn's hooks) apply.
func runInProcess(t *testing.T, args map[string]any) (*result, int) {
	t.Helper()
	data, err := json.Marshal(args)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	var stdout bytes.Buffer
	code := run([]string{path}, &stdout)
	var r result
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &r), stdout.String())
	return &r, code
}

func TestQuery(t *testing.T) {
	cluster := copyCluster(t)
	before := readTree(t, cluster)
	r, code := runModule(t, map[string]any{"state": "query", "root": filepath.Join(cluster, "node1")})
	require.Equal(t, 0, code, r.Msg)
	assert.False(t, r.Changed)
	platform := []string{"node1.int.example.com", "node2.int.example.com", "node3.int.example.com"}
	nodes := append([]string{"analytics1.int.example.com"}, platform...)
	assert.Equal(t, nodes, r.Nodes, "every member, the Analytics node the api_webhooks upstream lists too")
	assert.Equal(t, map[string]int{platform[0]: 1, platform[1]: 2, platform[2]: 3}, r.MTAIDs)
	assert.Equal(t, 5, r.NextMTAID, "4 is kept by a commented-out stanza")
	assert.Zero(t, r.MTAID)
	assert.Empty(t, r.Drift)

	r, _ = runModule(t, map[string]any{"state": "query", "host": "node2.int.example.com", "root": filepath.Join(cluster, "node1")})
	assert.Equal(t, 2, r.MTAID, "a listed node keeps its id")
	r, _ = runModule(t, map[string]any{"state": "query", "host": "node4.int.example.com", "root": filepath.Join(cluster, "node1")})
	assert.Equal(t, 5, r.MTAID)

	r, _ = runModule(t, map[string]any{"state": "query", "root": filepath.Join(cluster, "analytics1")})
	assert.False(t, r.Failed, r.Msg)
	assert.Equal(t, nodes, r.Nodes)
	assert.Zero(t, r.NextMTAID, "no msg_gen.conf: no mta_id to choose")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)), "query writes nothing")
}
