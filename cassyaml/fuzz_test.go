package cassyaml

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	yaml "go.yaml.in/yaml/v3"
)

// fuzzSeeds returns the inputs of the golden cases and the table tests.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, c := range golden.Load(f, "testdata/TestGolden") {
		seeds = append(seeds, c.MustSection(f, "in.yaml"))
	}
	for _, tt := range roundTripTests {
		seeds = append(seeds, []byte(tt.in))
	}
	for _, tt := range editTests {
		seeds = append(seeds, []byte(tt.in))
	}
	return seeds
}

// FuzzRoundTrip checks that input that parses comes back byte for byte and
// that input that does not gives an *Error, never a panic.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Parse("f.yaml", in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || err.Error() == "" {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		if !bytes.Equal(file.Bytes(), in) {
			t.Fatalf("round trip changed the input:\n%s", golden.Diff(string(in), string(file.Bytes())))
		}
		file.Get("listen_address")
		file.Seeds()
	})
}

// FuzzEdit checks Set and the seed verbs on any input that parses: a
// refused edit leaves the file alone; a done one re-parses, reads back and
// is not done twice; set then set back, and add then remove, restore the
// input whenever the old value was written the way this package writes it.
func FuzzEdit(f *testing.F) {
	for i, s := range fuzzSeeds(f) {
		keys := []string{"listen_address", "cluster_name", "broadcast_address", "rpc_address"}
		vals := []string{"10.0.0.1", "::1", "it's", "", "a #b"}
		hosts := []string{"10.0.0.9", "node1", "127.0.0.1", "b"}
		f.Add(s, keys[i%len(keys)], vals[i%len(vals)], hosts[i%len(hosts)])
	}
	f.Fuzz(func(t *testing.T, in []byte, key, val, host string) {
		if _, err := Parse("f.yaml", in); err != nil {
			return
		}
		fuzzSet(t, in, key, val)
		fuzzSeed(t, in, host)
	})
}

func fuzzSet(t *testing.T, in []byte, key, val string) {
	f, _ := Parse("f.yaml", in)
	old, had := f.Get(key)
	restorable := had && f.canonical(key, val)
	changed, err := f.Set(key, val)
	mustFailClean(t, changed, err)
	if errors.Is(err, ErrNoKey) {
		fuzzSetOrAdd(t, in, key, val)
	}
	if err != nil || !changed {
		mustEqual(t, in, f.Bytes(), "Set that failed or did nothing")
		return
	}
	out := mustReparse(t, f)
	mustKeepTree(t, f, out)
	if had {
		mustChangeOnly(t, in, out)
	}
	if v, _ := out.Get(key); v != val {
		t.Fatalf("Set(%q, %q) reads back %q", key, val, v)
	}
	if again, err := f.Set(key, val); again || err != nil {
		t.Fatalf("second Set(%q, %q) = %v, %v", key, val, again, err)
	}
	if !restorable {
		return
	}
	if _, err := f.Set(key, old); err != nil {
		t.Fatalf("Set back to %q: %v", old, err)
	}
	mustEqual(t, in, f.Bytes(), "set then set back")
}

// fuzzSetOrAdd adds the absent key, which must then read back, and adding
// it again must change nothing.
func fuzzSetOrAdd(t *testing.T, in []byte, key, val string) {
	f, _ := Parse("f.yaml", in)
	changed, err := f.SetOrAdd(key, val)
	mustFailClean(t, changed, err)
	if err != nil || !changed {
		mustEqual(t, in, f.Bytes(), "SetOrAdd that failed or did nothing")
		return
	}
	if v, ok := mustReparse(t, f).Get(key); !ok || v != val {
		t.Fatalf("SetOrAdd(%q, %q) reads back %q, %v", key, val, v, ok)
	}
	after := f.Bytes()
	if again, err := f.SetOrAdd(key, val); again || err != nil {
		t.Fatalf("second SetOrAdd(%q, %q) = %v, %v", key, val, again, err)
	}
	mustEqual(t, after, f.Bytes(), "second SetOrAdd")
}

