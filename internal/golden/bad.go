package golden

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/momoconf/momoconf/srcpos"
)

// badName is NAME.L<n>.EXT.bad: a real file that is wrong, first at line n.
var badName = regexp.MustCompile(`\.L(\d+)\.[^.]+\.bad$`)

// BadCorpus runs parse on every file of dir named NAME.L<n>.EXT.bad, a
// subtest each, and fails unless it is refused with a positioned error at
// line n; check, if not nil, makes further checks on that error. It skips,
// saying so, when dir holds no such file (the shared corpus is absent).
func BadCorpus(t *testing.T, dir string, parse func(name string, src []byte) error, check func(t *testing.T, err error, pos srcpos.Position)) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	ran := 0
	for _, ent := range entries {
		m := badName.FindStringSubmatch(ent.Name())
		if m == nil {
			continue
		}
		ran++
		line, _ := strconv.Atoi(m[1])
		t.Run(ent.Name(), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, ent.Name()))
			if err != nil {
				t.Fatal(err)
			}
			err = parse(ent.Name(), src)
			pos, ok := srcpos.Find(err)
			switch {
			case err == nil:
				t.Fatalf("accepted; want a refusal at line %d", line)
			case !ok:
				t.Fatalf("refused without a position (%v); want line %d", err, line)
			case pos.Line != line:
				t.Errorf("refused at line %d, want %d: %v", pos.Line, line, err)
			}
			if check != nil {
				check(t, err, pos)
			}
		})
	}
	if ran == 0 {
		t.Skipf("no NAME.L<n>.EXT.bad files in %s (the shared corpus is absent)", dir)
	}
}
