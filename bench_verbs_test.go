package momoconf

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/momoconf/momoconf/filekind"
)

// listingFiles returns every file below dir whose name says it lists
// cluster members of role r (any role, for ""), as FileRefs of unknown
// kind (the kind is taken from the name, as the CLI's add-to-files does).
func listingFiles(b *testing.B, dir string, r Role) []FileRef {
	b.Helper()
	var refs []FileRef
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if k := filekind.Of(path); d.Type().IsRegular() && k != filekind.Unknown && (r == "" || slices.Contains(rolesOf(k), r)) {
			refs = append(refs, FileRef{Path: path})
		}
		return nil
	})
	if err != nil || len(refs) == 0 {
		b.Fatalf("listing files of %s: %d, %v", dir, len(refs), err)
	}
	return refs
}

// BenchmarkAddToFiles times add-to-files and remove-from-files of a
// Platform node on every file of generated clusters that lists Platform
// members, named one by one as the CLI's FILE arguments: open (lock each
// file's folder), plan and diff.
func BenchmarkAddToFiles(b *testing.B) {
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d/add/plan+diff", hosts), func(b *testing.B) {
			benchFilesPlan(b, listingFiles(b, cluster(hosts), RolePlatform), func(c *Cluster) (*Plan, error) {
				return c.AddNode(benchNode, AddOptions{})
			})
		})
		b.Run(fmt.Sprintf("hosts=%d/remove/plan+diff", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			victim := benchMember(b, dir)
			benchFilesPlan(b, listingFiles(b, dir, RolePlatform), func(c *Cluster) (*Plan, error) {
				return c.RemoveNode(victim, RemoveOptions{})
			})
		})
	}
}

// benchFilesPlan times opening refs, planning with plan and rendering the
// diff, which must not be empty.
func benchFilesPlan(b *testing.B, refs []FileRef, plan func(*Cluster) (*Plan, error)) {
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		c, err := OpenFiles(context.Background(), refs, 0)
		if err != nil {
			b.Fatal(err)
		}
		p, err := plan(c)
		if err != nil {
			b.Fatal(err)
		}
		if p.Diff() == "" {
			b.Fatal("empty diff")
		}
		c.Close()
	}
	cpu.report(b)
	b.ReportMetric(float64(len(refs)), "files")
}

// benchMember returns a Platform member of the cluster at dir, with its
// address, to remove.
func benchMember(b *testing.B, dir string) Node {
	b.Helper()
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for _, m := range c.sortedMembers() {
		if m.has(RolePlatform) && m.IP != "" {
			return Node{Host: m.Host, IP: m.IP}
		}
	}
	b.Fatal("no Platform member with an address")
	return Node{}
}

// BenchmarkHistory times the history verb on generated clusters whose
// history holds two changes (an addition and its undo), each recording
// every file of the cluster: open, then read and check every record.
func BenchmarkHistory(b *testing.B) {
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			work := filepath.Join(b.TempDir(), "work")
			freshCopy(b, cluster(hosts), work)
			benchAdded(b, work)
			if err := benchUndo(b, work).Apply(context.Background(), ApplyOptions{}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				c, err := Open(context.Background(), work, Options{Cluster: true})
				if err != nil {
					b.Fatal(err)
				}
				records, err := c.History()
				if err != nil || len(records) != 2 {
					b.Fatalf("history: %d records, %v", len(records), err)
				}
				c.Close()
			}
			cpu.report(b)
		})
	}
}

// BenchmarkCheck times the check verb on every member-listing file of
// generated clusters: read each file and parse it as its kind.
func BenchmarkCheck(b *testing.B) {
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			refs := listingFiles(b, cluster(hosts), "")
			var bytes int64
			b.ReportAllocs()
			cpu := startCPU()
			start := time.Now()
			for b.Loop() {
				bytes = 0
				for _, r := range refs {
					src, err := os.ReadFile(r.Path)
					if err != nil {
						b.Fatal(err)
					}
					bytes += int64(len(src))
					if err := CheckKind(r.Path, src, filekind.Of(r.Path)); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu.report(b)
			b.ReportMetric(float64(bytes)*float64(b.N)/time.Since(start).Seconds()/1e6, "MB/s")
		})
	}
}
