package momoconf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/srcpos"
)

// webuiConfig is webui's production.json below a host tree.
const webuiConfig = "opt/msys/app/webui/scripts/config/production.json"

// analyticsApps are the production.json files of which a tree must hold
// one to be copied for a new Analytics node.
var analyticsApps = []string{
	"opt/msys/app/users-api/config/production.json",
	"opt/msys/app/webhooks-api/config/production.json",
	"opt/msys/app/metrics-api/config/production.json",
	"opt/msys/app/adaptive-delivery-api/config/production.json",
	webuiConfig,
}

// webuiAuthKeys are the webui settings a new Analytics node's copy sets to
// false ("the API is on this host").
var webuiAuthKeys = []string{"auth.apiPort", "auth.apiHost"}

// planAnalyticsTree adds to the plan the new Analytics node's tree: from
// the source tree, after the edits planned on it, every production.json
// below opt/msys/app/ and every regular, non-hidden file directly in
// opt/msys/3rdParty/nginx/conf.d/, and nothing else; in the copy of
// webui's production.json, auth.apiPort and auth.apiHost are false.
func (pl *planner) planAnalyticsTree(n Node) error {
	c, opts := pl.c, pl.c.change
	if err := c.checkNewNodeDir(opts.NewNodeDir, n); err != nil {
		return err
	}
	src, err := c.sourceTree(opts.From)
	if err != nil {
		return err
	}
	if !holdsAny(src.abs, analyticsApps) {
		return &refusal{kind: codes.NotMember, msg: fmt.Sprintf("%s is not an Analytics node's tree: it holds no production.json of users-api, webhooks-api, metrics-api, adaptive-delivery-api or webui; a new Analytics node copies an Analytics node's files", filepath.Join(c.display, src.name))}
	}
	cp, err := pl.newCopier(src, n)
	if err != nil {
		return err
	}
	cp.analytics = true
	if err := cp.copyProductionJSONs("opt/msys/app"); err != nil {
		return err
	}
	if err := cp.copyFolderFiles("opt/msys/3rdParty/nginx/conf.d"); err != nil {
		return err
	}
	return cp.compareExisting()
}

// holdsAny reports whether the tree at root holds one of the files rels.
func holdsAny(root string, rels []string) bool {
	for _, rel := range rels {
		if info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// copyProductionJSONs plans a copy of every production.json below the
// source's folder rel, at any depth.
func (cp *copier) copyProductionJSONs(rel string) error {
	root := filepath.Join(cp.src.abs, filepath.FromSlash(rel))
	err := filepath.WalkDir(root, func(file string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() != "production.json" {
			return err
		}
		sub, err := filepath.Rel(cp.src.abs, file)
		if err != nil {
			return err
		}
		info, err := os.Lstat(file)
		if err != nil {
			return err
		}
		return cp.copyFile(filepath.ToSlash(sub), info)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// copyFolderFiles plans a copy of each non-hidden file directly in the
// source's folder rel (a link as the file it names); sub-folders are not
// copied.
func (cp *copier) copyFolderFiles(rel string) error {
	entries, err := os.ReadDir(filepath.Join(cp.src.abs, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		file := path.Join(rel, e.Name())
		info, err := os.Stat(filepath.Join(cp.src.abs, filepath.FromSlash(file)))
		if err != nil || info.IsDir() {
			continue
		}
		linfo, err := e.Info()
		if err != nil {
			return err
		}
		if err := cp.copyFile(file, linfo); err != nil {
			return err
		}
	}
	return nil
}

// setWebuiAuth sets auth.apiPort and auth.apiHost to false in the copy of
// webui's production.json, changing only each value's token. A value
// already false stays; a missing key is not added. Each value that was not
// false, and each missing key, is a warning.
func (cp *copier) setWebuiAuth(f *FileChange) error {
	if _, err := jsonconf.Parse(f.Path, f.New); err != nil {
		return err
	}
	src := path.Join(cp.src.name, webuiConfig)
	for _, key := range webuiAuthKeys {
		out, old, err := setFalse(f.New, key)
		switch {
		case errors.Is(err, errNoKey):
			cp.pl.p.warn(Warning{Code: codes.WebuiAuth, Position: srcpos.Position{Filename: src}, Message: fmt.Sprintf(
				"has no %s; not added to the new node's copy (webui needs it false: the API on its own host)", key)})
		case err != nil:
			return fmt.Errorf("%s: %s: %w", f.Path, key, err)
		case old != "false":
			f.New = out
			f.Changes = append(f.Changes, fmt.Sprintf("%s set to false (was %s)", key, old))
			cp.pl.p.warn(Warning{Code: codes.WebuiAuth, Position: srcpos.Position{Filename: src}, Message: fmt.Sprintf(
				"%s is %s, not false; the new node's copy has false (the API on its own host)", key, old)})
		}
	}
	return nil
}

var errNoKey = errors.New("no such key")

// setFalse returns src with the value at the dotted path replaced by the
// token false, and the value's old token. Only that token changes.
func setFalse(src []byte, key string) ([]byte, string, error) {
	body, skip := src, 0
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		body, skip = body[3:], 3
	}
	r := gjson.GetBytes(body, key)
	if !r.Exists() {
		return nil, "", errNoKey
	}
	if r.Raw == "false" {
		return src, "false", nil
	}
	start := r.Index + skip
	if r.Index <= 0 || start+len(r.Raw) > len(src) || string(src[start:start+len(r.Raw)]) != r.Raw {
		return nil, "", errors.New("cannot place the value in the file")
	}
	out := make([]byte, 0, len(src)-len(r.Raw)+len("false"))
	out = append(out, src[:start]...)
	out = append(out, "false"...)
	out = append(out, src[start+len(r.Raw):]...)
	return out, r.Raw, nil
}
