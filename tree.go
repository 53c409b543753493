package momoconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/nginxconf"
	"github.com/momoconf/momoconf/srcpos"
)

// tree is one host tree and the member-listing files found in it.
type tree struct {
	name string // folder name below the cluster folder; "." for a single tree
	abs  string // absolute path of the tree's root
	docs []*doc // in Kinds() order

	skipped bool // left alone by the change (the node being removed)
}

// doc is one parsed file of a tree.
type doc struct {
	kind  Kind
	rel   string // slash path relative to the folder the user named
	abs   string // the file to write: symbolic links resolved
	shown string // the path as the user can open it, for errors
	old   []byte
	info  fs.FileInfo

	ec *ecconf.File
	ng *nginxconf.File
	js *jsonconf.File
	cy *cassyaml.File

	notes []string // what changed, in words
	same  []string // what was already so, in words
}

// bytes returns the file's content after the edits made so far.
func (d *doc) bytes() []byte {
	switch {
	case d.ec != nil:
		return d.ec.Bytes()
	case d.ng != nil:
		return d.ng.Bytes()
	case d.js != nil:
		return d.js.Bytes()
	case d.cy != nil:
		return d.cy.Bytes()
	}
	return d.old
}

func (d *doc) note(format string, args ...any) {
	d.notes = append(d.notes, fmt.Sprintf(format, args...))
}
func (d *doc) noteSame(format string, args ...any) {
	d.same = append(d.same, fmt.Sprintf(format, args...))
}

// wrap names the file in err, unless err already carries a position in it.
func (d *doc) wrap(err error) error {
	if pos, ok := srcpos.Find(err); ok && pos.Filename == d.shown {
		return err
	}
	return fmt.Errorf("%s: %w", d.shown, err)
}

// upstream returns the upstream block an upstream file holds: the one
// named for its kind or, in a file that holds a single upstream under
// another name, that one.
func (d *doc) upstream() (*nginxconf.Upstream, error) {
	name := upstreamOf[d.kind]
	if up := d.ng.Upstream(name); up != nil {
		return up, nil
	}
	ups := d.ng.Upstreams()
	if len(ups) == 1 {
		return ups[0], nil
	}
	return nil, fmt.Errorf("no upstream %s in the file (found %d other upstream blocks)", name, len(ups))
}

// doc returns the tree's file of kind k, or nil.
func (t *tree) doc(k Kind) *doc {
	for _, d := range t.docs {
		if d.kind == k {
			return d
		}
	}
	return nil
}

// parseDoc parses src as a file of kind k.
func parseDoc(d *doc, src []byte) error {
	var err error
	d.old = src
	switch d.kind {
	case KindMsgGen, KindMsgcServer:
		d.ec, err = ecconf.Parse(d.shown, src)
	case KindClickProxy, KindMomoUpstream:
		d.ng, err = nginxconf.Parse(d.shown, src)
	case KindUsersAPI, KindWebhooksAPI:
		d.js, err = jsonconf.Parse(d.shown, src)
	case KindCassandraYAML:
		d.cy, err = cassyaml.Parse(d.shown, src)
	default:
		err = fmt.Errorf("%s: cannot edit a file of unknown kind", d.shown)
	}
	return err
}

// readDoc reads and parses the file at abs.
func readDoc(k Kind, abs, rel, shown string) (*doc, error) {
	info, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	// A link is followed: the file it names is the one to replace, so
	// that the link itself stays a link.
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(target)
	if err != nil {
		return nil, err
	}
	d := &doc{kind: k, rel: rel, abs: target, shown: shown, info: info}
	return d, parseDoc(d, src)
}

// loadTree reads the member-listing files of the host tree at root. The
// paths it reports are relative to base (shown joined to display).
func loadTree(name, root, base, display string) (*tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	t := &tree{name: name, abs: abs}
	var errs []error
	for _, k := range Kinds() {
		for _, p := range productPaths[k] {
			file := filepath.Join(abs, filepath.FromSlash(p))
			if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			rel, err := filepath.Rel(base, file)
			if err != nil {
				return nil, err
			}
			d, err := readDoc(k, file, filepath.ToSlash(rel), filepath.Join(display, rel))
			if err != nil {
				errs = append(errs, err)
				break
			}
			t.docs = append(t.docs, d)
			break
		}
	}
	return t, errors.Join(errs...)
}

// cluster is the set of host trees a change works on.
type cluster struct {
	base    string // absolute folder the paths are relative to
	display string // that folder as the user named it
	trees   []*tree
	single  bool // one host tree (--root), not a cluster folder
	files   bool // files named one by one, not a host tree
}

// Options says what AddNode, RemoveNode and ClusterStatus work on.
type Options struct {
	// Cluster makes the folder a cluster folder: each sub-folder (hidden
	// ones aside) is a host tree. Otherwise the folder is one host tree.
	Cluster bool
	// NewNodeDir, with Cluster and From, names a folder to create in the
	// cluster folder for the node being added: it receives the runbook's
	// copies of From's files, after the edits, with listen_address set to
	// the node's IP. An existing folder of that name is refused.
	NewNodeDir string
	// From names the host folder whose files the new node's tree copies.
	From string
}

// loadCluster reads dir as one host tree or, with opts.Cluster, as a
// folder of host trees. Every file that fails to parse is reported.
func loadCluster(dir string, opts Options) (*cluster, error) {
	base, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(base)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	c := &cluster{base: base, display: dir, single: !opts.Cluster}
	if !opts.Cluster {
		t, err := loadTree(".", base, base, dir)
		c.trees = []*tree{t}
		return c, err
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		t, err := loadTree(e.Name(), filepath.Join(base, e.Name()), base, dir)
		if err != nil {
			errs = append(errs, err)
		}
		if t != nil && len(t.docs) > 0 {
			c.trees = append(c.trees, t)
		}
	}
	sort.Slice(c.trees, func(i, j int) bool { return c.trees[i].name < c.trees[j].name })
	return c, errors.Join(errs...)
}

// docs returns every file of kind k across the trees.
func (c *cluster) docs(k Kind) []*doc {
	var out []*doc
	for _, t := range c.trees {
		for _, d := range t.docs {
			if d.kind == k {
				out = append(out, d)
			}
		}
	}
	return out
}
