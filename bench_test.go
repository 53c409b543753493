package momoconf

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/clustergen"
	"github.com/momoconf/momoconf/internal/golden"
)

// benchSizes are the Platform host counts the benchmarks run at: a small
// cluster, a large one, and the mta_id limit's order of size.
var benchSizes = []int{5, 50, 250}

// benchCluster writes a cluster of platform Platform hosts and 5
// Analytics hosts with clustergen and returns its folder.
func benchCluster(b *testing.B, platform int) string {
	b.Helper()
	dir := b.TempDir()
	files, bytes, err := clustergen.Write(dir, clustergen.Spec{Platform: platform, Analytics: 5})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("hosts=%d: %d files, %d bytes", platform, files, bytes)
	return dir
}

var benchNode = Node{Host: "nodenew.int.example.com", IP: "10.77.9.9"}

func benchPlan(b *testing.B, dir string) *Plan {
	p, err := AddNode(dir, benchNode, Options{Cluster: true})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkAddNode times a whole node addition on generated clusters:
// plan (read, parse, plan), plan+diff (what --dry-run prints), and
// plan+apply (with the atomic writes, on a fresh copy each time; the copy
// is not timed).
func BenchmarkAddNode(b *testing.B) {
	for _, hosts := range benchSizes {
		dir := benchCluster(b, hosts)
		b.Run(fmt.Sprintf("hosts=%d/plan", hosts), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchPlan(b, dir)
			}
		})
		b.Run(fmt.Sprintf("hosts=%d/plan+diff", hosts), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if benchPlan(b, dir).Diff() == "" {
					b.Fatal("empty diff")
				}
			}
		})
		b.Run(fmt.Sprintf("hosts=%d/plan+apply", hosts), func(b *testing.B) {
			benchApplyCopy(b, dir)
		})
		b.Run(fmt.Sprintf("hosts=%d/baseline", hosts), func(b *testing.B) {
			benchBaseline(b, dir)
		})
	}
}

func benchApplyCopy(b *testing.B, dir string) {
	work := filepath.Join(b.TempDir(), "work")
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(work); err != nil {
			b.Fatal(err)
		}
		if err := golden.CopyTree(dir, work); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := benchPlan(b, work).Apply(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchBaseline times the least a safe apply of the same node addition
// must do: for each changed file, write a temporary file beside it, sync
// it and rename it over the file; then sync each folder once. It is what
// plan+apply is measured against.
func benchBaseline(b *testing.B, dir string) {
	work := filepath.Join(b.TempDir(), "work")
	if err := golden.CopyTree(dir, work); err != nil {
		b.Fatal(err)
	}
	var files []*FileChange
	for _, f := range benchPlan(b, work).Files {
		if f.Changed() {
			files = append(files, f)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		dirs := map[string]bool{}
		for _, f := range files {
			if err := writeSynced(f.abs, f.New); err != nil {
				b.Fatal(err)
			}
			dirs[filepath.Dir(f.abs)] = true
		}
		for d := range dirs {
			if err := syncDir(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "files") // after the loop, which resets the metrics
}

func writeSynced(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// BenchmarkStatus times reading a 250-host cluster and reporting who is
// listed where.
func BenchmarkStatus(b *testing.B) {
	dir := benchCluster(b, 250)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ClusterStatus(dir, Options{Cluster: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJournalCost adds a node to a generated cluster of 5 Platform
// hosts (plan and apply), with the journal and without it in turn in one
// loop, so that drift in the disk's speed hits both alike, and reports the
// journal's cost as overhead-% (with against without).
func BenchmarkJournalCost(b *testing.B) {
	dir := benchCluster(b, 5)
	node := Node{Host: "nodenew.int.example.com", IP: "10.77.9.9"}
	work := filepath.Join(b.TempDir(), "work")
	defer func() { benchNoJournal = false }()
	var spent [2]time.Duration
	var runs [2]int
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		if err := os.RemoveAll(work); err != nil {
			b.Fatal(err)
		}
		if err := golden.CopyTree(dir, work); err != nil {
			b.Fatal(err)
		}
		mode := i % 2
		benchNoJournal = mode == 1
		b.StartTimer()
		start := time.Now()
		p, err := AddNode(work, node, Options{Cluster: true})
		if err == nil {
			err = p.Apply()
		}
		if err != nil {
			b.Fatal(err)
		}
		spent[mode] += time.Since(start)
		runs[mode]++
	}
	if runs[0] > 0 && runs[1] > 0 {
		with, without := float64(spent[0])/float64(runs[0]), float64(spent[1])/float64(runs[1])
		b.ReportMetric(100*(with-without)/without, "overhead-%")
	}
}
