package jsonconf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/sjson"
)

// benchDoc returns a pretty-printed production.json of about size bytes:
// an "application" object padded with keys, then cassandra.hosts with three
// hosts, so the verbs have to look past nearly all of the file.
func benchDoc(size int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"application\": {\n")
	for i := 0; b.Len() < size-200; i++ {
		fmt.Fprintf(&b, "    \"key%07d\": \"value %d of the padding, with a \\\"quote\\\"\",\n", i, i)
	}
	b.WriteString("    \"last\": true\n  },\n  \"cassandra\": {\n    \"hosts\": [\n")
	b.WriteString("      \"node1.int.example.com\",\n      \"node2.int.example.com\",\n")
	b.WriteString("      \"node3.int.example.com\"\n    ]\n  }\n}\n")
	return []byte(b.String())
}

// benchArrayDoc returns a file of about size bytes that is mostly one
// array of host names, so the array itself is large.
func benchArrayDoc(size int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"cassandra\": {\n    \"hosts\": [\n")
	for i := 0; b.Len() < size-100; i++ {
		fmt.Fprintf(&b, "      \"node%07d.int.example.com\",\n", i)
	}
	b.WriteString("      \"node3.int.example.com\"\n    ]\n  }\n}\n")
	return []byte(b.String())
}

var benchSizes = []struct {
	name string
	size int
}{{"1MB", 1 << 20}, {"10MB", 10 << 20}}

var benchShapes = []struct {
	name string
	doc  func(int) []byte
}{{"keys", benchDoc}, {"array", benchArrayDoc}}

// benchVerb runs verb on a fresh copy of the parsed file each iteration;
// the verbs never write into the source bytes, so the copies share them.
func benchVerb(b *testing.B, verb func(*File) (bool, error)) {
	for _, shape := range benchShapes {
		for _, sz := range benchSizes {
			b.Run(shape.name+"/"+sz.name, func(b *testing.B) {
				src := shape.doc(sz.size)
				base, err := Parse("bench.json", src)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					f := *base
					if changed, err := verb(&f); err != nil || !changed {
						b.Fatal(changed, err)
					}
				}
			})
		}
	}
}

func BenchmarkAddString(b *testing.B) {
	benchVerb(b, func(f *File) (bool, error) {
		return f.AddString("cassandra.hosts", "node4.int.example.com")
	})
}

func BenchmarkRemoveString(b *testing.B) {
	benchVerb(b, func(f *File) (bool, error) {
		return f.RemoveString("cassandra.hosts", "node3.int.example.com")
	})
}

func BenchmarkParse(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			src := benchDoc(sz.size)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bench.json", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseAddString is the whole cost of momoconf's step on a
// production.json: Parse, then AddString. Compare it with BenchmarkSjsonSet.
func BenchmarkParseAddString(b *testing.B) {
	benchRaw(b, func(src []byte) error {
		f, err := Parse("bench.json", src)
		if err != nil {
			return err
		}
		_, err = f.AddString("cassandra.hosts", "node4.int.example.com")
		return err
	})
}

// BenchmarkSjsonSet appends the same host with sjson, which neither checks
// the file nor keeps its layout: the speed to stay within 2x of.
func BenchmarkSjsonSet(b *testing.B) {
	benchRaw(b, func(src []byte) error {
		_, err := sjson.SetBytes(src, "cassandra.hosts.-1", "node4.int.example.com")
		return err
	})
}

// benchRaw runs op on the raw bytes of every bench shape and size.
func benchRaw(b *testing.B, op func([]byte) error) {
	for _, shape := range benchShapes {
		for _, sz := range benchSizes {
			b.Run(shape.name+"/"+sz.name, func(b *testing.B) {
				src := shape.doc(sz.size)
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					if err := op(src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
