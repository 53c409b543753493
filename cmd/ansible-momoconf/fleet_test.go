package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// view is a host's query result as Ansible registers it.
func view(extra map[string]any) map[string]any {
	v := map[string]any{"changed": false, "msg": "ok", "drift": []string{}, "next_mta_id": 5, "mta_id": 5,
		"mta_ids": map[string]int{"node1.int.example.com": 1, "node2.int.example.com": 2}}
	for k, x := range extra {
		v[k] = x
	}
	return v
}

// TestDecide: the fleet's one decision from every host's view.
func TestDecide(t *testing.T) {
	hosts := []any{"h1", "h2", "h3"}
	for _, tc := range []struct {
		name  string
		args  map[string]any
		views map[string]any
		want  string // the failure, or "" for success
		id    int
		ip    string
	}{
		{"the highest next id wins", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(nil), "h2": view(map[string]any{"mta_id": 7}), "h3": view(nil)}, "", 7, "10.0.0.9"},
		{"the node's own id", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(map[string]any{"node_mta_id": 3, "mta_id": 3}), "h2": view(nil), "h3": view(nil)}, "", 3, "10.0.0.9"},
		{"two mta_ids for one node", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(map[string]any{"node_mta_id": 3}), "h2": view(map[string]any{"node_mta_id": 4}), "h3": view(nil)},
			"the hosts give node9.example.com different mta_ids: 3 on h1; 4 on h2", 0, ""},
		{"the ip is another member's", map[string]any{"change": "present", "ip": "10.0.0.1"},
			map[string]any{"h1": view(nil), "h2": view(map[string]any{"ip_holder": "node1.int.example.com"}), "h3": view(nil)},
			"h2: 10.0.0.1 is the address of member node1.int.example.com", 0, ""},
		{"a given id that is taken", map[string]any{"change": "present", "ip": "10.0.0.9", "mta_id": 2},
			map[string]any{"h1": view(nil), "h2": view(nil), "h3": view(nil)},
			"h1: mta_id 2 is already node node2.int.example.com's", 0, ""},
		{"an unreachable host", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(nil), "h2": map[string]any{"unreachable": true, "msg": "ssh: connect refused"}, "h3": view(nil)},
			"h2: unreachable: ssh: connect refused", 0, ""},
		{"a broken host", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(nil), "h2": view(nil), "h3": map[string]any{"failed": true, "msg": "msg_gen.conf:46:1: found end of file"}},
			"h3: msg_gen.conf:46:1: found end of file", 0, ""},
		{"a host that did not answer", map[string]any{"change": "present", "ip": "10.0.0.9"},
			map[string]any{"h1": view(nil), "h2": view(nil)}, "h3: no answer to the query", 0, ""},
		{"a removal learns the ip", map[string]any{"change": "absent"},
			map[string]any{"h1": view(map[string]any{"node_ip": "10.0.0.4"}), "h2": view(nil), "h3": view(map[string]any{"node_ip": "10.0.0.4"})}, "", 0, "10.0.0.4"},
		{"two addresses for one node", map[string]any{"change": "absent"},
			map[string]any{"h1": view(map[string]any{"node_ip": "10.0.0.4"}), "h2": view(map[string]any{"node_ip": "10.0.0.5"}), "h3": view(nil)},
			"different addresses: 10.0.0.4 on h1; 10.0.0.5 on h2", 0, ""},
		{"another change prepared", map[string]any{"change": "absent", "ip": "10.0.0.4"},
			map[string]any{"h1": view(nil), "h2": view(map[string]any{"pending": []map[string]string{{"txid": "momoconf-0123", "time": "2026-01-01T00:00:00Z", "description": "add-node x"}}}), "h3": view(nil)},
			"h2: another change is prepared there: transaction momoconf-0123", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := map[string]any{"state": "decide", "host": "node9.example.com", "hosts": hosts, "views": tc.views}
			for k, v := range tc.args {
				args[k] = v
			}
			r, code := runModule(t, args)
			if tc.want != "" {
				assert.Equal(t, 1, code)
				assert.Contains(t, r.Msg, tc.want)
				return
			}
			require.Equal(t, 0, code, r.Msg)
			assert.Equal(t, tc.id, r.MTAID)
			assert.Equal(t, tc.ip, r.IP)
			assert.True(t, strings.HasPrefix(r.TxID, "momoconf-"), r.TxID)
			again, _ := runModule(t, args)
			assert.Equal(t, r.TxID, again.TxID, "the same change has the same transaction id")
		})
	}
}

