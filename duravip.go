package momoconf

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/srcpos"
)

// ecelerityConfDir is the folder of the ecelerity configuration below a
// host tree.
const ecelerityConfDir = "opt/msys/ecelerity/etc/conf"

// warnDuraVIP warns about every Duravip_Preference that names the node
// being removed, in the ecelerity configuration of the trees the removal
// edits: a binding or listener that prefers a node that is gone no longer
// has the preferred home the operator chose. The runbook says nothing of
// it, so momoconf only reports it. Files that do not parse are reported
// as not checked.
func (pl *planner) warnDuraVIP(n Node) {
	c := pl.c
	found := map[string][]*ecconf.Option{} // content → the options naming n; identical copies are parsed once
	for _, t := range c.trees {
		if pl.skipped[t] || c.files {
			continue
		}
		root := filepath.Join(t.abs, filepath.FromSlash(ecelerityConfDir))
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".conf") {
				return nil
			}
			rel, _ := filepath.Rel(c.base, path)
			src, err := c.readTrusted(path)
			if err != nil {
				pl.p.warn(Warning{Code: codes.NotChecked, Position: srcpos.Position{Filename: filepath.ToSlash(rel)}, Message: fmt.Sprintf("not checked for Duravip_Preference: %v", err)})
				return nil
			}
			naming, ok := found[string(src)]
			if !ok {
				f, err := ecconf.Parse(filepath.ToSlash(rel), src)
				if err != nil {
					pl.p.warn(Warning{Code: codes.NotChecked, Message: fmt.Sprintf("not checked for Duravip_Preference: %v", err)})
					return nil
				}
				for _, o := range duraVIPOptions(f.Root()) {
					if o.Value.Kind == ecconf.Scalar && n.matches(o.Value.Text) {
						naming = append(naming, o)
					}
				}
				found[string(src)] = naming
			}
			for _, o := range naming {
				pl.p.warn(Warning{Code: codes.DuraVIP, Position: srcpos.Position{Filename: filepath.ToSlash(rel), Line: o.Pos.Line, Column: o.Pos.Column},
					Message: fmt.Sprintf("Duravip_Preference names %s, which is being removed; choose another node for it", o.Value.Text)})
			}
			return nil
		})
	}
}

// duraVIPOptions returns the Duravip_Preference options of s and of every
// scope inside it.
func duraVIPOptions(s *ecconf.Scope) []*ecconf.Option {
	var out []*ecconf.Option
	for _, st := range s.Stmts {
		switch st := st.(type) {
		case *ecconf.Option:
			if strings.EqualFold(st.Name, "duravip_preference") {
				out = append(out, st)
			}
		case *ecconf.Scope:
			out = append(out, duraVIPOptions(st)...)
		}
	}
	return out
}
