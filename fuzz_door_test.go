package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/momoconf/momoconf/filekind"
)

// FuzzHostTree puts arbitrary bytes in a host tree as one member-listing
// file and goes through the door: Open, Status, AddNode, RemoveNode. None
// may panic, whatever the bytes; and every file an addition plans to
// write must read again as its kind, so that an edit never leaves a file
// momoconf (or the product) cannot read.
func FuzzHostTree(f *testing.F) {
	kinds := filekind.All()
	for i, k := range kinds {
		for _, tree := range []string{"node1", "analytics1"} {
			src, err := os.ReadFile(filepath.Join("testdata", "cluster", tree, filepath.FromSlash(k.Paths()[0])))
			if err == nil {
				f.Add(uint8(i), src)
				break
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		k := kinds[int(which)%len(kinds)]
		dir := t.TempDir()
		path := filepath.Join(dir, filepath.FromSlash(k.Paths()[0]))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Open(context.Background(), dir, Options{})
		if err != nil {
			return
		}
		defer c.Close()
		st := c.Status()
		node := Node{Host: "node9.int.example.com", IP: "10.77.0.99"}
		if slices.Equal(rolesOf(k), []Role{RoleAnalytics}) {
			node.Role = RoleAnalytics
		}
		if p, err := c.AddNode(node, AddOptions{}); err == nil {
			for _, fc := range p.Files {
				if fc.Changed() && !fc.Removed {
					if err := CheckKind(fc.Path, fc.New, fc.Kind); err != nil {
						t.Fatalf("the addition leaves %s unreadable: %v\nbefore:\n%q\nafter:\n%q", fc.Path, err, fc.Old, fc.New)
					}
				}
			}
		}
		if len(st.Members) > 0 {
			m := st.Members[0]
			gone := Node{Host: m.Host, Role: node.Role}
			if p, err := c.RemoveNode(gone, RemoveOptions{}); err == nil {
				for _, fc := range p.Files {
					if fc.Changed() && !fc.Removed {
						if err := CheckKind(fc.Path, fc.New, fc.Kind); err != nil {
							t.Fatalf("removing %s leaves %s unreadable: %v\nbefore:\n%q\nafter:\n%q", m.Host, fc.Path, err, fc.Old, fc.New)
						}
					}
				}
			}
		}
	})
}
