package momoconf

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var placedRefusalTests = []struct {
	desc    string
	node    Node
	message string // how the message starts: no place in front of it
	stanza  string // the node stanza the place must point at
}{
	{
		desc:    "an mta_id another node has",
		node:    Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 2},
		message: "mta_id 2 is already node node2.int.example.com's;",
		stanza:  "node node2.int.example.com {",
	},
	{
		desc:    "another mta_id for a node that has one",
		node:    Node{Host: "node2.int.example.com", IP: "10.77.0.94", MTAID: 3},
		message: "node node2.int.example.com already has mta_id 2 in ",
		stanza:  "node node2.int.example.com {",
	},
}

// TestPlacedRefusals: the mta_id refusals point at the msg_gen.conf node
// stanza that holds the id, so srcpos.Find finds its file, line and
// column; the message is the refusal's own and errors.Is still matches.
func TestPlacedRefusals(t *testing.T) {
	for _, tt := range placedRefusalTests {
		t.Run(tt.desc, func(t *testing.T) {
			dir := exampleCluster(t)
			_, err := addNodeAt(dir, tt.node, testOptions{Cluster: true})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrMTAIDTaken)
			assert.True(t, strings.HasPrefix(err.Error(), tt.message), err.Error())

			pos, ok := srcpos.Find(err)
			require.True(t, ok, "srcpos.Find finds no place in %q", err)
			assert.True(t, strings.HasSuffix(pos.Filename, msgGenPath), pos.Filename)
			src, err := os.ReadFile(pos.Filename)
			require.NoError(t, err, "the place names a file that can be opened")
			lines := strings.Split(string(src), "\n")
			require.Less(t, pos.Line-1, len(lines))
			line := lines[pos.Line-1]
			require.Greater(t, pos.Column, 0)
			assert.True(t, strings.HasPrefix(line[pos.Column-1:], tt.stanza), "line %d, column %d: %q", pos.Line, pos.Column, line)
		})
	}
}

// TestPlaced: placed gives an error a place only when the place names a
// line, and keeps the error's message and chain.
func TestPlaced(t *testing.T) {
	base := &refusal{msg: "m", kind: ErrNeedIP}
	err := placed(base, srcpos.Position{Filename: "f.conf", Line: 2, Column: 3})
	pos, ok := srcpos.Find(err)
	assert.True(t, ok)
	assert.Equal(t, srcpos.Position{Filename: "f.conf", Line: 2, Column: 3}, pos)
	assert.Equal(t, "m", err.Error())
	assert.ErrorIs(t, err, ErrNeedIP)
	var r *refusal
	assert.True(t, errors.As(err, &r))

	err = placed(base, srcpos.Position{Filename: "f.conf"})
	assert.Same(t, base, err, "a place with no line adds nothing")
}
