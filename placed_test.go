package momoconf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/srcpos"
)

// byIPUpstream rewrites analytics1's momo_upstream.conf to name node2 by
// its address, and returns the tree.
func byIPUpstream(t *testing.T) string {
	root := filepath.Join(exampleCluster(t), "analytics1")
	up := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf")
	data, err := os.ReadFile(up)
	require.NoError(t, err)
	byIP := strings.ReplaceAll(string(data), "node2.int.example.com:2081", "10.77.0.94:2081")
	require.NoError(t, os.WriteFile(up, []byte(byIP), 0o644))
	return root
}

var placedRefusalTests = []struct {
	desc    string
	run     func(t *testing.T) error
	is      error  // the refusal errors.Is still matches, or nil
	message string // what the message says
	file    string // how the place's file name ends
	at      string // the text at the place's line and column
}{
	{
		desc: "an mta_id another node has",
		run: func(t *testing.T) error {
			_, err := addNodeAt(exampleCluster(t), Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 2}, testOptions{Cluster: true})
			return err
		},
		is:      codes.MTAIDTaken,
		message: "mta_id 2 is already node node2.int.example.com's;",
		file:    "node1/" + msgGenPath,
		at:      "node node2.int.example.com {",
	},
	{
		desc: "another mta_id for a node that has one",
		run: func(t *testing.T) error {
			_, err := addNodeAt(exampleCluster(t), Node{Host: "node2.int.example.com", IP: "10.77.0.94", MTAID: 3}, testOptions{Cluster: true})
			return err
		},
		is:      codes.MTAIDTaken,
		message: "node node2.int.example.com already has mta_id 2 in ",
		file:    "node1/" + msgGenPath,
		at:      "node node2.int.example.com {",
	},
	{
		desc: "peers that disagree on the address",
		run: func(t *testing.T) error {
			dir := writeTree(t, map[string]string{
				"a/" + msgcPath: "msgc_server { peers = [ n2 = \"10.0.0.2\" ] }\n",
				"b/" + msgcPath: "msgc_server {\n  peers = [\n    n2 = \"10.0.0.9\"\n  ]\n}\n",
			})
			_, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{Cluster: true})
			return err
		},
		message: `peers disagree on n2's address: "10.0.0.2" in a/`,
		file:    "b/" + msgcPath,
		at:      `n2 = "10.0.0.9"`,
	},
	{
		desc: "a list by address, and no address to remove",
		run: func(t *testing.T) error {
			_, err := removeNodeAt(byIPUpstream(t), Node{Host: "node2.int.example.com"}, testOptions{})
			return err
		},
		is:      codes.NeedIP,
		message: "momo_upstream.conf: upstream momo-rest names members by IP address",
		file:    "momo_upstream.conf",
		at:      "server 10.77.0.94:2081",
	},
}

// TestPlacedRefusals: refusals about an entry of a file point at it, so
// srcpos.Find finds its file, line and column; the message is the
// refusal's own and errors.Is still matches.
func TestPlacedRefusals(t *testing.T) {
	for _, tt := range placedRefusalTests {
		t.Run(tt.desc, func(t *testing.T) {
			err := tt.run(t)
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, err.Error(), tt.message)

			pos, ok := srcpos.Find(err)
			require.True(t, ok, "srcpos.Find finds no place in %q", err)
			assert.True(t, strings.HasSuffix(pos.Filename, tt.file), pos.Filename)
			assert.False(t, strings.HasPrefix(err.Error(), pos.String()), "the message is the refusal's own: %q", err)
			src, err := os.ReadFile(pos.Filename)
			require.NoError(t, err, "the place names a file that can be opened")
			lines := strings.Split(string(src), "\n")
			require.Less(t, pos.Line-1, len(lines))
			line := lines[pos.Line-1]
			require.Greater(t, pos.Column, 0)
			assert.True(t, strings.HasPrefix(line[pos.Column-1:], tt.at), "line %d, column %d: %q", pos.Line, pos.Column, line)
		})
	}
}

// TestPlaced: placed gives an error a place only when the place names a
// line, and keeps the error's message and chain.
func TestPlaced(t *testing.T) {
	base := &refusal{msg: "m", kind: codes.NeedIP}
	err := placed(base, srcpos.Position{Filename: "f.conf", Line: 2, Column: 3})
	pos, ok := srcpos.Find(err)
	assert.True(t, ok)
	assert.Equal(t, srcpos.Position{Filename: "f.conf", Line: 2, Column: 3}, pos)
	assert.Equal(t, "m", err.Error())
	assert.ErrorIs(t, err, codes.NeedIP)
	var r *refusal
	assert.True(t, errors.As(err, &r))

	err = placed(base, srcpos.Position{Filename: "f.conf"})
	assert.Same(t, base, err, "a place with no line adds nothing")
}
