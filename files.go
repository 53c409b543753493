package momoconf

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
)

// FileRef names one file to edit in place and its kind. A zero Kind is
// taken from the file's name with [KindOf].
type FileRef struct {
	Path string
	Kind Kind
}

// AddNodeToFiles plans AddNode's edits on the named files only, whatever
// folder they sit in, with AddNode's checks against what they list. The
// mta_id is chosen from the msg_gen.conf files among them. A file whose
// kind cannot be told is refused, and so is a file that lists no member of
// the node's role. A node without a role whose files all list Analytics
// nodes only is taken for an Analytics node. The files' folders are locked
// while they are read, as [OpenFiles] does (without waiting).
func AddNodeToFiles(files []FileRef, node Node) (*Plan, error) {
	node.Role = filesRole(files, node.Role)
	if err := node.validate(true); err != nil {
		return nil, err
	}
	c, err := OpenFiles(context.Background(), files, 0)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.AddNode(node)
}

// RemoveNodeFromFiles plans RemoveNode's edits on the named files only.
// node.IP may be empty: it is then read from the peers of the
// msgc_server.conf files among them.
func RemoveNodeFromFiles(files []FileRef, node Node) (*Plan, error) {
	node.Role = filesRole(files, node.Role)
	if err := node.validate(false); err != nil {
		return nil, err
	}
	c, err := OpenFiles(context.Background(), files, 0)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.RemoveNode(node)
}

// loadFiles reads the named files as one tree; paths stay as given.
func loadFiles(files []FileRef) (*Cluster, error) {
	if len(files) == 0 {
		return nil, errors.New("no file named")
	}
	t := &tree{name: "."}
	c := &Cluster{base: ".", display: ".", single: true, files: true, refs: files, trees: []*tree{t}}
	l := &loader{}
	var errs []error
	seen := map[string]bool{}
	for _, f := range files {
		k := f.Kind
		if k == KindUnknown {
			k = KindOf(f.Path)
		}
		spec := specOf(k)
		if spec == nil {
			errs = append(errs, fmt.Errorf("%s: cannot tell which kind of file this is; name it with --kind", f.Path))
			continue
		}
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			return nil, err
		}
		if seen[abs] {
			continue
		}
		seen[abs] = true
		d, err := l.read(spec, abs, filepath.ToSlash(f.Path), f.Path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t.docs = append(t.docs, d)
		t.abs = filepath.Dir(abs)
		if c.journal == "" {
			c.journal = t.abs
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c.build()
	return c, nil
}
