package momoconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/filekind"
)

// TestLeaveKind: a kind left alone is not edited in any tree, the
// summary names it for each file and the steps name the hosts that hold
// it; every other file is edited as without the option.
func TestLeaveKind(t *testing.T) {
	with, err := addNodeAt(exampleCluster(t), node4, testOptions{Cluster: true, Leave: []filekind.Kind{filekind.ClickProxy}})
	require.NoError(t, err)
	without, err := addNodeAt(exampleCluster(t), node4, testOptions{Cluster: true})
	require.NoError(t, err)
	clicks := 0
	for i, f := range with.Files {
		other := without.Files[i]
		require.Equal(t, other.Path, f.Path)
		if f.Kind != filekind.ClickProxy {
			assert.Equal(t, string(other.New), string(f.New), "%s is edited as without --leave", f.Path)
			continue
		}
		clicks++
		assert.False(t, f.Changed(), "%s left alone", f.Path)
		assert.True(t, other.Changed(), "%s is edited without --leave", f.Path)
		assert.Contains(t, with.Summary(), f.Path+": unchanged: left alone as asked (--leave click_proxy_upstream)")
	}
	assert.Equal(t, 3, clicks, "the example's three Platform trees hold click_proxy_upstream.conf")
	require.NotEmpty(t, with.Steps)
	first := with.Steps[0]
	assert.Equal(t, []string{"node1.int.example.com", "node2.int.example.com", "node3.int.example.com"}, first.Hosts)
	assert.Equal(t, "# click_proxy_upstream.conf: left alone by momoconf (--leave click_proxy_upstream)", first.Command)
	assert.Contains(t, first.Why, "engagement tracking runs on separate hosts")
	checkPasteable(t, with.Steps)

	// Removal too.
	rm, err := removeNodeAt(exampleCluster(t), Node{Host: "node2.int.example.com"}, testOptions{Cluster: true, Leave: []filekind.Kind{filekind.ClickProxy, filekind.MomoUpstream}})
	require.NoError(t, err)
	for _, f := range rm.Files {
		if f.Kind == filekind.ClickProxy || f.Kind == filekind.MomoUpstream {
			assert.False(t, f.Changed(), "%s left alone", f.Path)
		}
	}
	assert.Contains(t, StepsText(rm.Steps), "# momo_upstream.conf: left alone by momoconf (--leave momo_upstream)")
}
