package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/nginxcheck"
)

// isNginx reports whether files of kind k are nginx configuration.
func isNginx(k momoconf.Kind) bool {
	return k == momoconf.KindClickProxy || k == momoconf.KindMomoUpstream
}

// validate runs nginx -t on the new content of the changed nginx files
// and records the outcome in r.Validation. A missing nginx is a warning,
// not a failure: the check is skipped.
func validate(r *result, root string, changed []*momoconf.FileChange) error {
	var files []nginxcheck.File
	for _, f := range changed {
		if isNginx(f.Kind) {
			files = append(files, nginxcheck.File{Name: filepath.Join(root, filepath.FromSlash(f.Path)), Content: f.New})
		}
	}
	if len(files) == 0 {
		r.Validation = "no nginx file changes: nothing to check"
		return nil
	}
	err := nginxcheck.Check(files)
	switch {
	case errors.Is(err, nginxcheck.ErrUnavailable):
		r.Validation = "skipped: " + err.Error()
		r.warn("%s", r.Validation)
		return nil
	case err != nil:
		r.Validation = "nginx -t refused the new content"
		return err
	}
	r.Validation = fmt.Sprintf("nginx -t accepted %d file(s)", len(files))
	return nil
}
