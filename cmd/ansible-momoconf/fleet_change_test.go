package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var node2 = momoconf.Node{Host: "node2.int.example.com"}

// addArgs are the extra vars of the fleet's addition of node4.
var addArgs = []string{"-e", "node_host=" + node4.Host, "-e", "node_ip=" + node4.IP, "-e", "new_node=node4"}

// wantAdd is what momoconf add-node --cluster --new-node-dir node4 --from
// node1 makes of the two-tier cluster, by host.
func wantAdd(t *testing.T) map[string]map[string][]byte {
	return clusterResult(t, twoTierDir, []string{"node4"}, func(c *momoconf.Cluster) (*momoconf.Plan, error) {
		return c.AddNode(node4, momoconf.AddOptions{NewNodeDir: "node4", From: "node1"})
	})
}

// TestFleetAdd: the addition across six hosts (five trees of two-tier and
// node4's empty one) gives each host the tree the command gives in
// cluster mode, with one mta_id; the changed hosts restart their services
// with `service` and nothing calls systemctl; a second run changes nothing
// and restarts nothing.
func TestFleetAdd(t *testing.T) {
	f := newFleet(t, twoTierDir, []string{"node4"})
	out, ok := f.run("add-node.yml", addArgs...)
	require.True(t, ok, out)
	assertTrees(t, f, wantAdd(t), "the fleet's addition")
	for _, h := range f.hosts {
		assert.Positive(t, recap(out)[h.name]["changed"], "%s changed", h.name)
	}
	calls := f.ssh.callsByPort(t)
	assert.Equal(t, []string{"service ecelerity restart", "service msys-nginx reload"}, calls[f.host("node1").port])
	assert.Equal(t, []string{"service msys-app-users-api restart", "service msys-app-webhooks-api restart", "service msys-nginx reload"}, calls[f.host("analytics1").port])
	assert.Empty(t, calls[f.host("node4").port], "the new node's services are started by the checklist's steps")
	for _, cs := range calls {
		for _, c := range cs {
			assert.True(t, strings.HasPrefix(c, "service "), "only service is called: %s", c)
		}
	}
	assert.Contains(t, out, "Next steps (the runbook's, for this change):")
	assert.Equal(t, 1, strings.Count(out, "Next steps (the runbook's"), "the checklist is printed once")

	again, ok := f.run("add-node.yml", addArgs...)
	require.True(t, ok, again)
	for _, h := range f.hosts {
		assert.Zero(t, recap(again)[h.name]["changed"], "a second run changes nothing on %s", h.name)
	}
	assert.Equal(t, calls, f.ssh.callsByPort(t), "no restart on a second run")
	assertTrees(t, f, wantAdd(t), "after the second run")
}

