package ecconf

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir holds real configuration files from public projects, beside the
// repository (see /work/shared/corpus/SOURCES.md).
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

// corpusFiles returns every file of the corpus, or skips the test when the
// folder is absent.
func corpusFiles(t testing.TB) map[string][]byte {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("ecconf: corpus folder absent")
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpus parses every real file of the corpus. Its nginx, JSON and
// YAML files are messy real input: each must either come back byte for
// byte or give an *Error with a position inside the file, never a panic.
// Files under ecelerity/ must parse (those under ecelerity/bad are
// TestBadCorpus's).
func TestCorpus(t *testing.T) {
	parsed := 0
	for path, data := range corpusFiles(t) {
		f, err := Parse(path, data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Pos.Offset > len(data) || e.Pos.Line < 1 {
				t.Errorf("%s: bad error %#v", path, err)
			}
			if filepath.Base(filepath.Dir(path)) == "ecelerity" {
				t.Errorf("%s: %v", path, err)
			}
			continue
		}
		parsed++
		if string(f.Bytes()) != string(data) {
			t.Errorf("%s: round trip differs", path)
		}
	}
	t.Logf("%d corpus files parsed as ecelerity configuration and round-tripped", parsed)
}
