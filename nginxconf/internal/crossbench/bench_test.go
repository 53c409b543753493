package crossbench

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	crossplane "github.com/nginxinc/nginx-go-crossplane"

	"github.com/momoconf/momoconf/nginxconf"
)

// genConfig returns an http {} config of at least size bytes: upstream
// blocks of four servers (one commented out, parameters, least_conn) each
// followed by a server block that proxies to it, the shape of nginxconf's
// own benchmark file.
func genConfig(size int) []byte {
	var b strings.Builder
	b.WriteString("# generated for benchmarks\nevents {}\nhttp {\n")
	for n := 0; b.Len() < size; n++ {
		fmt.Fprintf(&b, "    upstream pool_%d {              # pool %d\n", n, n)
		for j := 1; j <= 3; j++ {
			fmt.Fprintf(&b, "        server node%d.pool%d.int.example.com:2081 max_fails=3 fail_timeout=30s;\n", j, n)
		}
		fmt.Fprintf(&b, "        # server node9.pool%d.int.example.com:2081;\n        least_conn;\n        keepalive 16;\n    }\n", n)
		fmt.Fprintf(&b, "    server {\n        listen 80;\n        server_name pool%d.example.com;\n", n)
		fmt.Fprintf(&b, "        location / {\n            proxy_set_header Host $host;\n            proxy_pass http://pool_%d;\n        }\n    }\n", n)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

type input struct {
	name string
	src  []byte
}

// inputs are the generated 1 MB file and, when the corpus is beside the
// repository, its largest real nginx file.
func inputs(b *testing.B) []input {
	in := []input{{"generated-1MB", genConfig(1 << 20)}}
	large := filepath.Join("..", "..", "..", "..", "shared", "corpus", "nginx", "ngxcp__large-config.conf")
	if src, err := os.ReadFile(large); err == nil {
		in = append(in, input{"corpus-large-config", src})
	} else {
		b.Logf("crossbench: corpus file %s absent, benchmarking the generated file only", large)
	}
	return in
}

func BenchmarkNginxconf(b *testing.B) {
	for _, in := range inputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := nginxconf.Parse("bench.conf", in.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCrossplane parses the same bytes with crossplane, reading them
// from memory, one file only, comments kept (nginxconf keeps everything).
func BenchmarkCrossplane(b *testing.B) {
	for _, in := range inputs(b) {
		b.Run(in.name, func(b *testing.B) {
			opts := &crossplane.ParseOptions{
				SingleFile:         true,
				ParseComments:      true,
				StopParsingOnError: true,
				Open: func(string) (io.ReadCloser, error) {
					return io.NopCloser(bytes.NewReader(in.src)), nil
				},
			}
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := crossplane.Parse("bench.conf", opts)
				if err != nil || len(p.Errors) > 0 {
					b.Fatal(err, p.Errors)
				}
			}
		})
	}
}