func fuzzSeed(t *testing.T, in []byte, host string) {
	f, _ := Parse("f.yaml", in)
	at, err := f.seeds()
	changed, addErr := f.AddSeed(host)
	mustFailClean(t, changed, addErr)
	if err != nil || addErr != nil || !changed {
		mustEqual(t, in, f.Bytes(), "AddSeed that failed or did nothing")
		return
	}
	restorable := f.canonicalSeeds(in, at, host)
	out := mustReparse(t, f)
	mustKeepTree(t, f, out)
	mustChangeOnly(t, in, out)
	if seeds, _ := out.Seeds(); !slices.Contains(seeds, host) {
		t.Fatalf("AddSeed(%q) reads back %q", host, seeds)
	}
	after := f.Bytes()
	if again, err := f.AddSeed(host); again || err != nil {
		t.Fatalf("second AddSeed(%q) = %v, %v", host, again, err)
	}
	mustEqual(t, after, f.Bytes(), "second AddSeed")
	if removed, err := f.RemoveSeed(host); !removed || err != nil {
		t.Fatalf("RemoveSeed(%q) after adding it = %v, %v", host, removed, err)
	}
	if restorable {
		mustEqual(t, in, f.Bytes(), "add then remove")
	}
}

// canonical reports whether setting key to val and back must restore the
// file: the old value is written exactly as render would write it again,
// and val fits the same quoting.
func (f *File) canonical(key, val string) bool {
	i, count := find(f.root(), key)
	n := f.root().Content[i+1]
	if count != 1 || checkText("", val) != nil {
		return false
	}
	flow := f.root().Style&yaml.FlowStyle != 0
	if isEmpty(n) {
		// Only a plain value set back to "" leaves "key:" again; a quoted
		// one leaves '' or "".
		return !flow && render(val, flow, 0) == val
	}
	from, to, err := span(f.src, max(0, f.offsetOf(n)), n, flow)
	st := n.Style & (yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle)
	return err == nil && string(f.src[from:to]) == quote(scalarValue(n), st) &&
		render(scalarValue(n), flow, st) == quote(scalarValue(n), st) && render(val, flow, st) == quote(val, st)
}

// canonicalSeeds is canonical for the seeds as they were in src (at) and
// host: the old value had a seed and was written as render writes it.
func (f *File) canonicalSeeds(src []byte, at seedsAt, host string) bool {
	n := at.node
	from, to, err := span(src, max(0, newLineIndex(src).offset(src, n.Line, n.Column)), n, at.flow)
	if err != nil || len(fields(scalarValue(n))) == 0 {
		return false
	}
	st := n.Style & (yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle)
	old := scalarValue(n)
	return string(src[from:to]) == quote(old, st) && render(old, at.flow, st) == quote(old, st) &&
		render(addField(old, host), at.flow, st) == quote(addField(old, host), st)
}

// mustFailClean checks that a verb that failed reported no change.
func mustFailClean(t *testing.T, changed bool, err error) {
	t.Helper()
	if err != nil && changed {
		t.Fatalf("verb failed (%v) but reported a change", err)
	}
}

// mustKeepTree checks that the tree f keeps after an edit is that of out,
// f's bytes parsed afresh: an edit verified on its line alone updates the
// tree in place.
func mustKeepTree(t *testing.T, f, out *File) {
	t.Helper()
	if !same(f.doc, out.doc) {
		t.Fatalf("the tree kept after the edit is not the file's:\n%s", f.Bytes())
	}
}

// mustChangeOnly checks that an edit of one value of in, whose result
// parses as out, changed that scalar and nothing else in the tree. (Which
// scalar, and its new value, the callers check by reading it back.)
func mustChangeOnly(t *testing.T, in []byte, out *File) {
	t.Helper()
	orig, _ := Parse("in.yaml", in)
	if diff := changedScalars(orig.doc, out.doc); diff != 1 {
		t.Fatalf("edit changed %d scalars (expected the target alone):\n%s", diff, golden.Diff(string(in), string(out.src)))
	}
}

// changedScalars counts the scalars whose value differs between a and b,
// two trees of the same shape, or returns -1 when their shapes differ.
func changedScalars(a, b *yaml.Node) int {
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) || a.Anchor != b.Anchor {
		return -1
	}
	n := 0
	if a.Kind == yaml.ScalarNode && (a.Value != b.Value || a.ShortTag() != b.ShortTag()) {
		n = 1
	}
	for i := range a.Content {
		d := changedScalars(a.Content[i], b.Content[i])
		if d < 0 {
			return -1
		}
		n += d
	}
	return n
}

func mustReparse(t *testing.T, f *File) *File {
	t.Helper()
	out, err := Parse("out.yaml", f.Bytes())
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, f.Bytes())
	}
	return out
}

func mustEqual(t *testing.T, want, got []byte, what string) {
	t.Helper()
	if !bytes.Equal(want, got) {
		t.Fatalf("%s changed the file (-want +got):\n%s", what, golden.Diff(string(want), string(got)))
	}
}
