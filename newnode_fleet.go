package momoconf

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
)

// NodeFile is one file of a new node's host tree, made on another host:
// its slash path inside the tree, its content, and the mode and owner of
// the file it copies.
type NodeFile struct {
	Path string      `json:"path"` // slash-separated, inside the tree
	Data []byte      `json:"data"` // base64 in JSON
	Mode fs.FileMode `json:"mode"` // of the file it copies
	UID  int         `json:"uid"`  // owner of the file it copies; kept when run as root
	GID  int         `json:"gid"`  // group of the file it copies; kept when run as root
}

// exportDir names the new node's tree while [Cluster.NewNodeFiles] plans
// it: a name no real folder has, in the reserved .invalid domain.
const exportDir = "momoconf-new-node.invalid"

// NewNodeFiles returns the host tree that node, being added, receives
// from this host tree (a single tree, a Platform node's for a Platform
// node, an Analytics node's for an Analytics one): the runbook's copies of
// this tree's files after the addition's edits here, with the node's own
// addresses in cassandra.yaml, exactly the files that a cluster-folder
// addition with [AddOptions.NewNodeDir] and [AddOptions.From] naming this tree
// creates. Nothing is written; the warnings about the copies (a line still
// naming this host, a file that is not regular) come with them.
func (c *Cluster) NewNodeFiles(node Node) ([]NodeFile, []Warning, error) {
	if !c.single || c.files || len(c.trees) != 1 {
		return nil, nil, errors.New("a new node's files are copied from one host tree (a --root tree), not a cluster folder or named files")
	}
	p, err := c.addNode(node, AddOptions{NewNodeDir: exportDir, From: c.trees[0].name})
	if err != nil {
		return nil, nil, err
	}
	var files []NodeFile
	for _, f := range p.Files {
		rel, ok := strings.CutPrefix(f.Path, exportDir+"/")
		if !ok || !f.Created {
			continue
		}
		files = append(files, NodeFile{Path: rel, Data: f.New, Mode: f.mode, UID: f.uid, GID: f.gid})
	}
	var warnings []Warning
	for _, w := range p.Warnings {
		if rel, ok := strings.CutPrefix(w.Filename, exportDir+"/"); ok {
			w.Filename = rel
			warnings = append(warnings, w)
		}
	}
	return files, warnings, nil
}

// openNewNode is [Open] with [Options.NewNode]: the host tree dir of a
// node being added, opened as Open does, and also while it holds no
// member-listing file yet.
func openNewNode(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	opts.Cluster, opts.NewNode = false, false
	c, err := Open(ctx, dir, opts)
	if !errors.Is(err, codes.TargetEmpty) {
		return c, err
	}
	base, err := folder(dir)
	if err != nil {
		return nil, err
	}
	lock, err := acquire(ctx, lockSet(base, opts), opts.Wait)
	if err != nil {
		return nil, err
	}
	rec, err := recoverJournals(ctx, lock, lockSet(base, opts))
	if err != nil {
		lock.Release()
		return nil, err
	}
	c = &Cluster{base: base, display: dir, single: true, opts: opts, lock: lock, recovered: rec,
		members: map[string]*Member{}, alias: map[string]string{}, peerCount: map[string]int{}}
	return c, nil
}

// addNodeTree plans the host tree of node itself, being added, as
// [AddOptions.Files] says.
func (c *Cluster) addNodeTree(node Node, from string, files []NodeFile) (*Plan, error) {
	if !c.single || c.files {
		return nil, errors.New("a new node's own tree is one host tree (a --root tree)")
	}
	if len(files) == 0 {
		return nil, errors.New("no files given for the new node's tree: export them from the host it copies first")
	}
	pl := newPlanner(c, "add-node", node)
	var differ []string
	seen := map[string]bool{}
	for _, nf := range files {
		if err := checkCopyPath(nf.Path); err != nil {
			return nil, err
		}
		if seen[nf.Path] {
			return nil, fmt.Errorf("%s is given twice for the new node's tree; nothing written", nf.Path)
		}
		seen[nf.Path] = true
		abs := filepath.Join(c.base, filepath.FromSlash(nf.Path))
		f := &FileChange{
			Path: nf.Path, Kind: filekind.Of(nf.Path), Created: true, New: nf.Data,
			abs: abs, mode: nf.Mode & copiedModeBits, uid: nf.UID, gid: nf.GID,
			Changes: []string{"copied from " + path.Join(from, nf.Path)},
			tree:    ".", shown: filepath.Join(c.display, filepath.FromSlash(nf.Path)),
		}
		if effectiveUID() != 0 {
			// Only root gives files away. A copy that cannot keep its
			// owner loses setuid and setgid, as cp -p does: the file,
			// whose bytes came from another host's tree, must not run
			// with this account's rights.
			f.uid, f.gid = -1, -1
			f.mode &^= fs.ModeSetuid | fs.ModeSetgid
		}
		cur, err := c.readTrusted(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case string(cur) != string(nf.Data):
			differ = append(differ, nf.Path)
		default:
			f.Created, f.Old = false, f.New
			f.Already, f.Changes = []string{"already " + f.Changes[0]}, nil
		}
		pl.p.Files = append(pl.p.Files, f)
	}
	if len(differ) > 0 {
		return nil, fmt.Errorf("%s already holds other content than the copy from %s would: %s; move those files away or fix them; nothing written",
			c.display, from, strings.Join(differ, ", "))
	}
	// No steps: the fleet's steps come from the hosts that list the node.
	return pl.p, nil
}

// checkCopyPath refuses a new node's file path that is not a plain
// relative slash path inside the runbook's copy list.
func checkCopyPath(rel string) error {
	if !fs.ValidPath(rel) || rel == "." || strings.ContainsRune(rel, '\\') {
		return fmt.Errorf("%q is not a plain relative path inside a host tree; nothing written", rel)
	}
	inList := slices.ContainsFunc(newNodeCopies, func(c string) bool { return rel == c || strings.HasPrefix(rel, c+"/") })
	inAnalytics := strings.HasPrefix(rel, "opt/msys/app/") || strings.HasPrefix(rel, "opt/msys/3rdParty/nginx/conf.d/")
	if !inList && !inAnalytics {
		return fmt.Errorf("%s is not among the files the runbook copies to a new node; nothing written", rel)
	}
	return nil
}
