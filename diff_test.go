package momoconf

import (
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/momoconf/momoconf/internal/clustergen"
)

// TestDiffSharesHunks checks that diffing each distinct (old, new) pair
// once gives, byte for byte, the diff of every file diffed on its own.
func TestDiffSharesHunks(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := clustergen.Write(dir, clustergen.Spec{Platform: 4, Analytics: 2}); err != nil {
		t.Fatal(err)
	}
	opts := testOptions{Cluster: true, NewNodeDir: "node5", From: "node1"}
	p, err := addNodeAt(dir, Node{Host: "node5.int.example.com", IP: "10.77.0.6"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	changed, created := 0, 0
	for _, f := range p.Files {
		if !f.Changed() {
			continue
		}
		changed++
		from := "a/" + f.Path
		if f.Created {
			from = "/dev/null"
			created++
		}
		want.WriteString(udiff.Unified(from, "b/"+f.Path, string(f.Old), string(f.New)))
	}
	if changed < 10 || created == 0 {
		t.Fatalf("%d files changed, %d created: the cluster does not exercise shared hunks", changed, created)
	}
	if got := p.Diff(); got != want.String() {
		t.Errorf("Diff() differs from the per-file diffs:\n%s", udiff.Unified("per-file", "Diff", want.String(), got))
	}
}
