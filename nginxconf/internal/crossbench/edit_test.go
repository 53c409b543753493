package crossbench

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	crossplane "github.com/nginxinc/nginx-go-crossplane"

	"github.com/momoconf/momoconf/nginxconf"
)

// BenchmarkEditVsCrossplane times crossplane's Parse alone and
// nginxconf's whole edit (Parse, AddServer, Bytes) on the same generated
// file, one after the other in each iteration, so both see the same load
// on a shared machine; each starts from a collected heap, so that neither
// pays for collecting the other's garbage. The server goes into the first
// upstream, where a splice has the most of the tree after it to move. It reports each one's
// time per operation and "x-crossplane", how many times faster the
// nginxconf edit is than crossplane's Parse alone, in wall time; the goal
// is at least 3. "cpu-x-crossplane" is the same ratio in CPU time (all the
// process' threads, the garbage collector's included), which other
// processes sharing the cores disturb less.
func BenchmarkEditVsCrossplane(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1MB", 1 << 20}, {"10MB", 10 << 20}} {
		src := genConfig(size.n)
		first := firstUpstream(b, src)
		b.Run(size.name, func(b *testing.B) {
			opts := &crossplane.ParseOptions{
				SingleFile: true, ParseComments: true, StopParsingOnError: true,
				Open: func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil },
			}
			var cross, edit, crossCPU, editCPU time.Duration
			i := 0
			for b.Loop() {
				i++
				runtime.GC()
				t0, c0 := time.Now(), cpuTime()
				p, err := crossplane.Parse("bench.conf", opts)
				if err != nil || len(p.Errors) > 0 {
					b.Fatal(err, p.Errors)
				}
				cross, crossCPU = cross+time.Since(t0), crossCPU+cpuTime()-c0
				runtime.GC()
				t1, c1 := time.Now(), cpuTime()
				out := editOnce(b, src, first, i)
				edit, editCPU = edit+time.Since(t1), editCPU+cpuTime()-c1
				if len(out) <= len(src) {
					b.Fatal("the edit added nothing")
				}
			}
			b.ReportMetric(float64(cross.Nanoseconds())/float64(i), "crossplane-ns/op")
			b.ReportMetric(float64(edit.Nanoseconds())/float64(i), "edit-ns/op")
			b.ReportMetric(float64(cross)/float64(edit), "x-crossplane")
			b.ReportMetric(float64(crossCPU)/float64(editCPU), "cpu-x-crossplane")
		})
	}
}

// editOnce parses src, adds a server to upstream up and returns the bytes.
func editOnce(b *testing.B, src []byte, up string, i int) []byte {
	f, err := nginxconf.Parse("bench.conf", src)
	if err != nil {
		b.Fatal(err)
	}
	changed, err := f.AddServer(up, fmt.Sprintf("new%d.int.example.com:2081", i))
	if err != nil || !changed {
		b.Fatal(changed, err)
	}
	return f.Bytes()
}

// firstUpstream returns the name of the file's first upstream block.
func firstUpstream(b *testing.B, src []byte) string {
	f, err := nginxconf.Parse("bench.conf", src)
	if err != nil {
		b.Fatal(err)
	}
	return f.Upstreams()[0].Name
}
