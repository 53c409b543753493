package momoconf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/golden"
)

const (
	seedNode1 = "node1.int.example.com"
	seedNode2 = "node2.int.example.com"
	seedNode3 = "node3.int.example.com"
	seedNode4 = "node4.int.example.com"
)

// seedsCases make a change with Options.Seeds on a fresh copy of
// testdata/cluster; prepare, if not nil, edits the copy first.
var seedsCases = map[string]struct {
	prepare func(t *testing.T, dir string)
	plan    func(dir string) (*Plan, error)
}{
	"add-new-node-as-seed": {plan: func(dir string) (*Plan, error) {
		return addNodeAt(dir, node4, testOptions{Cluster: true, Seeds: []string{seedNode1, seedNode2, seedNode4}})
	}},
	"add-with-new-tree": {plan: func(dir string) (*Plan, error) {
		return addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1", Seeds: []string{seedNode4, seedNode3, seedNode1}})
	}},
	"remove-two-left": {plan: func(dir string) (*Plan, error) {
		return removeNodeAt(dir, Node{Host: seedNode2}, testOptions{Cluster: true, Seeds: []string{seedNode1, seedNode3}})
	}},
	// Seeds written as addresses, ", " between them, single quotes: the
	// new seed is an address too, and the style stays.
	"remove-ip-style": {
		prepare: func(t *testing.T, dir string) {
			for _, tree := range []string{"node1", "node2", "node3"} {
				seedsEdit(t, filepath.Join(dir, tree, relSeeds), `"node1.int.example.com,node2.int.example.com,node3.int.example.com"`, `'10.77.0.93, 10.77.0.94'`)
			}
		},
		plan: func(dir string) (*Plan, error) {
			return removeNodeAt(dir, Node{Host: seedNode2}, testOptions{Cluster: true, Seeds: []string{seedNode3, "10.77.0.93"}})
		},
	},
	"already-so": {plan: func(dir string) (*Plan, error) {
		return addNodeAt(dir, node4, testOptions{Cluster: true, Seeds: []string{seedNode3, seedNode2, seedNode1}})
	}},
}

// seedsEdit replaces old, which must be there, by new in the file at path.
func seedsEdit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
}

// TestSeeds compares, byte for byte, every cassandra.yaml a change with
// Options.Seeds plans (one section per file, by path) and the plan's
// warnings with testdata/TestSeeds/NAME.txtar.
func TestSeeds(t *testing.T) {
	cases := golden.Load(t, filepath.Join("testdata", "TestSeeds"))
	require.Len(t, cases, len(seedsCases), "one golden file for each case")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tc, ok := seedsCases[c.Name]
			require.True(t, ok, "no case %s", c.Name)
			dir := exampleCluster(t)
			if tc.prepare != nil {
				tc.prepare(t, dir)
			}
			p, err := tc.plan(dir)
			require.NoError(t, err)
			for _, f := range p.Files {
				if f.Kind == filekind.CassandraYAML {
					c.Check(t, f.Path, f.New)
				}
			}
			c.Check(t, "summary", []byte(cassandraSummary(p)))
			c.Check(t, "warnings", []byte(strings.Join(texts(p.Warnings), "\n")+"\n"))
		})
	}
}

// cassandraSummary returns the summary lines of the plan's cassandra.yaml
// files.
func cassandraSummary(p *Plan) string {
	var out []string
	for _, line := range strings.Split(p.Summary(), "\n") {
		if strings.Contains(line, "cassandra.yaml") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// TestSeedsRefused: a seed that is no Platform member after the change is
// refused before anything is planned, naming it, with codes.NotMember.
func TestSeedsRefused(t *testing.T) {
	tests := []struct {
		desc string
		plan func(dir string) (*Plan, error)
		want string
	}{
		{"unknown host", func(dir string) (*Plan, error) {
			return addNodeAt(dir, node4, testOptions{Cluster: true, Seeds: []string{seedNode1, "node9.int.example.com"}})
		}, "seed node9.int.example.com is not a Platform member"},
		{"an Analytics node", func(dir string) (*Plan, error) {
			return addNodeAt(dir, node4, testOptions{Cluster: true, Seeds: []string{"analytics1.int.example.com"}})
		}, "seed analytics1.int.example.com is not a Platform member"},
		{"the node removed", func(dir string) (*Plan, error) {
			return removeNodeAt(dir, Node{Host: seedNode2}, testOptions{Cluster: true, Seeds: []string{seedNode1, seedNode2}})
		}, "seed node2.int.example.com is the node being removed"},
		{"its address", func(dir string) (*Plan, error) {
			return removeNodeAt(dir, Node{Host: seedNode2}, testOptions{Cluster: true, Seeds: []string{seedNode1, "10.77.0.94"}})
		}, "seed 10.77.0.94 is the node being removed"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := tt.plan(exampleCluster(t))
			require.ErrorIs(t, err, codes.NotMember)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := addNodeAt(exampleCluster(t), analytics3, testOptions{Cluster: true, Seeds: []string{seedNode1}})
	assert.ErrorContains(t, err, "seeds apply to a Platform change")
}
