package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/momoconf/momoconf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listsArgs add node4 to every host's lists, without a tree of its own:
// an undo of it only puts files back, so it can be prepared everywhere.
var listsArgs = []string{"-e", "node_host=" + node4.Host, "-e", "node_ip=" + node4.IP}

// fleetChange runs playbook with extra on f, which must succeed, and
// returns the transaction it was made under.
func fleetChange(t *testing.T, f *fleet, playbook string, extra ...string) string {
	t.Helper()
	out, ok := f.run(playbook, extra...)
	require.True(t, ok, out)
	m := txidRe.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	return m[1]
}

// TestFleetUndo: a fleet addition, then ansible/undo.yml with its
// transaction, gives every host its tree from before, byte for byte, and
// restarts the services whose files the undo changed; a second run of
// undo.yml finds the undo done and changes nothing anywhere.
func TestFleetUndo(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	before := f.trees()
	txid := fleetChange(t, f, "add-node.yml", listsArgs...)
	require.NotEqual(t, before, f.trees())
	added := f.ssh.callsByPort(t)

	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid)
	require.True(t, ok, out)
	assert.Contains(t, out, "as transaction undo-"+txid+" on 5 host(s); undone already on 0 host(s)")
	assert.Contains(t, out, "TASK [Commit transaction undo-"+txid+" on every host]")
	assertTrees(t, f, before, "the undone addition")
	for _, h := range f.hosts {
		assert.Positive(t, recap(out)[h.name]["changed"], "%s changed", h.name)
	}
	calls := f.ssh.callsByPort(t)
	node1 := f.host("node1").port
	assert.Equal(t, append(added[node1], "service ecelerity restart", "service msys-nginx reload"), calls[node1], "the undo restarts what it changed")

	again, ok := f.run("undo.yml", "-e", "undo_txid="+txid)
	require.True(t, ok, again)
	assert.Contains(t, again, "on 0 host(s); undone already on 5 host(s)")
	for _, h := range f.hosts {
		assert.Zero(t, recap(again)[h.name]["changed"], "a second undo changes nothing on %s", h.name)
	}
	assert.Equal(t, calls, f.ssh.callsByPort(t), "no restart on a second run")
	assertTrees(t, f, before, "after the second run")
}

// TestFleetUndoRefusedAfterHandEdit: one host's file edited by hand after
// the change makes the undo refuse on every host before anything is
// prepared: the play fails naming the file, and every tree is
// byte-identical to before the undo.
func TestFleetUndoRefusedAfterHandEdit(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	txid := fleetChange(t, f, "add-node.yml", listsArgs...)
	edited := filepath.Join(f.host("node3").root, msgGenRel)
	breakFile(t, edited, "votes = 1 }", "votes = 1 }  # by hand")
	before := f.trees()

	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid)
	require.False(t, ok, out)
	assert.Contains(t, out, "changed since it: "+msgGenRel+" (edited since); nothing written")
	assert.NotContains(t, out, "TASK [Prepare", "no host is asked to prepare")
	assertTrees(t, f, before, "a refused undo")

	out, ok = f.run("undo.yml", "-e", "undo_txid=momoconf-000000000000")
	require.False(t, ok, out)
	assert.Contains(t, out, "no host made a change under transaction momoconf-000000000000")
	assertTrees(t, f, before, "an unknown transaction")
}

// TestFleetUndoWithNewNode: the undo of an addition that made the new
// node's own tree removes that tree's files, in the same two phases: every
// host, the new node's included, gets its tree from before.
func TestFleetUndoWithNewNode(t *testing.T) {
	f := newFleet(t, twoTierDir, []string{"node4"})
	before := f.trees()
	txid := fleetChange(t, f, "add-node.yml", addArgs...)
	assertTrees(t, f, wantAdd(t), "the fleet's addition")
	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid, "-e", "momoconf_restart=false")
	require.True(t, ok, out)
	assertTrees(t, f, before, "the undone addition")
	entries, err := os.ReadDir(f.host("node4").root)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Equal(t, ".momoconf", e.Name(), "the new node's tree holds only momoconf's state folder")
	}
}

