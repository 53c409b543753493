package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// msgGenOf is a host tree's msg_gen.conf.
const msgGenRel = "opt/msys/ecelerity/etc/conf/default/msg_gen.conf"

// TestFleetBrokenHost: one host whose msg_gen.conf does not parse makes the
// play fail before anything is written: every host's tree, the broken one
// included, is byte-identical to before, with no staged file or journal.
func TestFleetBrokenHost(t *testing.T) {
	f := newFleet(t, twoTierDir, nil)
	breakFile(t, filepath.Join(f.host("node3").root, msgGenRel), "votes = 1 }", "votes = 1 ")
	before := f.trees()
	out, ok := f.run("remove-node.yml", "-e", "node_host=node2.int.example.com")
	require.False(t, ok, out)
	assert.Contains(t, out, filepath.Join(f.host("node3").root, msgGenRel)+":46:1: found end of file")
	assert.NotContains(t, out, "TASK [Prepare", "no host is asked to prepare")
	assertTrees(t, f, before, "a broken host")
}

// TestFleetUnreachableHost: one host that cannot be reached makes the play
// fail before anything is written on the others.
func TestFleetUnreachableHost(t *testing.T) {
	f := newFleet(t, twoTierDir, nil, "analytics2")
	before := f.trees()
	out, ok := f.run("remove-node.yml", "-e", "node_host=node2.int.example.com")
	require.False(t, ok, out)
	assert.Contains(t, out, "fatal: [analytics2]: UNREACHABLE!")
	assert.NotContains(t, out, "TASK [Decide", "the play stops at the query")
	assert.NotContains(t, out, "TASK [Prepare", "no host is asked to prepare")
	assertTrees(t, f, before, "an unreachable host")
	assert.Zero(t, recap(out)["node1"]["changed"])
}
