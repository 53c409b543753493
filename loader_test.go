package momoconf

import (
	"hash/maphash"
	"os"
	"path/filepath"
	"testing"
)

// TestLoaderInternCollision makes two different contents share a hash
// (by planting a different content under the hash of the one read) and
// checks that they get different keys, while an identical copy shares
// the first copy's key and bytes.
func TestLoaderInternCollision(t *testing.T) {
	src := []byte("msgc_server { peers = [ ] }\n")
	planted := []byte("something else entirely\n")
	h := maphash.Bytes(contentSeed, src)
	l := &loader{parsed: map[parseKey]content{}, known: map[parseKey][]byte{
		{kind: KindMsgcServer, hash: h}: planted,
	}}
	key, got, view := l.intern(KindMsgcServer, src)
	if key.nth != 1 || string(got) != string(src) || view != nil {
		t.Fatalf("colliding content: key %+v, bytes %q, view %v; want nth 1 and its own bytes", key, got, view)
	}
	again, shared, _ := l.intern(KindMsgcServer, []byte(string(src)))
	if again != key || &shared[0] != &src[0] {
		t.Errorf("identical copy: key %+v (want %+v), shares the first copy's bytes: %v", again, key, &shared[0] == &src[0])
	}
	other, _, _ := l.intern(KindMsgGen, []byte(string(src)))
	if other == key {
		t.Errorf("same bytes of another kind got the same key %+v", key)
	}
}

// TestLoaderFollowsLinks checks that a linked file, and a file below a
// linked folder, are read and resolve to the file to write.
func TestLoaderFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(filepath.Join(real, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(real, "conf", "msgc_server.conf")
	if err := os.WriteFile(file, []byte("msgc_server {\n  peers = [\n    a = \"10.0.0.1\"\n  ]\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(dir, "link.conf")); err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(file)
	if err != nil {
		t.Fatal(err)
	}
	l := &loader{parsed: map[parseKey]content{}}
	for _, p := range []string{filepath.Join(dir, "linkdir", "conf", "msgc_server.conf"), filepath.Join(dir, "link.conf"), file} {
		d, err := l.read(msgcSpec, p, "x", p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if d.abs != want {
			t.Errorf("%s resolves to %s, want %s", p, d.abs, want)
		}
	}
	if _, err := l.locate(filepath.Join(dir, "missing.conf")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v, want a not-exist error", err)
	}
}
