package momoconf

import (
	"fmt"
	"path/filepath"

	"github.com/momoconf/momoconf/internal/nginxcheck"
)

// Validate checks with "nginx -t" the new content of every changed nginx
// file of the plan (click_proxy_upstream.conf, momo_upstream.conf), the
// files of each host tree together in one check, before anything is
// written. A refusal wraps [ErrInvalidConfig] and names the file and line
// as "file:line:col: nginx -t: message"; without nginx the error wraps
// [ErrNotValidated]. A plan that changes no nginx file passes.
func (p *Plan) Validate() error {
	var trees []string
	byTree := map[string][]nginxcheck.File{}
	for _, f := range p.Files {
		if !f.Changed() || (f.Kind != KindClickProxy && f.Kind != KindMomoUpstream) {
			continue
		}
		if _, ok := byTree[f.tree]; !ok {
			trees = append(trees, f.tree)
		}
		byTree[f.tree] = append(byTree[f.tree], nginxcheck.File{Name: f.shownPath(), Content: f.New})
	}
	if len(trees) == 0 {
		return nil
	}
	if !nginxcheck.Available() {
		return ErrNotValidated
	}
	for _, t := range trees {
		if err := nginxcheck.Check(byTree[t]); err != nil {
			return &invalidConfig{err}
		}
	}
	return nil
}

// shownPath is the file's path as the user can open it.
func (f *FileChange) shownPath() string {
	if f.shown != "" {
		return f.shown
	}
	return filepath.FromSlash(f.Path)
}

// invalidConfig is nginx's refusal of a planned content.
type invalidConfig struct{ err error }

func (e *invalidConfig) Error() string {
	return fmt.Sprintf("%v (the planned content); nothing written", e.err)
}
func (e *invalidConfig) Unwrap() error        { return e.err }
func (e *invalidConfig) Is(target error) bool { return target == ErrInvalidConfig }
