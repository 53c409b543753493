package momoconf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/clustergen"
	"github.com/momoconf/momoconf/internal/golden"
)

// benchSizes are the host counts every verb's benchmark runs at: a small
// cluster, a large one, and a fleet four times larger
// (clustergen.Sized: 250 Platform hosts and the rest Analytics beyond
// 250).
var benchSizes = []int{5, 250, 1000}

// statusSizes are the host counts BenchmarkStatus runs at, up to ten
// times the large cluster.
var statusSizes = []int{5, 250, 1000, 2500}

// benchClusters returns a function that gives the folder of a generated
// cluster of about hosts hosts, written the first time a sub-benchmark
// asks for it (so that the sizes a -bench pattern leaves out cost
// nothing) and removed when b ends.
func benchClusters(b *testing.B) func(hosts int) string {
	dirs := map[int]string{}
	return func(hosts int) string {
		if dir, ok := dirs[hosts]; ok {
			return dir
		}
		dir := benchCluster(b, hosts)
		dirs[hosts] = dir
		return dir
	}
}

// benchCluster writes a cluster of about hosts hosts (clustergen.Sized)
// and returns its folder, removed when b ends.
func benchCluster(b *testing.B, hosts int) string {
	b.Helper()
	dir := b.TempDir()
	spec := clustergen.Sized(hosts)
	files, bytes, err := clustergen.Write(dir, spec)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("hosts=%d (%d Platform, %d Analytics): %d files, %d bytes", hosts, spec.Platform, spec.Analytics, files, bytes)
	return dir
}

// cpuMeter reports, as cpu-ms/op, the CPU time (user and system, all
// threads, the garbage collector's included) a benchmark's loop spent: on
// a machine other work shares, it varies less than the wall time.
type cpuMeter struct{ start time.Duration }

func startCPU() cpuMeter { return cpuMeter{cpuTime()} }

func (m cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(cpuTime()-m.start)/float64(b.N)/1e6, "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchNode = Node{Host: "nodenew.int.example.com", IP: "10.77.9.9"}

func benchPlan(b *testing.B, dir string) *Plan {
	p, err := addNodeAt(dir, benchNode, testOptions{Cluster: true})
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
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d/plan", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				benchPlan(b, dir)
			}
			cpu.report(b)
		})
		b.Run(fmt.Sprintf("hosts=%d/plan+diff", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if benchPlan(b, dir).Diff() == "" {
					b.Fatal("empty diff")
				}
			}
			cpu.report(b)
		})
		b.Run(fmt.Sprintf("hosts=%d/plan+apply", hosts), func(b *testing.B) {
			benchApplyCopy(b, cluster(hosts), true)
		})
		b.Run(fmt.Sprintf("hosts=%d/apply", hosts), func(b *testing.B) {
			benchApplyCopy(b, cluster(hosts), false)
		})
		b.Run(fmt.Sprintf("hosts=%d/baseline", hosts), func(b *testing.B) {
			benchBaseline(b, cluster(hosts))
		})
	}
}

// benchApplyCopy applies the node addition to a fresh copy of dir each
// time, the copy synced to disk untimed (so that its dirty pages do not
// weigh on the apply's syncs); with timePlan the plan is timed too.
func benchApplyCopy(b *testing.B, dir string, timePlan bool) {
	work := filepath.Join(b.TempDir(), "work")
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		freshCopy(b, dir, work)
		if timePlan {
			b.StartTimer()
		}
		p := benchPlan(b, work)
		b.StartTimer()
		if err := p.Apply(context.Background(), ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// freshCopy replaces work with a copy of dir and syncs it to disk.
func freshCopy(b *testing.B, dir, work string) {
	if err := os.RemoveAll(work); err != nil {
		b.Fatal(err)
	}
	if err := golden.CopyTree(dir, work); err != nil {
		b.Fatal(err)
	}
	syscall.Sync()
}

// benchBaseline times the least a safe apply of the same node addition
// must do: for each changed file, write a temporary file beside it, sync
// it and rename it over the file; then sync each folder once. It is what
// plan+apply and apply are measured against, on a fresh copy each time
// like them.
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
		b.StopTimer()
		freshCopy(b, dir, work)
		b.StartTimer()
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

// BenchmarkStatus times reading a generated cluster and reporting who is
// listed where, and, for comparison, the dry run of a node addition on
// the same cluster (read, parse, plan and diff).
func BenchmarkStatus(b *testing.B) {
	cluster := benchClusters(b)
	for _, hosts := range statusSizes {
		b.Run(fmt.Sprintf("hosts=%d/status", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				st, err := statusAt(dir, Options{Cluster: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(st.Drift) > 0 {
					b.Fatalf("a generated cluster has drift: %s", st.Drift)
				}
			}
			cpu.report(b)
		})
		b.Run(fmt.Sprintf("hosts=%d/dry-run", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if benchPlan(b, dir).Diff() == "" {
					b.Fatal("empty diff")
				}
			}
			cpu.report(b)
		})
	}
}

// benchRemoved is the node BenchmarkRemoveNode removes: a Platform node
// every generated cluster has.
var benchRemoved = Node{Host: clustergen.PlatformHost(2)}

// BenchmarkRemoveNode times a node removal on generated clusters: the
// dry run (read, parse, plan, diff) and plan+apply (on a fresh copy each
// time; the copy is not timed).
func BenchmarkRemoveNode(b *testing.B) {
	remove := func(b *testing.B, dir string) *Plan {
		p, err := removeNodeAt(dir, benchRemoved, testOptions{Cluster: true})
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	cluster := benchClusters(b)
	for _, hosts := range benchSizes {
		b.Run(fmt.Sprintf("hosts=%d/plan+diff", hosts), func(b *testing.B) {
			dir := cluster(hosts)
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if remove(b, dir).Diff() == "" {
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
				b.StartTimer()
				if err := remove(b, work).Apply(context.Background(), ApplyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
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
		p, err := addNodeAt(work, node, testOptions{Cluster: true})
		if err == nil {
			err = p.Apply(context.Background(), ApplyOptions{})
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