// TestChecklist: every host's steps become one list naming the hosts.
func TestChecklist(t *testing.T) {
	step := func(cmd string, hosts ...string) map[string]any {
		return map[string]any{"step": 1, "hosts": hosts, "command": cmd, "why": "because"}
	}
	views := map[string]any{
		"h1": map[string]any{"changed": true, "steps": []any{step("service ecelerity restart", "this host"), step("nodetool status", "node1.int.example.com")}},
		"h2": map[string]any{"changed": true, "steps": []any{step("service ecelerity restart", "this host")}},
		"h3": map[string]any{"changed": false},
	}
	r, code := runModule(t, map[string]any{"state": "checklist", "hosts": []any{"h2", "h1", "h3"}, "views": views})
	require.Equal(t, 0, code, r.Msg)
	require.Len(t, r.Checklist, 2)
	assert.Equal(t, []string{"h2", "h1"}, r.Checklist[0].Hosts)
	assert.Equal(t, []string{"node1.int.example.com"}, r.Checklist[1].Hosts)
	assert.Contains(t, r.Msg, " 1. on h2, h1:\n      service ecelerity restart\n")

	views["h1"].(map[string]any)["steps"] = []any{step("scp -r /opt/msys/etc node4.example.com:/opt/msys/etc", "this host"), step("service ecelerity restart", "this host")}
	r, code = runModule(t, map[string]any{"state": "checklist", "from": "h1", "hosts": []any{"h1", "h2"}, "views": views})
	require.Equal(t, 0, code, r.Msg)
	require.Len(t, r.Checklist, 1, "the copy the fleet made is no step")
	assert.Equal(t, "service ecelerity restart", r.Checklist[0].Command)
}

// TestQueryAlwaysHasDrift: a query of agreeing files returns "drift": [].
func TestQueryAlwaysHasDrift(t *testing.T) {
	cluster := copyCluster(t)
	data := rawModule(t, map[string]any{"state": "query", "root": filepath.Join(cluster, "node1"), "host": "node2.int.example.com"})
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &raw))
	assert.Equal(t, "[]", string(raw["drift"]))
	var r result
	require.NoError(t, json.Unmarshal(data, &r))
	assert.True(t, r.Listed)
	assert.Equal(t, "10.77.0.94", r.NodeIP)
	assert.Equal(t, 2, r.NodeMTAID)
}

// TestAbsentWithMTAID: mta_id is accepted with state=absent when it is the
// node's, and refused, with nothing written, when it is not.
func TestAbsentWithMTAID(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	before := readTree(t, cluster)
	r, code := runModule(t, map[string]any{"state": "absent", "host": "node2.int.example.com", "mta_id": 3, "root": root})
	assert.Equal(t, 1, code)
	assert.Contains(t, r.Msg, "node2.int.example.com has mta_id 2 in this host's msg_gen.conf, not 3")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, cluster)))

	r, code = runModule(t, map[string]any{"state": "absent", "host": "node2.int.example.com", "mta_id": 2, "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Equal(t, []service{{"ecelerity", "restart"}, {"msys-nginx", "reload"}}, r.Services)
	assert.NotEmpty(t, r.Steps, "the runbook's steps for this host")
}

// TestExportToNewNode: state=export on node1 and state=present new_node on
// an empty tree make the node4 tree of a cluster-folder addition.
func TestExportToNewNode(t *testing.T) {
	cluster := copyCluster(t)
	exp, code := runModule(t, map[string]any{"state": "export", "root": filepath.Join(cluster, "node1"), "host": "node4.int.example.com", "ip": "10.77.0.97", "mta_id": 5})
	require.Equal(t, 0, code, exp.Msg)
	require.NotEmpty(t, exp.NodeFiles)
	dst := t.TempDir()
	files, err := json.Marshal(exp.NodeFiles)
	require.NoError(t, err)
	var filesArg any
	require.NoError(t, json.Unmarshal(files, &filesArg))
	args := map[string]any{"host": "node4.int.example.com", "ip": "10.77.0.97", "mta_id": 5, "root": dst, "new_node": true, "from": "node1", "files": filesArg}
	r, code := runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	assert.Empty(t, golden.TreeDiff(readTree(t, afterAddDir+"/node4"), readTree(t, dst)))
	r, code = runModule(t, args)
	require.Equal(t, 0, code, r.Msg)
	assert.False(t, r.Changed, "a second run changes nothing")
	_, err = os.Stat(dst)
	require.NoError(t, err)
}

// rawModule runs the module on args and returns its stdout.
func rawModule(t *testing.T, args map[string]any) []byte {
	t.Helper()
	data, err := json.Marshal(args)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	out, err := exec.Command(moduleBinary(t), path).Output()
	require.NoError(t, err, "%s", out)
	return out
}

// TestAbsentNeedsIPForByIPList: on a host whose momo_upstream.conf names
// members by address and whose files give no address for the node,
// state=absent without ip is refused with nothing written; with ip, the
// by-IP entry goes.
func TestAbsentNeedsIPForByIPList(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "analytics1")
	up := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf")
	breakFile(t, up, "server node2.int.example.com:2081", "server 10.77.0.94:2081")
	before := readTree(t, root)
	r, code := runModule(t, map[string]any{"state": "absent", "host": "node2.int.example.com", "root": root})
	assert.Equal(t, 1, code)
	assert.Contains(t, r.Msg, "upstream momo-rest names members by IP address, and no IP was given for node2.int.example.com")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, root)))

	r, code = runModule(t, map[string]any{"state": "absent", "host": "node2.int.example.com", "ip": "10.77.0.94", "root": root})
	require.Equal(t, 0, code, r.Msg)
	assert.True(t, r.Changed)
	data, err := os.ReadFile(up)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "10.77.0.94")
}
