package cassyaml

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// realFile returns the largest real cassandra.yaml of the corpus.
func realFile(b *testing.B) []byte {
	src, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "cassandra", "cassandra-4.0.7.yaml"))
	if err != nil {
		b.Skip("cassandra corpus: corpus folder absent")
	}
	return src
}

// bigFile returns the real file followed by made-up settings, each under a
// comment block and some nested like seed_provider, up to size bytes.
func bigFile(b *testing.B, size int) []byte {
	var sb strings.Builder
	sb.Write(realFile(b))
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, "\n# Setting %d: a comment block explaining it,\n# as cassandra.yaml does for each key.\n", i)
		fmt.Fprintf(&sb, "# setting_%d: 42\nsetting_%d: 'value %d'   # trailing comment\n", i, i, i)
		fmt.Fprintf(&sb, "provider_%d:\n    - class_name: org.example.Provider\n      parameters:\n          - option: \"a,b,c\"\n", i)
	}
	return []byte(sb.String())
}

func BenchmarkParse(b *testing.B) {
	src := realFile(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("cassandra.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSet is parse plus one edit, the cost of momoconf's
// listen_address step on the real-size file.
func BenchmarkParseSet(b *testing.B) {
	benchParseSet(b, realFile(b))
}

func BenchmarkParseRemoveSeed(b *testing.B) {
	src := realFile(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		f, err := Parse("cassandra.yaml", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.RemoveSeed("127.0.0.1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLNode is a plain yaml.v3 decode of the same file into a
// yaml.Node, for comparison.
func BenchmarkYAMLNode(b *testing.B) {
	src := realFile(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var n yaml.Node
		if err := yaml.Unmarshal(src, &n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLMap is a plain yaml.v3 decode into a map, for comparison.
func BenchmarkYAMLMap(b *testing.B) {
	src := realFile(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var m map[string]any
		if err := yaml.Unmarshal(src, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScale is parse plus one edit on 1 MB and 10 MB files: MB/s
// should hold steady as the size grows tenfold.
func BenchmarkScale(b *testing.B) {
	for _, size := range []int{1 << 20, 10 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			benchParseSet(b, bigFile(b, size))
		})
	}
}

func benchParseSet(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		f, err := Parse("cassandra.yaml", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Set("listen_address", "10.77.0.245"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseBad is the cost of refusing a real file with a stray
// space: yaml.v3 fails, then goccy/go-yaml's parser places the fault.
func BenchmarkParseBad(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "cassandra", "bad", "*.yaml.bad"))
	if len(paths) == 0 {
		b.Skip("cassandra corpus: bad folder absent")
	}
	src, err := os.ReadFile(paths[0])
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("bad.yaml", src); err == nil {
			b.Fatal("a faulty file parsed")
		}
	}
}
