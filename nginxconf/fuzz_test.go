package nginxconf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/momoconf/momoconf/internal/source"
)

// goldenInputs returns the in.conf sections of the golden files and the
// addresses their op sections name.
func goldenInputs(f *testing.F) (inputs, addrs []string) {
	f.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txtar"))
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			switch file.Name {
			case "in.conf":
				inputs = append(inputs, string(file.Data))
			case "op":
				for _, line := range strings.Split(string(file.Data), "\n") {
					if fields := strings.Fields(line); len(fields) == 3 {
						addrs = append(addrs, fields[2])
					}
				}
			}
		}
	}
	for _, tt := range roundTripTests {
		inputs = append(inputs, tt.in)
	}
	for _, tt := range editTests {
		inputs = append(inputs, tt.in)
		addrs = append(addrs, tt.addr)
	}
	for _, tt := range spliceTests {
		inputs = append(inputs, tt.in)
		addrs = append(addrs, tt.addr)
	}
	inputs = append(inputs, luaCommentUpstream)
	return inputs, addrs
}

// FuzzRoundTrip: input that parses comes back byte for byte; input that
// does not gives an *Error with a position inside the input, never a panic.
func FuzzRoundTrip(f *testing.F) {
	inputs, _ := goldenInputs(f)
	for _, in := range inputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		file, err := Parse("f.conf", []byte(in))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if e.Pos.Offset < 0 || e.Pos.Offset > len(in) || e.Pos.Line < 1 || e.Pos.Column < 1 {
				t.Fatalf("error position %+v outside the input", e.Pos)
			}
			_ = err.Error()
			return
		}
		if got := string(file.Bytes()); got != in {
			t.Fatalf("round trip changed the bytes:\n%q\n%q", in, got)
		}
		for _, u := range file.Upstreams() {
			_ = u.Servers()
			_ = u.Options()
		}
	})
}

// FuzzEdit: for every upstream, adding twice equals adding once, the
// output parses, the bytes before the upstream stay, and removing what was
// added restores the input when nothing else matched. After every edit the
// file's tree equals a fresh parse of its bytes.
func FuzzEdit(f *testing.F) {
	inputs, addrs := goldenInputs(f)
	for i, in := range inputs {
		f.Add(in, addrs[i%len(addrs)])
	}
	f.Fuzz(func(t *testing.T, in, addr string) {
		file, err := Parse("f.conf", []byte(in))
		if err != nil {
			return
		}
		for _, u := range file.Upstreams() {
			if file.Upstream(u.Name) != nil && countNamed(file, u.Name) == 1 {
				checkAddRemove(t, in, u.Name, addr)
				checkRemoveExisting(t, in, u.Name)
			}
		}
	})
}

func countNamed(f *File, name string) int {
	n := 0
	for _, u := range f.Upstreams() {
		if source.EqualFoldASCII(u.Name, name) {
			n++
		}
	}
	return n
}

func checkAddRemove(t *testing.T, in, name, addr string) {
	f, _ := Parse("f.conf", []byte(in))
	before := f.Upstream(name)
	changed, err := f.AddServer(name, addr)
	if !validAddr(addr) {
		if err == nil {
			t.Fatalf("AddServer(%q, %q) accepted a bad address", name, addr)
		}
		return
	}
	if err != nil {
		t.Fatalf("AddServer(%q, %q): %v", name, addr, err)
	}
	requireFresh(t, f)
	out := string(f.Bytes())
	if !strings.HasPrefix(out, in[:before.Pos.Offset]) {
		t.Fatalf("AddServer changed bytes before the upstream:\n%q\n%q", in, out)
	}
	mustParse(t, out)
	if !changed {
		if out != in {
			t.Fatalf("AddServer reported no change but changed the bytes")
		}
		return
	}
	again, err := f.AddServer(name, addr)
	if err != nil || again || string(f.Bytes()) != out {
		t.Fatalf("second AddServer(%q, %q) = %v, %v; bytes changed: %v", name, addr, again, err, string(f.Bytes()) != out)
	}
	requireFresh(t, f)
	if anyMatch(before.Servers(), addr) || len(before.Servers()) == 0 {
		return
	}
	removed, err := f.RemoveServer(name, addr)
	if err != nil || !removed {
		t.Fatalf("RemoveServer after AddServer(%q, %q) = %v, %v", name, addr, removed, err)
	}
	requireFresh(t, f)
	if got := string(f.Bytes()); got != in {
		t.Fatalf("add then remove %q did not restore the input:\n%q\n%q", addr, in, got)
	}
}

// anyMatch reports whether RemoveServer(addr) would match one of servers.
func anyMatch(servers []Server, addr string) bool {
	want := splitAddr(addr)
	for _, s := range servers {
		if want.matches(splitAddr(s.Address), want.port == "") {
			return true
		}
	}
	return false
}

func checkRemoveExisting(t *testing.T, in, name string) {
	f, _ := Parse("f.conf", []byte(in))
	servers := f.Upstream(name).Servers()
	if len(servers) < 2 || !validAddr(servers[0].Address) {
		return
	}
	addr := servers[0].Address
	changed, err := f.RemoveServer(name, addr)
	if err != nil {
		if strings.Contains(err.Error(), "expected another to remain") {
			return
		}
		t.Fatalf("RemoveServer(%q, %q): %v", name, addr, err)
	}
	if !changed {
		t.Fatalf("RemoveServer(%q, %q) removed nothing", name, addr)
	}
	requireFresh(t, f)
	out := string(f.Bytes())
	if anyMatch(f.Upstream(name).Servers(), addr) {
		t.Fatalf("RemoveServer(%q, %q) left a match:\n%s", name, addr, out)
	}
	again, err := f.RemoveServer(name, addr)
	if err != nil || again || string(f.Bytes()) != out {
		t.Fatalf("second RemoveServer(%q, %q) = %v, %v", name, addr, again, err)
	}
	requireFresh(t, f)
}

func mustParse(t *testing.T, s string) {
	t.Helper()
	if _, err := Parse("out.conf", []byte(s)); err != nil {
		t.Fatalf("edited output does not parse: %v\n%q", err, s)
	}
}

// TestFuzzSeedsExist keeps the fuzz seeds honest: the golden folders feed
// them, so they must be found.
func TestFuzzSeedsExist(t *testing.T) {
	for _, dir := range []string{"testdata/TestParse", "testdata/TestEdit"} {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) == 0 {
			t.Fatalf("no seeds in %s: %v", dir, err)
		}
	}
}
