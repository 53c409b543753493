package hostfs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// errRefused is what the test's Link hook answers for a refused link.
var errRefused = errors.New("refused link")

// linkTree makes, below a fresh folder top:
//
//	top/outside/secret.conf             the file the links lead to
//	top/above → base                    a link above Below (the caller's naming)
//	top/base/tree/direct.conf  → ../../outside/secret.conf
//	top/base/tree/hop.conf     → hop2.conf → /abs/top/outside/secret.conf (a chain)
//	top/base/tree/viadir       → ../../outside (a folder link)
//	top/base/tree/loop.conf    → loop.conf
//
// and returns top.
func linkTree(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(top, "outside"), 0o755))
	must(os.MkdirAll(filepath.Join(top, "base", "tree"), 0o755))
	must(os.WriteFile(filepath.Join(top, "outside", "secret.conf"), []byte("secret\n"), 0o600))
	must(os.Symlink("base", filepath.Join(top, "above")))
	tree := filepath.Join(top, "base", "tree")
	must(os.Symlink("../../outside/secret.conf", filepath.Join(tree, "direct.conf")))
	must(os.Symlink("hop2.conf", filepath.Join(tree, "hop.conf")))
	must(os.Symlink(filepath.Join(top, "outside", "secret.conf"), filepath.Join(tree, "hop2.conf")))
	must(os.Symlink("../../outside", filepath.Join(tree, "viadir")))
	must(os.Symlink("loop.conf", filepath.Join(tree, "loop.conf")))
	return top
}

// TestLinksBelowAreShownToLink: every link below Below, and every link
// reached by following one, is shown to Link before it is followed, and
// Link's refusal is the error; links at or above Below are not shown; a
// loop of links stops with ELOOP.
func TestLinksBelowAreShownToLink(t *testing.T) {
	top := linkTree(t)
	base, tree := filepath.Join(top, "above"), filepath.Join(top, "above", "tree")
	secret := filepath.Join(top, "outside", "secret.conf")
	cases := []struct {
		name   string
		path   string   // what is located, below the link "above"
		refuse string   // the link Link refuses, by base name ("" none)
		shown  []string // the links shown to Link, by base name, in order
		err    error    // nil: found at secret
	}{
		{"a file link, allowed", "direct.conf", "", []string{"direct.conf"}, nil},
		{"a file link, refused", "direct.conf", "direct.conf", []string{"direct.conf"}, errRefused},
		{"a chain, each link shown", "hop.conf", "", []string{"hop.conf", "hop2.conf"}, nil},
		{"a chain refused at its second link", "hop.conf", "hop2.conf", []string{"hop.conf", "hop2.conf"}, errRefused},
		{"a folder link on the way", "viadir/secret.conf", "", []string{"viadir"}, nil},
		{"a folder link refused", "viadir/secret.conf", "viadir", []string{"viadir"}, errRefused},
		{"a loop", "loop.conf", "", nil, syscall.ELOOP},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var shown []string
			r := &Reader{Below: base, Link: func(path string, st *syscall.Stat_t) error {
				shown = append(shown, filepath.Base(path))
				if int(st.Uid) != os.Geteuid() {
					t.Errorf("%s: status of uid %d, want the link's own (%d)", path, st.Uid, os.Geteuid())
				}
				if filepath.Base(path) == c.refuse {
					return errRefused
				}
				return nil
			}}
			f, err := r.Locate(filepath.Join(tree, c.path))
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("Locate: %v, want %v", err, c.err)
				}
			} else if err != nil || f.Path != secret {
				t.Fatalf("Locate: %q, %v; want %q", f.Path, err, secret)
			}
			if c.name == "a loop" {
				// the loop's link is shown once per hop, up to the limit
				if len(shown) != maxLinks || slices.IndexFunc(shown, func(s string) bool { return s != "loop.conf" }) >= 0 {
					t.Errorf("shown %d links (%v...), want %d of loop.conf", len(shown), shown[:min(3, len(shown))], maxLinks)
				}
				return
			}
			if !slices.Equal(shown, c.shown) {
				t.Errorf("links shown to Link: %v, want %v (the link \"above\", at Below's level, never)", shown, c.shown)
			}
		})
	}
}

// TestNoBelowFollowsEverything: a Reader without Below follows links as
// filepath.EvalSymlinks does and shows none to Link.
func TestNoBelowFollowsEverything(t *testing.T) {
	top := linkTree(t)
	r := &Reader{Link: func(path string, _ *syscall.Stat_t) error { return errRefused }}
	f, err := r.Locate(filepath.Join(top, "above", "tree", "hop.conf"))
	want := filepath.Join(top, "outside", "secret.conf")
	if err != nil || f.Path != want {
		t.Fatalf("Locate: %q, %v; want %q", f.Path, err, want)
	}
}

// TestReadRefusesASwappedLink: a file found as a regular file and swapped
// for a link (or its folder for a link) before it is read is not
// followed: the read fails instead of reading what the link names.
func TestReadRefusesASwappedLink(t *testing.T) {
	top := linkTree(t)
	secret := filepath.Join(top, "outside", "secret.conf")
	for _, swap := range []string{"file", "folder"} {
		t.Run(swap, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "d")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "f.conf")
			if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var r Reader
			f, err := r.Locate(file)
			if err != nil {
				t.Fatal(err)
			}
			if swap == "file" {
				err = os.Remove(file)
				if err == nil {
					err = os.Symlink(secret, file)
				}
			} else {
				err = os.Rename(dir, dir+".old")
				if err == nil {
					err = os.Symlink(filepath.Join(top, "outside"), dir)
				}
				if err == nil {
					err = os.Symlink(secret, filepath.Join(top, "outside", "f.conf"))
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			c, err := r.ReadFile(f)
			if err == nil {
				t.Fatalf("read %q through a link swapped in; want a refusal", c.Bytes)
			}
			if !errors.Is(err, syscall.ELOOP) {
				t.Errorf("error %v, want ELOOP", err)
			}
		})
	}
}

// TestReadRefusesAHugeFile: a file larger than MaxFileSize (sparse here,
// so the test writes nothing) is refused by its size before any read, on
// the fast path and the careful one.
func TestReadRefusesAHugeFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "huge.conf")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(file, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	var r Reader
	f, err := r.Locate(file)
	if err != nil {
		t.Fatal(err)
	}
	var tooLarge *TooLargeError
	if _, err := r.ReadFile(f); !errors.As(err, &tooLarge) || tooLarge.Size != MaxFileSize+1 || tooLarge.Path != file {
		t.Errorf("careful path: %v, want a TooLargeError of %d bytes naming %s", err, MaxFileSize+1, file)
	}
	root := r.OpenRoot(dir)
	defer root.Close()
	if _, _, err := root.ReadBeneath("huge.conf"); !errors.As(err, &tooLarge) {
		t.Errorf("fast path: %v, want a TooLargeError", err)
	}
}
