package crossbench

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	crossplane "github.com/nginxinc/nginx-go-crossplane"

	"github.com/momoconf/momoconf/nginxconf"
)

// BenchmarkEditVsCrossplane times crossplane's Parse alone and
// nginxconf's whole edit (Parse, AddServer, Bytes) on the same generated
// file, one after the other in each iteration, so both see the same load
// on a shared machine. The server goes into the first upstream, where a
// splice has the most of the tree after it to move. It reports each one's
// time per operation and "x-crossplane", how many times faster the
// nginxconf edit is than crossplane's Parse alone; the goal is at least 3.
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
			var cross, edit time.Duration
			i := 0
			for b.Loop() {
				i++
				t0 := time.Now()
				p, err := crossplane.Parse("bench.conf", opts)
				if err != nil || len(p.Errors) > 0 {
					b.Fatal(err, p.Errors)
				}
				t1 := time.Now()
				out := editOnce(b, src, first, i)
				t2 := time.Now()
				cross, edit = cross+t1.Sub(t0), edit+t2.Sub(t1)
				if len(out) <= len(src) {
					b.Fatal("the edit added nothing")
				}
			}
			b.ReportMetric(float64(cross.Nanoseconds())/float64(i), "crossplane-ns/op")
			b.ReportMetric(float64(edit.Nanoseconds())/float64(i), "edit-ns/op")
			b.ReportMetric(float64(cross)/float64(edit), "x-crossplane")
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
