package nginxconf

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// badName is NAME.L<n>.EXT.bad: a file nginx refuses, first at line n.
var badName = regexp.MustCompile(`\.L(\d+)\.[^.]+\.bad$`)

// TestBadCorpus parses the files of the corpus' nginx/bad folder, when
// there is one, and checks each is refused at the line of its first fault.
func TestBadCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir, "bad")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("nginxconf: bad corpus %s absent", dir)
	}
	for _, ent := range entries {
		m := badName.FindStringSubmatch(ent.Name())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		t.Run(ent.Name(), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, ent.Name()))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(ent.Name(), data)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error at line %d", err, line)
			}
			if e.Pos.Line != line {
				t.Errorf("refused at line %d, want %d: %v", e.Pos.Line, line, err)
			}
		})
	}
}
