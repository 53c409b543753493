package ecconf

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
)

// TestBadCorpus parses documentation examples that are wrong and checks
// each is refused with an *Error at the line of its first fault, not
// further on.
func TestBadCorpus(t *testing.T) {
	golden.BadCorpus(t, filepath.Join(corpusDir, "ecelerity", "bad"), func(name string, src []byte) error {
		_, err := Parse(name, src)
		return err
	}, func(t *testing.T, err error, _ srcpos.Position) {
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%v is no *ecconf.Error", err)
		}
	})
}
