package momoconf

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/nginxcheck"
	"github.com/momoconf/momoconf/srcpos"
)

// Validate checks with "nginx -t" the new content of every changed file
// of the plan whose kind is nginx configuration ([filekind.Kind.IsNginx]: the
// click_proxy and momo-rest upstreams and the five Analytics upstreams),
// the files of each host tree together in one check, before anything is
// written. A refusal wraps [codes.InvalidConfig] and names the file and line
// as "file:line:col: nginx -t: message"; without nginx the error wraps
// [codes.NotValidated]. A plan that changes no nginx file passes.
func (p *Plan) Validate() error {
	var trees []string
	byTree := map[string][]nginxcheck.File{}
	for _, f := range nginxChanges(p.Files) {
		if _, ok := byTree[f.tree]; !ok {
			trees = append(trees, f.tree)
		}
		byTree[f.tree] = append(byTree[f.tree], nginxcheck.File{Name: f.shownPath(), Content: f.New})
	}
	if len(trees) == 0 {
		return nil
	}
	if !nginxcheck.Available() {
		return codes.NotValidated
	}
	for _, t := range trees {
		if err := nginxcheck.Check(byTree[t]); err != nil {
			return &invalidConfig{err: err, line: plannedLine(err, byTree[t])}
		}
	}
	return nil
}

// nginxChanges returns, of files, the changed ones whose kind is nginx
// configuration: those [Plan.Validate] checks.
func nginxChanges(files []*FileChange) []*FileChange {
	var out []*FileChange
	for _, f := range files {
		if f.Changed() && f.Kind.IsNginx() {
			out = append(out, f)
		}
	}
	return out
}

// shownPath is the file's path as the user can open it.
func (f *FileChange) shownPath() string {
	if f.shown != "" {
		return f.shown
	}
	return filepath.FromSlash(f.Path)
}

// plannedLine returns the line of the planned content err points at, or "".
func plannedLine(err error, files []nginxcheck.File) string {
	pos, ok := srcpos.Find(err)
	if !ok {
		return ""
	}
	for _, f := range files {
		if lines := strings.Split(string(f.Content), "\n"); f.Name == pos.Filename && pos.Line >= 1 && pos.Line <= len(lines) {
			return strings.TrimSpace(lines[pos.Line-1])
		}
	}
	return ""
}

// invalidConfig is nginx's refusal of a planned content; line is the
// line nginx named, as planned (the file on disk does not hold it yet).
type invalidConfig struct {
	err  error
	line string
}

func (e *invalidConfig) Error() string {
	if e.line == "" {
		return fmt.Sprintf("%v (in the planned content); nothing written", e.err)
	}
	return fmt.Sprintf("%v (in the planned content: %q); nothing written", e.err, e.line)
}
func (e *invalidConfig) Unwrap() error        { return e.err }
func (e *invalidConfig) Is(target error) bool { return target == codes.InvalidConfig }
