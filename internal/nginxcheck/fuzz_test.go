package nginxcheck

import (
	"bytes"
	"testing"
)

// FuzzLocalHosts checks that replacing server hosts never moves a line:
// nginx's line numbers must stay the real file's.
func FuzzLocalHosts(f *testing.F) {
	for _, tt := range localHostsTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte(goodUpstream))
	f.Fuzz(func(t *testing.T, src []byte) {
		got := localHosts(src)
		if bytes.Count(got, []byte("\n")) != bytes.Count(src, []byte("\n")) {
			t.Fatalf("line count changed:\n%q\n%q", src, got)
		}
		if !bytes.Equal(localHosts(got), got) {
			t.Fatalf("not idempotent: %q", got)
		}
	})
}
