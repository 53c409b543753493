package nginxconf

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
)

// TestBadCorpus parses the files of the corpus' nginx/bad folder, when
// there is one, and checks each is refused with an *Error at the line of
// its first fault.
func TestBadCorpus(t *testing.T) {
	golden.BadCorpus(t, filepath.Join(corpusDir, "bad"), func(name string, src []byte) error {
		_, err := Parse(name, src)
		return err
	}, func(t *testing.T, err error, _ srcpos.Position) {
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%v is no *nginxconf.Error", err)
		}
	})
}
