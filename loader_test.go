package momoconf

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/momoconf/momoconf/filekind"
)

// TestLoaderParsePerKind: identical copies of one kind share one key,
// one parse and one copy of the bytes; the same bytes read as another
// kind share the bytes but get their own key and parse.
func TestLoaderParsePerKind(t *testing.T) {
	src := []byte("msgc_server { peers = [ ] }\n")
	l := &loader{}
	key, first := l.intern(msgcSpec, l.fs.Intern(src))
	if &first.src[0] == &src[0] || string(first.src) != string(src) || first.v != nil {
		t.Fatalf("first copy: bytes %q (the buffer read into: %v), view %v; want its own copy and no parse yet", first.src, &first.src[0] == &src[0], first.v)
	}
	again, shared := l.intern(msgcSpec, l.fs.Intern([]byte(string(src))))
	if again != key || shared != first || &shared.src[0] != &first.src[0] {
		t.Errorf("identical copy: key %+v (want %+v), shares the first copy's parse: %v", again, key, shared == first)
	}
	other, otherParse := l.intern(msgGenSpec, l.fs.Intern([]byte(string(src))))
	if other == key || otherParse == first {
		t.Errorf("same bytes of another kind got the same key %+v or parse", key)
	}
	if &otherParse.src[0] != &first.src[0] {
		t.Errorf("same bytes of another kind: a second copy of the bytes")
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
	l := &loader{}
	for _, p := range []string{filepath.Join(dir, "linkdir", "conf", "msgc_server.conf"), filepath.Join(dir, "link.conf"), file} {
		d, err := l.read(msgcSpec, p, "x", p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if d.abs != want {
			t.Errorf("%s resolves to %s, want %s", p, d.abs, want)
		}
	}
	if _, err := l.fs.Locate(filepath.Join(dir, "missing.conf")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v, want a not-exist error", err)
	}
}

// TestLoadTreeLinksAndOddFiles loads host trees through loadTree, whose
// fast read refuses links on the way: a file below a linked folder and a
// linked file must still be found at their targets, a missing file be
// skipped, and a named pipe be refused without blocking.
func TestLoadTreeLinksAndOddFiles(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	msgc := "msgc_server {\n  peers = [\n    a = \"10.0.0.1\"\n  ]\n}\n"
	if err := os.MkdirAll(filepath.Join(shared, "global"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shared, "global", "msgc_server.conf"), []byte(msgc), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join("opt", "msys", "ecelerity", "etc", "conf")
	// host a: the folder holding msgc_server.conf is a link.
	if err := os.MkdirAll(filepath.Join(dir, "a", conf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(shared, "global"), filepath.Join(dir, "a", conf, "global")); err != nil {
		t.Fatal(err)
	}
	// host b: msgc_server.conf itself is a link.
	if err := os.MkdirAll(filepath.Join(dir, "b", conf, "global"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(shared, "global", "msgc_server.conf"), filepath.Join(dir, "b", conf, "global", "msgc_server.conf")); err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(filepath.Join(shared, "global", "msgc_server.conf"))
	if err != nil {
		t.Fatal(err)
	}
	l := &loader{}
	for _, host := range []string{"a", "b"} {
		tr, err := l.loadTree(host, filepath.Join(dir, host), dir, dir)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		d := tr.doc(filekind.MsgcServer)
		if d == nil || len(tr.docs) != 1 {
			t.Fatalf("%s: %d files, msgc_server.conf %v; want it alone", host, len(tr.docs), d)
		}
		if d.abs != want || string(d.old) != msgc {
			t.Errorf("%s: read %s (%q), want %s", host, d.abs, d.old, want)
		}
	}
	// host c: msgc_server.conf is a named pipe.
	pipe := filepath.Join(dir, "c", conf, "global", "msgc_server.conf")
	if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
	_, err = l.loadTree("c", filepath.Join(dir, "c"), dir, dir)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a named pipe: %v, want it refused as not a regular file", err)
	}
}
