package momoconf

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// tree is one host tree, the member-listing files found in it, and what
// the model makes of it.
type tree struct {
	name string // folder name below the cluster folder; "." for a single tree
	abs  string // absolute path of the tree's root
	docs []*doc // in Kinds() order

	role    Role   // RolePlatform when it holds a file only Platform hosts hold
	listen  string // its cassandra.yaml listen_address, or ""
	owner   string // the member whose tree it is (by listen_address or folder name), or ""
	byName  bool   // owner was found by the folder's name: listen_address names no member
	removed bool   // the tree of a member that the other trees no longer list
}

// doc is one member-listing file of a tree, as read.
type doc struct {
	spec  *kindSpec
	rel   string // slash path relative to the folder the user named
	abs   string // the file to write: symbolic links resolved
	shown string // the path as the user can open it, for errors
	old   []byte
	info  fs.FileInfo
	view  content  // the parsed file, read only; shared by identical files
	key   parseKey // its kind and a hash of its content
}

func (d *doc) kind() Kind { return d.spec.kind }

// doc returns the tree's file of kind k, or nil.
func (t *tree) doc(k Kind) *doc {
	for _, d := range t.docs {
		if d.kind() == k {
			return d
		}
	}
	return nil
}

// loader reads files and parses each distinct (kind, content) once: host
// trees mostly hold identical copies.
type loader struct {
	parsed map[parseKey]content
}

type parseKey struct {
	kind Kind
	sum  [sha256.Size]byte
}

// read reads and parses the file at abs.
func (l *loader) read(spec *kindSpec, abs, rel, shown string) (*doc, error) {
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
	key := parseKey{spec.kind, sha256.Sum256(src)}
	d := &doc{spec: spec, rel: rel, abs: target, shown: shown, info: info, old: src, key: key}
	if v, ok := l.parsed[key]; ok {
		d.view = v
		return d, nil
	}
	if d.view, err = spec.parse(shown, src); err != nil {
		return nil, err
	}
	l.parsed[key] = d.view
	return d, nil
}

// loadTree reads the member-listing files of the host tree at root. The
// paths it reports are relative to base (shown joined to display).
func (l *loader) loadTree(name, root, base, display string) (*tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	t := &tree{name: name, abs: abs}
	var errs []error
	for _, spec := range specs {
		for _, p := range spec.paths {
			file := filepath.Join(abs, filepath.FromSlash(p))
			if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			rel, err := filepath.Rel(base, file)
			if err != nil {
				return nil, err
			}
			d, err := l.read(spec, file, filepath.ToSlash(rel), filepath.Join(display, rel))
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

// loadTrees reads dir as one host tree or, with opts.Cluster, as a folder
// of host trees. Every file that fails to parse is reported.
func loadTrees(dir string, opts Options) (*Cluster, error) {
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
	l := &loader{parsed: map[parseKey]content{}}
	c := &Cluster{base: base, display: dir, single: !opts.Cluster, opts: opts}
	if !opts.Cluster {
		t, err := l.loadTree(".", base, base, dir)
		if t != nil && len(t.docs) > 0 {
			c.trees = []*tree{t}
		}
		return c, err
	}
	names, err := hostDirs(base)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, name := range names {
		t, err := l.loadTree(name, filepath.Join(base, name), base, dir)
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

// hostDirs returns the names of the host folders of the cluster folder
// base: its sub-folders, hidden ones aside, including symbolic links to
// folders (a host tree kept elsewhere is a host tree like any other).
func hostDirs(base string) ([]string, error) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(filepath.Join(base, e.Name()))
			isDir = err == nil && info.IsDir()
		}
		if isDir {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// emptyTarget explains a folder in which no member-listing file was found,
// saying what it looks like instead where it can tell.
func emptyTarget(dir string, opts Options) error {
	e := &targetError{dir: dir, cluster: opts.Cluster}
	probe := filepath.Join(dir, "opt", "msys")
	if opts.Cluster {
		if _, err := os.Stat(probe); err == nil {
			e.looks = "it looks like a host tree (it holds opt/msys): give it as a host tree (--root)"
		}
		return e
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*", "opt", "msys")); len(matches) > 0 {
		rel, _ := filepath.Rel(dir, matches[0])
		e.looks = fmt.Sprintf("it looks like a cluster folder (it holds %s): give it as a cluster folder (--cluster)", filepath.ToSlash(rel))
	}
	return e
}
