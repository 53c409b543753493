package main

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
)

// validate runs nginx -t on the new content of the changed nginx files,
// every nginx kind (the library's own check, as the CLI's --validate), and
// records the outcome in r.Validation. A missing nginx is a warning, not a
// failure: the check is skipped. The error names the file as the library
// does (below root) and the line nginx refused, as nginx says it.
func validate(r *result, p *momoconf.Plan, changed []*momoconf.FileChange) error {
	n := 0
	for _, f := range changed {
		if f.Kind.IsNginx() {
			n++
		}
	}
	if n == 0 {
		r.Validation = "no nginx file changes: nothing to check"
		return nil
	}
	err := p.Validate()
	switch {
	case errors.Is(err, codes.NotValidated):
		r.Validation = "skipped: " + err.Error()
		r.warn("%s", r.Validation)
		return nil
	case err != nil:
		r.Validation = "nginx -t refused the new content"
		if inner := errors.Unwrap(err); inner != nil {
			return inner // nginx's own "file:line:col: nginx -t: ..." message
		}
		return err
	}
	r.Validation = fmt.Sprintf("nginx -t accepted %d file(s)", n)
	return nil
}
