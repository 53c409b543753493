package nginxconf

import "testing"

// BenchmarkHostile parses each hostile shape at 256 KB and 1 MB.
func BenchmarkHostile(b *testing.B) {
	for _, s := range hostileShapes {
		for _, size := range []struct {
			name string
			n    int
		}{{"256KB", 256 << 10}, {"1MB", 1 << 20}} {
			src := s.gen(size.n)
			b.Run(s.name+"/"+size.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Parse("h.conf", src); (err == nil) != s.ok {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
