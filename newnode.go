package momoconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"

	"github.com/momoconf/momoconf/cassyaml"
)

// planNewTree adds to p the files of the new node's host tree: the
// runbook's copies of the source tree's files, after the edits planned on
// it, with listen_address set to the node's IP (SPEC §5.10).
func planNewTree(c *cluster, n Node, opts Options, p *Plan) error {
	if !fs.ValidPath(opts.NewNodeDir) || path.Base(opts.NewNodeDir) != opts.NewNodeDir {
		return fmt.Errorf("new node folder %q must be a plain folder name", opts.NewNodeDir)
	}
	var src *tree
	for _, t := range c.trees {
		if t.name == opts.From {
			src = t
		}
	}
	if src == nil {
		return fmt.Errorf("no host tree %q in %s to copy from", opts.From, c.display)
	}
	dst := filepath.Join(c.base, opts.NewNodeDir)
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already exists; a new node's tree must not", filepath.Join(c.display, opts.NewNodeDir))
	}
	for _, rel := range newNodeCopies {
		if err := copyIntoPlan(src, rel, dst, opts.NewNodeDir, n, p); err != nil {
			return err
		}
	}
	return nil
}

// copyIntoPlan plans a copy of src's file or folder rel into the new tree.
func copyIntoPlan(src *tree, rel, dst, dstName string, n Node, p *Plan) error {
	from := filepath.Join(src.abs, filepath.FromSlash(rel))
	info, err := os.Lstat(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return planCopy(src, rel, info, dst, dstName, n, p)
	}
	return filepath.WalkDir(from, func(file string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		sub, err := filepath.Rel(src.abs, file)
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		return planCopy(src, filepath.ToSlash(sub), info, dst, dstName, n, p)
	})
}

// planCopy plans one copied file. A file the plan edits in the source tree
// is copied with its new bytes; the copied cassandra.yaml gets the node's
// listen_address.
func planCopy(src *tree, rel string, info fs.FileInfo, dst, dstName string, n Node, p *Plan) error {
	if info.Mode()&fs.ModeSymlink != 0 {
		// scp copies what a link names; so does the plan.
		if target, err := os.Stat(filepath.Join(src.abs, filepath.FromSlash(rel))); err == nil {
			info = target
		}
	}
	if !info.Mode().IsRegular() {
		p.warn("%s/%s: not a regular file; not copied to the new node", src.name, rel)
		return nil
	}
	abs := filepath.Join(src.abs, filepath.FromSlash(rel))
	data, err := os.ReadFile(abs)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		for _, d := range src.docs {
			if d.abs == real {
				data = d.bytes()
			}
		}
	}
	f := &FileChange{
		Path: path.Join(dstName, rel), Kind: KindOf(rel), Created: true, New: data,
		abs: filepath.Join(dst, filepath.FromSlash(rel)), mode: info.Mode().Perm(), uid: -1, gid: -1,
		Changes: []string{"copied from " + path.Join(src.name, rel)},
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		f.uid, f.gid = int(st.Uid), int(st.Gid)
	}
	if f.Kind == KindCassandraYAML {
		if err := setListenAddress(f, n); err != nil {
			return err
		}
	}
	p.Files = append(p.Files, f)
	return nil
}

func setListenAddress(f *FileChange, n Node) error {
	y, err := cassyaml.Parse(f.Path, f.New)
	if err != nil {
		return err
	}
	if _, err := y.Set("listen_address", n.IP); err != nil {
		return err
	}
	f.New = y.Bytes()
	f.Changes = append(f.Changes, "listen_address set to "+n.IP)
	return nil
}
