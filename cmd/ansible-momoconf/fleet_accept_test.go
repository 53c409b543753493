package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// node4 is the node the fleet tests add.
var node4 = momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}

// clusterResult returns, by host, the trees that the CLI's cluster mode
// gives: src copied and opened as a cluster folder, then change planned on
// it and applied, as momoconf add-node or remove-node --cluster does.
func clusterResult(t *testing.T, src string, extra []string, change func(c *momoconf.Cluster) (*momoconf.Plan, error)) map[string]map[string][]byte {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cluster")
	require.NoError(t, golden.CopyTree(src, dir))
	c, err := momoconf.Open(context.Background(), dir, momoconf.Options{Cluster: true})
	require.NoError(t, err)
	defer c.Close()
	p, err := change(c)
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), momoconf.ApplyOptions{}))
	out := map[string]map[string][]byte{}
	all := readTree(t, dir)
	for path, data := range all {
		host, rel, _ := strings.Cut(path, "/")
		if out[host] == nil {
			out[host] = map[string][]byte{}
		}
		out[host][rel] = data
	}
	for _, h := range extra {
		if out[h] == nil {
			out[h] = map[string][]byte{}
		}
	}
	return out
}

// assertTrees checks that every host's tree is, byte for byte, want's.
func assertTrees(t *testing.T, f *fleet, want map[string]map[string][]byte, what string) {
	t.Helper()
	got := f.trees()
	for _, h := range f.hosts {
		assert.Empty(t, golden.TreeDiff(want[h.name], got[h.name]), "%s: host %s", what, h.name)
	}
}

// TestFleetCheckMode: --check --diff over ssh shows each host's diff and
// writes nothing on any host.
func TestFleetCheckMode(t *testing.T) {
	f := newFleet(t, twoTierDir, []string{"node4"})
	before := f.trees()
	out, ok := f.run("add-node.yml", "--check", "--diff", "-e", "node_host="+node4.Host, "-e", "node_ip="+node4.IP, "-e", "new_node=node4")
	require.True(t, ok, out)
	for _, h := range []string{"node1", "node2", "node3", "analytics1", "analytics2"} {
		assert.Contains(t, out, "changed: ["+h+"]", "check mode on %s reports the change", h)
	}
	assert.Contains(t, out, "+++ after: "+filepath.Join(f.host("node4").root, "opt/msys/3rdParty/cassandra/conf/cassandra.yaml"), "the new node's tree is shown")
	assert.Contains(t, out, "+listen_address: 10.77.0.97")
	assertTrees(t, f, before, "check mode writes nothing")
}
