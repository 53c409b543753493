package momoconf

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/clustergen"
	"github.com/momoconf/momoconf/internal/golden"
)

// parseCounter counts, through parseHook, the parses of each distinct
// (kind, content).
type parseCounter struct {
	mu     sync.Mutex
	counts map[string]int // kind and content hash → parses
}

// countParses sets parseHook for the rest of the test.
func countParses(t *testing.T) *parseCounter {
	pc := &parseCounter{counts: map[string]int{}}
	parseHook = func(k filekind.Kind, src []byte) {
		pc.mu.Lock()
		defer pc.mu.Unlock()
		pc.counts[fmt.Sprintf("%s %x", k, sha256.Sum256(src))]++
	}
	t.Cleanup(func() { parseHook = nil })
	return pc
}

// twice returns the contents parsed more than once, and how many distinct
// contents were parsed.
func (pc *parseCounter) twice() (map[string]int, int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	more := map[string]int{}
	for k, n := range pc.counts {
		if n > 1 {
			more[k] = n
		}
	}
	return more, len(pc.counts)
}

// distinctContents counts the distinct (kind, content) of the
// member-listing files in the cluster folder dir.
func distinctContents(t *testing.T, dir string) int {
	c, err := load(dir, Options{Cluster: true})
	require.NoError(t, err)
	keys := map[parseKey]bool{}
	for _, tr := range c.trees {
		for _, d := range tr.docs {
			keys[d.key] = true
		}
	}
	return len(keys)
}

// copyCluster copies a cluster folder of testdata (or a generated one)
// into a temporary folder, which the runs may lock and write.
func copyCluster(t *testing.T, src string) string {
	dir := filepath.Join(t.TempDir(), "c")
	require.NoError(t, golden.CopyTree(src, dir))
	return dir
}

// TestEachContentParsedOnce runs each verb on clusters whose trees hold
// many identical files and checks, with a counter behind parseHook, that
// every distinct file content is parsed exactly once in the run: at load,
// the edit working on that parse rather than parsing the bytes again.
func TestEachContentParsedOnce(t *testing.T) {
	gen := t.TempDir()
	_, _, err := clustergen.Write(gen, clustergen.Spec{Platform: 6, Analytics: 3})
	require.NoError(t, err)
	clusters := map[string]string{"generated": gen, "testdata/cluster": "testdata/cluster", "testdata/two-tier": "testdata/two-tier"}
	runs := []struct {
		name string
		skip string // a cluster the run does not fit
		run  func(c *Cluster) error
	}{
		{"status", "", func(c *Cluster) error { c.Status().Table(); return nil }},
		{"add-node dry run", "", func(c *Cluster) error {
			p, err := c.AddNode(Node{Host: "new.int.example.com", IP: "10.77.9.9"}, AddOptions{})
			if err == nil && p.Diff() == "" {
				err = fmt.Errorf("add-node changed nothing")
			}
			return err
		}},
		{"add Analytics node", "testdata/cluster", func(c *Cluster) error { // it has one Analytics node, too few to add to
			_, err := c.AddNode(Node{Host: "analytics9.int.example.com", Role: RoleAnalytics, IP: "10.78.9.9"}, AddOptions{})
			return err
		}},
		{"remove-node", "", func(c *Cluster) error {
			p, err := c.RemoveNode(Node{Host: c.sortedMembers()[len(c.sortedMembers())-1].Host}, RemoveOptions{})
			if err == nil && p.Diff() == "" {
				err = fmt.Errorf("remove-node changed nothing")
			}
			return err
		}},
	}
	for name, src := range clusters {
		for _, r := range runs {
			if r.skip == name {
				continue
			}
			t.Run(name+"/"+r.name, func(t *testing.T) {
				dir := copyCluster(t, src)
				want := distinctContents(t, dir)
				pc := countParses(t)
				c, err := Open(context.Background(), dir, Options{Cluster: true})
				require.NoError(t, err)
				defer c.Close()
				require.NoError(t, r.run(c))
				more, parsed := pc.twice()
				assert.Empty(t, more, "contents parsed more than once")
				assert.Equal(t, want, parsed, "every distinct content is parsed")
			})
		}
	}
}

// TestEditLeavesModel plans on one loaded cluster three times (two
// additions and a removal), and reports its status around the plans: an
// edit works on the parse made at load, so this checks that the model
// the later plans and the status read is still the files as read (the
// parse an edit took is made again from the same bytes when next read).
func TestEditLeavesModel(t *testing.T) {
	dir := copyCluster(t, "testdata/cluster")
	node := Node{Host: "node4.int.example.com", IP: "10.77.0.99"}
	fresh, err := addNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	gone := Node{Host: "node3.int.example.com"}
	freshRemoval, err := removeNodeAt(dir, gone, testOptions{Cluster: true})
	require.NoError(t, err)

	c, err := Open(context.Background(), dir, Options{Cluster: true})
	require.NoError(t, err)
	defer c.Close()
	before := c.Status()
	pc := countParses(t)
	first, err := c.AddNode(node, AddOptions{})
	require.NoError(t, err)
	_, parsed := pc.twice()
	assert.Zero(t, parsed, "the first plan edits the parses made at load")
	second, err := c.AddNode(node, AddOptions{})
	require.NoError(t, err)
	removal, err := c.RemoveNode(gone, RemoveOptions{})
	require.NoError(t, err)
	assert.Equal(t, freshRemoval.Diff(), removal.Diff(), "another plan on the same cluster sees the files as read")
	assert.Equal(t, before, c.Status(), "status after the plans")
	for _, tr := range c.trees {
		for _, d := range tr.docs {
			assert.Equal(t, string(d.old), string(d.view().Bytes()), "the model of %s is the file as read", d.rel)
		}
	}
	assert.Equal(t, fresh.Diff(), first.Diff())
	assert.Equal(t, fresh.Diff(), second.Diff(), "a second plan on the same cluster sees the files as read")
	// Each later plan needs a parse of its own to edit, and the status
	// after them one of the files as read: no more.
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for k, n := range pc.counts {
		assert.LessOrEqual(t, n, 3, k)
	}
	var edited int
	for _, f := range first.Files {
		if f.Changed() {
			edited++
		}
	}
	assert.Positive(t, edited, "the plan edits files")
}