// TestFleetRemoveLearnsIP: the Analytics hosts' momo_upstream.conf names
// node2 by address only; a removal without node_ip learns the address from
// the hosts that list node2 and removes those entries too, as the command
// does in cluster mode. With momoconf_restart=false nothing is restarted.
func TestFleetRemoveLearnsIP(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	byIP := func(root string) {
		path := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf")
		breakFile(t, path, "server node2.int.example.com:2081", "server 10.77.0.94:2081")
	}
	src := filepath.Join(t.TempDir(), "two-tier")
	require.NoError(t, golden.CopyTree(twoTierDir, src))
	for _, h := range []string{"analytics1", "analytics2"} {
		byIP(f.host(h).root)
		byIP(filepath.Join(src, h))
	}
	want := clusterResult(t, src, nil, func(c *momoconf.Cluster) (*momoconf.Plan, error) {
		return c.RemoveNode(node2, momoconf.RemoveOptions{})
	})
	out, ok := f.run("remove-node.yml", "-e", "node_host="+node2.Host, "-e", "momoconf_restart=false")
	require.True(t, ok, out)
	assertTrees(t, f, want, "the fleet's removal")
	up, err := os.ReadFile(filepath.Join(f.host("analytics1").root, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf"))
	require.NoError(t, err)
	assert.NotContains(t, string(up), "10.77.0.94")
	assert.Empty(t, f.ssh.callsByPort(t), "momoconf_restart=false restarts nothing")

	again, ok := f.run("remove-node.yml", "-e", "node_host="+node2.Host)
	require.True(t, ok, again)
	for _, h := range f.hosts {
		assert.Zero(t, recap(again)[h.name]["changed"], "a second run changes nothing on %s", h.name)
	}
}

// TestFleetPrepareFails: a file that cannot be written on one host (no
// write bit) lets the others prepare, then fails there; every host aborts,
// and every tree is byte-identical to before, with no staged file or
// prepared journal.
func TestFleetPrepareFails(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	require.NoError(t, os.Chmod(filepath.Join(f.host("node3").root, "opt/msys/ecelerity/etc/conf/global/msgc_server.conf"), 0o444))
	before := f.trees()
	out, ok := f.run("remove-node.yml", "-e", "node_host="+node2.Host)
	require.False(t, ok, out)
	assert.Contains(t, out, "is read-only (mode 0444)")
	assert.Contains(t, out, "could not prepare")
	assertTrees(t, f, before, "an aborted change")
	assert.Empty(t, f.ssh.callsByPort(t), "nothing restarted")
}

var (
	afterPrepare = regexp.MustCompile(`^TASK \[Did every host prepare\?\]`)
	txidRe       = regexp.MustCompile(`TASK \[Prepare transaction (momoconf-[0-9a-f]+) on every host\]`)
)

// preparedOrUnchanged checks that each host holds its files as before,
// with at most a prepared change's staged files and journal beside them.
func preparedOrUnchanged(t *testing.T, f *fleet, before map[string]map[string][]byte) (prepared int) {
	t.Helper()
	got := f.trees()
	for _, h := range f.hosts {
		extra := 0
		for path, data := range got[h.name] {
			old, ok := before[h.name][path]
			if ok {
				assert.Equal(t, string(old), string(data), "%s: %s is unchanged", h.name, path)
				continue
			}
			extra++
			assert.True(t, strings.HasPrefix(filepath.Base(path), "."), "%s: only hidden staged files and the journal are new, not %s", h.name, path)
		}
		for path := range before[h.name] {
			assert.Contains(t, got[h.name], path, "%s: %s is still there", h.name, path)
		}
		if extra > 0 {
			prepared++
		}
	}
	return prepared
}

// TestFleetControllerKilled: the controller killed with SIGKILL after every
// host prepared leaves every host unchanged or prepared; another momoconf
// run on a prepared host refuses, naming the transaction; re-running the
// playbook finishes the change everywhere. Killed again on a fresh fleet,
// -e momoconf_abort=TXID removes the prepared change everywhere.
func TestFleetControllerKilled(t *testing.T) {
	t.Run("finish", func(t *testing.T) {
		f := newFleet(t, twoTierDir, []string{"node4"})
		before := f.trees()
		out := f.runUntil(afterPrepare, "add-node.yml", addArgs...)
		m := txidRe.FindStringSubmatch(out)
		require.NotNil(t, m, out)
		assert.Positive(t, preparedOrUnchanged(t, f, before), "some host is prepared")

		r, code := runModule(t, map[string]any{"host": "node5.int.example.com", "ip": "10.77.0.98", "root": f.host("node1").root})
		assert.Equal(t, 1, code)
		assert.Contains(t, r.Msg, m[1], "a prepared host refuses another change, naming the transaction")

		again, ok := f.run("add-node.yml", addArgs...)
		require.True(t, ok, again)
		assert.Contains(t, again, m[1], "the re-run finishes the same transaction")
		assertTrees(t, f, wantAdd(t), "the finished change")
	})
	t.Run("abort", func(t *testing.T) {
		f := newFleet(t, twoTierDir, []string{"node4"})
		before := f.trees()
		out := f.runUntil(afterPrepare, "add-node.yml", addArgs...)
		m := txidRe.FindStringSubmatch(out)
		require.NotNil(t, m, out)
		assert.Positive(t, preparedOrUnchanged(t, f, before))
		abort, ok := f.run("add-node.yml", "-e", "momoconf_abort="+m[1])
		require.True(t, ok, abort)
		assertTrees(t, f, before, "the aborted change")
	})
}
