package nginxconf

import (
	"fmt"
	"strings"
	"testing"
)

// genConfig returns an http {} config of at least size bytes: upstream
// blocks of four servers (one commented out, parameters, least_conn) each
// followed by a server block that proxies to it, and how many upstreams
// it holds.
func genConfig(size int) (string, int) {
	var b strings.Builder
	b.WriteString("# generated for benchmarks\nevents {}\nhttp {\n    include mime.types;\n")
	n := 0
	for b.Len() < size {
		fmt.Fprintf(&b, "    upstream pool_%d {              # pool %d\n", n, n)
		for j := 1; j <= 3; j++ {
			fmt.Fprintf(&b, "        server node%d.pool%d.int.example.com:2081 max_fails=3 fail_timeout=30s;\n", j, n)
		}
		fmt.Fprintf(&b, "        # server node9.pool%d.int.example.com:2081;\n        least_conn;\n        keepalive 16;\n    }\n", n)
		fmt.Fprintf(&b, "    server {\n        listen 80;\n        server_name pool%d.example.com;\n", n)
		fmt.Fprintf(&b, "        location / {\n            proxy_set_header Host $host;\n            proxy_pass http://pool_%d;\n        }\n    }\n", n)
		n++
	}
	b.WriteString("}\n")
	return b.String(), n
}

var benchSizes = []struct {
	name string
	size int
}{{"1MB", 1 << 20}, {"10MB", 10 << 20}}

func BenchmarkParse(b *testing.B) {
	for _, s := range benchSizes {
		src, _ := genConfig(s.size)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bench.conf", []byte(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddServer adds a new server to the last upstream of the file, a
// new address each time: lookup, splice and re-parse.
func BenchmarkAddServer(b *testing.B) {
	for _, s := range benchSizes {
		src, n := genConfig(s.size)
		b.Run(s.name, func(b *testing.B) {
			f, err := Parse("bench.conf", []byte(src))
			if err != nil {
				b.Fatal(err)
			}
			name := fmt.Sprintf("pool_%d", n-1)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				changed, err := f.AddServer(name, fmt.Sprintf("new%d.int.example.com:2081", i))
				if err != nil || !changed {
					b.Fatal(changed, err)
				}
			}
		})
	}
}

// BenchmarkUpstreams lists every upstream with its servers and positions.
func BenchmarkUpstreams(b *testing.B) {
	for _, s := range benchSizes {
		src, _ := genConfig(s.size)
		b.Run(s.name, func(b *testing.B) {
			f, err := Parse("bench.conf", []byte(src))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				for _, u := range f.Upstreams() {
					_ = u.Servers()
				}
			}
		})
	}
}

// BenchmarkEdit is the whole edit a tool makes: Parse, AddServer to the
// first upstream (where a splice has the most of the tree after it to
// move), Bytes.
func BenchmarkEdit(b *testing.B) {
	for _, s := range benchSizes {
		src, _ := genConfig(s.size)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				f, err := Parse("bench.conf", []byte(src))
				if err != nil {
					b.Fatal(err)
				}
				if changed, err := f.AddServer("pool_0", "new.int.example.com:2081"); err != nil || !changed {
					b.Fatal(changed, err)
				}
				_ = f.Bytes()
			}
		})
	}
}
