package hostfs

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestInternIdentity: identical contents share one key and one copy of
// the bytes, which is never the buffer given; different contents get
// different keys.
func TestInternIdentity(t *testing.T) {
	var r Reader
	buf := []byte("peers = [ a ]\n")
	first := r.Intern(buf)
	if string(first.Bytes) != string(buf) || &first.Bytes[0] == &buf[0] {
		t.Fatalf("first copy: %q, the buffer itself: %v; want a copy of its bytes", first.Bytes, &first.Bytes[0] == &buf[0])
	}
	copy(buf, "XXXX") // the caller reuses its buffer
	if string(first.Bytes) != "peers = [ a ]\n" {
		t.Fatalf("the interned bytes changed with the buffer: %q", first.Bytes)
	}
	again := r.Intern([]byte("peers = [ a ]\n"))
	if again.Key != first.Key || &again.Bytes[0] != &first.Bytes[0] {
		t.Errorf("identical content: key %+v (want %+v), shares the bytes: %v", again.Key, first.Key, &again.Bytes[0] == &first.Bytes[0])
	}
	if other := r.Intern([]byte("peers = [ b ]\n")); other.Key == first.Key {
		t.Errorf("different content got the same key %+v", other.Key)
	}
}

// TestInternCollision plants a different content under the hash of the
// one interned: they must get different keys, compared byte for byte.
func TestInternCollision(t *testing.T) {
	src := []byte("msgc_server { peers = [ ] }\n")
	r := Reader{known: map[Key][]byte{{hash: maphash.Bytes(contentSeed, src)}: []byte("something else entirely\n")}}
	c := r.Intern(src)
	if c.Key.nth != 1 || string(c.Bytes) != string(src) {
		t.Fatalf("colliding content: key %+v, bytes %q; want nth 1 and its own bytes", c.Key, c.Bytes)
	}
	if again := r.Intern([]byte(string(src))); again.Key != c.Key {
		t.Errorf("identical copy after a collision: key %+v, want %+v", again.Key, c.Key)
	}
}

// tree makes dir/real/conf/f.conf, dir/linkdir → real, dir/real/link.conf
// → conf/f.conf (relative links, which stay below dir: only the refusal
// of links refuses them), dir/real/conf/pipe (a named pipe, when one can be made) and
// returns dir and the file's path with links resolved.
func tree(t *testing.T) (string, string) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "real", "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(conf, "f.conf")
	if err := os.WriteFile(file, []byte("content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("conf/f.conf", filepath.Join(dir, "real", "link.conf")); err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(file)
	if err != nil {
		t.Fatal(err)
	}
	return dir, want
}

// TestReadBeneathRefusesLinks: the fast read gives the file's bytes and
// resolved path, refuses a link on the way or at the end, a path leaving
// the folder and a named pipe (without blocking) as ErrSlowPath, and a
// missing file as fs.ErrNotExist.
func TestReadBeneathRefusesLinks(t *testing.T) {
	dir, want := tree(t)
	pipe := syscall.Mkfifo(filepath.Join(dir, "real", "conf", "pipe"), 0o644) == nil
	var r Reader
	root := r.OpenRoot(dir)
	defer root.Close()
	f, c, err := root.ReadBeneath("real/conf/f.conf")
	if errors.Is(err, ErrSlowPath) {
		t.Skip("the fast read is refused for a plain file: no openat2 on this kernel; the careful path serves every file")
	}
	if err != nil || f.Path != want || string(c.Bytes) != "content\n" || !f.Info.Mode().IsRegular() || f.Info.Size() != 8 {
		t.Fatalf("plain file: %v, %s (want %s), %q, %v", err, f.Path, want, c.Bytes, f.Info)
	}
	if again := r.Intern([]byte("content\n")); again.Key != c.Key {
		t.Errorf("the fast read did not intern its content")
	}
	for _, tc := range []struct {
		rel  string
		want error
	}{
		{"linkdir/conf/f.conf", ErrSlowPath}, // a linked folder on the way
		{"real/link.conf", ErrSlowPath},      // the file is a link
		{"../" + filepath.Base(dir) + "/real/conf/f.conf", ErrSlowPath},
		{"real/conf/missing.conf", fs.ErrNotExist},
		{"real/conf", ErrSlowPath}, // a folder
	} {
		if _, _, err := root.ReadBeneath(tc.rel); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.rel, err, tc.want)
		}
	}
	if pipe {
		if _, _, err := root.ReadBeneath("real/conf/pipe"); !errors.Is(err, ErrSlowPath) {
			t.Errorf("named pipe: %v, want %v", err, ErrSlowPath)
		}
	}
	root.Close()
	if _, _, err := root.ReadBeneath("real/conf/f.conf"); !errors.Is(err, ErrSlowPath) {
		t.Errorf("after Close: %v, want %v", err, ErrSlowPath)
	}
}

// TestLocateFollowsLinks: the careful path follows a linked folder and a
// linked file to the file itself, reads it and interns it with the fast
// read's key; a missing file gives fs.ErrNotExist.
func TestLocateFollowsLinks(t *testing.T) {
	dir, want := tree(t)
	var r Reader
	first := r.Intern([]byte("content\n"))
	for _, p := range []string{"linkdir/conf/f.conf", "real/link.conf", "real/conf/f.conf"} {
		f, err := r.Locate(filepath.Join(dir, p))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if f.Path != want || !f.Info.Mode().IsRegular() {
			t.Errorf("%s: found %s (%v), want %s, a regular file", p, f.Path, f.Info.Mode(), want)
		}
		c, err := r.ReadFile(f)
		if err != nil || c.Key != first.Key || &c.Bytes[0] != &first.Bytes[0] {
			t.Errorf("%s: read %q, %v; want the interned content", p, c.Bytes, err)
		}
	}
	if _, err := r.Locate(filepath.Join(dir, "real", "missing.conf")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want a not-exist error", err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.conf")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Locate(filepath.Join(dir, "dangling.conf")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a link to nothing: %v, want a not-exist error", err)
	}
}
