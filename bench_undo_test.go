package momoconf

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// benchAdded applies the addition of benchNode to dir, so that its history
// holds one change to undo.
func benchAdded(b *testing.B, dir string) {
	b.Helper()
	if err := benchPlan(b, dir).Apply(context.Background(), ApplyOptions{}); err != nil {
		b.Fatal(err)
	}
}

// benchUndo opens dir, reads its history and plans the undo of the latest
// change.
func benchUndo(b *testing.B, dir string) *Plan {
	b.Helper()
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	records, err := c.History()
	if err != nil || len(records) == 0 {
		b.Fatalf("history: %d records, %v", len(records), err)
	}
	p, err := c.Undo("")
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkUndo times the undo of a node addition on generated clusters:
// the dry run (open, read the history, plan, diff) and plan+apply (on a
// fresh copy to which the addition was applied, neither of which is
// timed).
func BenchmarkUndo(b *testing.B) {
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d/plan+diff", hosts), func(b *testing.B) {
			work := filepath.Join(b.TempDir(), "work")
			freshCopy(b, cluster(hosts), work)
			benchAdded(b, work)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if benchUndo(b, work).Diff() == "" {
					b.Fatal("empty diff")
				}
			}
			cpu.report(b)
		})
		b.Run(fmt.Sprintf("hosts=%d/plan+apply", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			work := filepath.Join(b.TempDir(), "work")
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				freshCopy(b, dir, work)
				benchAdded(b, work)
				b.StartTimer()
				if err := benchUndo(b, work).Apply(context.Background(), ApplyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
