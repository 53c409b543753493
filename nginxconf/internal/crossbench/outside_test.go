package crossbench

import (
	"errors"
	"testing"

	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/nginxconf"
	"github.com/momoconf/momoconf/srcpos"
)

// TestNameableOutside checks, from a module other than momoconf, that a
// tool can name the error and position types of the format packages and
// tell the formats apart.
func TestNameableOutside(t *testing.T) {
	_, ngErr := nginxconf.Parse("n.conf", []byte("upstream u {\n  server a:1\n}\n"))
	_, ecErr := ecconf.Parse("e.conf", []byte("a {\n  foo\n}\nc = [ x ]\n"))
	var ne *nginxconf.Error
	var ee *ecconf.Error
	if !errors.As(ngErr, &ne) || errors.As(ngErr, &ee) {
		t.Fatalf("nginx error %v is not told apart", ngErr)
	}
	if !errors.As(ecErr, &ee) || errors.As(ecErr, &ne) {
		t.Fatalf("ecelerity error %v is not told apart", ecErr)
	}
	var p srcpos.Position = ee.Pos
	if p.Line != 3 || ne.Pos.Line != 3 {
		t.Errorf("lines %d and %d, want 3 and 3", p.Line, ne.Pos.Line)
	}
	if q, ok := srcpos.Find(ngErr); !ok || q != ne.Position() {
		t.Errorf("srcpos.Find = %v, %v", q, ok)
	}
}
