// Package golden runs golden-file tests kept as txtar archives, one case a
// file: sections such as "in.conf", "op" and "want.conf" or "error". Run the
// tests with -update to rewrite the expected sections from what the code
// produced, then read the diff before committing.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files with the results")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Case is one golden file.
type Case struct {
	Name    string // the file name without ".txtar"
	Path    string
	Archive *txtar.Archive
}

// Load returns the cases in dir (every *.txtar file), sorted by name. It
// fails the test when dir holds none.
func Load(t testing.TB, dir string) []*Case {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files in %s (%v)", dir, err)
	}
	sort.Strings(paths)
	cases := make([]*Case, 0, len(paths))
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cases = append(cases, &Case{Name: strings.TrimSuffix(filepath.Base(p), ".txtar"), Path: p, Archive: a})
	}
	return cases
}

// Section returns the bytes of the named section and whether it exists.
func (c *Case) Section(name string) ([]byte, bool) {
	for _, f := range c.Archive.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// MustSection returns the named section or fails the test.
func (c *Case) MustSection(t testing.TB, name string) []byte {
	t.Helper()
	data, ok := c.Section(name)
	if !ok {
		t.Fatalf("%s: no section %q", c.Path, name)
	}
	return data
}

// Check compares got with the named section, byte for byte, and reports a
// unified diff (-want +got) when they differ. With -update it writes got into
// the section instead (adding the section if missing) and saves the file. A
// txtar section always ends in a newline, so got should too.
func (c *Case) Check(t testing.TB, name string, got []byte) {
	t.Helper()
	want, ok := c.Section(name)
	if *update {
		if ok && string(want) == string(got) {
			return
		}
		c.set(name, got)
		if err := os.WriteFile(c.Path, txtar.Format(c.Archive), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !ok {
		t.Fatalf("%s: no section %q (run with -update to create it)", c.Path, name)
	}
	if string(want) != string(got) {
		t.Errorf("%s: section %q differs (-want +got):\n%s", c.Path, name, Diff(string(want), string(got)))
	}
}

// Remove drops the named section, with -update only; it lets a case switch
// from an expected output to an expected error and back.
func (c *Case) Remove(name string) {
	if !*update {
		return
	}
	files := c.Archive.Files[:0]
	for _, f := range c.Archive.Files {
		if f.Name != name {
			files = append(files, f)
		}
	}
	c.Archive.Files = files
}

func (c *Case) set(name string, data []byte) {
	for i := range c.Archive.Files {
		if c.Archive.Files[i].Name == name {
			c.Archive.Files[i].Data = data
			return
		}
	}
	c.Archive.Files = append(c.Archive.Files, txtar.File{Name: name, Data: data})
}

// Diff returns a unified diff from want to got, with line endings shown
// (a CR is written as \r) so CRLF mistakes are visible.
func Diff(want, got string) string {
	show := func(s string) string { return strings.ReplaceAll(s, "\r", `\r`) }
	return udiff.Unified("want", "got", show(want), show(got))
}
