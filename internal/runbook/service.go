// Package runbook holds what the runbook says about a host's files that
// both the library's steps and the Ansible module need: which service
// re-reads a changed file.
package runbook

import (
	"path"
	"strings"
)

// Service names what a changed file at rel, a slash path inside a host
// tree, makes the runbook restart or reload on that host: "ecelerity" for
// the ecelerity configuration, "msys-nginx" for an nginx conf.d file,
// "msys-app-NAME" for an application's production.json, or "" when no
// service has to read the file again now. A restart applies to every
// service but msys-nginx, which is reloaded.
func Service(rel string) string {
	switch {
	case strings.HasPrefix(rel, "opt/msys/ecelerity/etc/"):
		return "ecelerity"
	case strings.Contains(rel, "/nginx/conf.d/"):
		return "msys-nginx"
	case strings.HasPrefix(rel, "opt/msys/app/") && path.Base(rel) == "production.json":
		app, _, _ := strings.Cut(strings.TrimPrefix(rel, "opt/msys/app/"), "/")
		return "msys-app-" + app
	}
	return ""
}