// TestFleetAnalytics: the playbooks with node_role=analytics over ssh add
// analytics3 on every host as the cluster-wide run does, undo.yml puts
// every tree back, and remove-node.yml removes analytics2 as the
// cluster-wide run does.
func TestFleetAnalytics(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	before := f.trees()
	a3 := momoconf.Node{Host: analytics3Host, Role: momoconf.RoleAnalytics}
	want := clusterResult(t, twoTierDir, nil, func(c *momoconf.Cluster) (*momoconf.Plan, error) {
		return c.AddNode(a3, momoconf.AddOptions{})
	})
	txid := fleetChange(t, f, "add-node.yml", "-e", "node_host="+analytics3Host, "-e", "node_role=analytics", "-e", "momoconf_restart=false")
	assertTrees(t, f, want, "the fleet's Analytics addition")

	out, ok := f.run("undo.yml", "-e", "undo_txid="+txid, "-e", "momoconf_restart=false")
	require.True(t, ok, out)
	assertTrees(t, f, before, "the undone Analytics addition")

	a2 := momoconf.Node{Host: "analytics2.int.example.com", Role: momoconf.RoleAnalytics}
	want = clusterResult(t, twoTierDir, nil, func(c *momoconf.Cluster) (*momoconf.Plan, error) {
		return c.RemoveNode(a2, momoconf.RemoveOptions{})
	})
	fleetChange(t, f, "remove-node.yml", "-e", "node_host="+a2.Host, "-e", "node_role=analytics", "-e", "momoconf_restart=false")
	assertTrees(t, f, want, "the fleet's Analytics removal")
}

// cutOffAtPrepare makes host name unreachable from the moment the play
// starts its task "Prepare transaction ...": after every host was read and
// the fleet decided. A callback plugin makes a marker file as the task
// starts, before any host runs it, and the host's ssh (a wrapper, its
// ansible_ssh_executable) fails once the marker exists.
func cutOffAtPrepare(t *testing.T, f *fleet, name string) {
	t.Helper()
	marker := filepath.Join(f.dir, "cut-off")
	plugins := filepath.Join(f.dir, "callback_plugins")
	require.NoError(t, os.MkdirAll(plugins, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(plugins, "momoconf_cut_off.py"), []byte(`import os
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'momoconf_cut_off'
    CALLBACK_NEEDS_ENABLED = True

    def v2_playbook_on_task_start(self, task, is_conditional):
        if task.get_name().startswith('Prepare transaction'):
            open(os.environ['MOMOCONF_CUT_OFF'], 'w').close()
`), 0o644))
	ssh := filepath.Join(f.dir, "ssh-"+name)
	require.NoError(t, os.WriteFile(ssh, []byte("#!/bin/sh\nif [ -e '"+marker+"' ]; then echo 'test: this host is cut off' >&2; exit 255; fi\nexec ssh \"$@\"\n"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(f.dir, "host_vars"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, "host_vars", name+".yml"), []byte("ansible_ssh_executable: "+ssh+"\n"), 0o644))
	f.env = append(f.env, "ANSIBLE_CALLBACK_PLUGINS="+plugins, "ANSIBLE_CALLBACKS_ENABLED=momoconf_cut_off", "MOMOCONF_CUT_OFF="+marker)
	t.Cleanup(func() { os.Remove(marker) })
}

// TestFleetHostLostAfterDecide: a host that becomes unreachable after the
// fleet was read and decided, as the prepare starts, makes every other
// host abort: no tree changes anywhere, no staged file or prepared journal
// is left, and the play fails naming the host. For an addition and for
// an undo.
func TestFleetHostLostAfterDecide(t *testing.T) {
	prepareRe := regexp.MustCompile(`TASK \[Prepare transaction`)
	t.Run("add-node", func(t *testing.T) {
		f := newFleet(t, twoTierDir, nil)
		before := f.trees()
		cutOffAtPrepare(t, f, "analytics2")
		out, ok := f.run("add-node.yml", listsArgs...)
		require.False(t, ok, out)
		assert.Regexp(t, prepareRe, out)
		assert.Contains(t, out, "fatal: [analytics2]: UNREACHABLE!")
		assert.Contains(t, out, "could not prepare")
		assertTrees(t, f, before, "a host lost after the decision")
		assert.Empty(t, f.ssh.callsByPort(t), "nothing restarted")
	})
	t.Run("undo", func(t *testing.T) {
		f := newFleet(t, twoTierDir, nil)
		txid := fleetChange(t, f, "add-node.yml", listsArgs...)
		after := f.trees()
		cutOffAtPrepare(t, f, "node3")
		out, ok := f.run("undo.yml", "-e", "undo_txid="+txid)
		require.False(t, ok, out)
		assert.Regexp(t, prepareRe, out)
		assert.Contains(t, out, "fatal: [node3]: UNREACHABLE!")
		assert.Contains(t, out, "was aborted everywhere, nothing changed: node3 could not prepare")
		assertTrees(t, f, after, "a host lost after the decision")
	})
}
