package momoconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/hostfs"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/momoconf/momoconf/srcpos"
)

// tree is one host tree, the member-listing files found in it, and what
// the model makes of it.
type tree struct {
	name string // folder name below the cluster folder; "." for a single tree
	abs  string // absolute path of the tree's root
	docs []*doc // in filekind.All() order

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
	parse *parsed  // the parse of its content, shared by identical files
	key   parseKey // its kind and a hash of its content
}

func (d *doc) kind() filekind.Kind { return d.spec.kind }

// at returns p, a place in d's content, named as d is shown: a parse
// shared by identical files names the first of them.
func (d *doc) at(p srcpos.Position) srcpos.Position {
	p.Filename = d.shown
	return p
}

// view returns the parsed file, read only, shared by identical files.
func (d *doc) view() content {
	v, err := d.parse.get(d.shown)
	if err != nil {
		// The same bytes parsed at load; a parser that fails on them
		// now is broken.
		panic(fmt.Sprintf("momoconf: %s no longer parses: %v", d.shown, err))
	}
	return v
}

// parsed is the parse of one distinct (kind, content). The parse made at
// load is the model every reader shares; an edit takes it (take) and
// changes it in place, and the model is then parsed again from the same
// bytes only if something reads it afterwards. So each distinct file is
// parsed once in a run that reads its model before its edits, as status,
// add-node and remove-node do.
type parsed struct {
	mu     sync.Mutex
	spec   *kindSpec
	src    []byte
	v      content      // nil before the first parse and after a take
	lists  []memberList // what src lists, from its first parse (edits do not change src)
	listed bool         // lists is set
}

// parseHook, when set (by a test), is called before each parse of a
// member-listing file's content.
var parseHook func(k filekind.Kind, src []byte)

// parseContent parses src, the content of a file of spec's kind called
// name.
func parseContent(spec *kindSpec, name string, src []byte) (content, []memberList, error) {
	if parseHook != nil {
		parseHook(spec.kind, src)
	}
	v, err := spec.parse(name, src)
	if err != nil {
		return nil, nil, err
	}
	lists := v.lists()
	if err := checkNames(name, src, v, lists); err != nil {
		return nil, nil, err
	}
	return v, lists, nil
}

// get returns the shared parse, parsing the bytes (errors naming the file
// as name) when there is none. A failed parse is not kept: each file
// holding those bytes reports its own error.
func (p *parsed) get(name string) (content, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.v == nil {
		v, lists, err := parseContent(p.spec, name, p.src)
		if err != nil {
			return nil, err
		}
		p.v = v
		if !p.listed {
			p.lists, p.listed = lists, true
		}
	}
	return p.v, nil
}

// memberLists returns what the bytes list, from their first parse: the
// lists every identical copy shares, read only.
func (p *parsed) memberLists(name string) []memberList {
	p.mu.Lock()
	listed := p.listed
	p.mu.Unlock()
	if !listed {
		if _, err := p.get(name); err != nil {
			panic(fmt.Sprintf("momoconf: %s no longer parses: %v", name, err))
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lists
}

// take returns a parse of the content for an edit to change in place:
// the shared one, which readers no longer see (they parse the bytes again
// if they read it later), or a fresh parse when another edit took it.
func (p *parsed) take(name string) (content, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.v
	p.v = nil
	if v != nil {
		return v, nil
	}
	v, lists, err := parseContent(p.spec, name, p.src)
	if err == nil && !p.listed {
		p.lists, p.listed = lists, true
	}
	return v, err
}

// doc returns the tree's file of kind k, or nil.
func (t *tree) doc(k filekind.Kind) *doc {
	for _, d := range t.docs {
		if d.kind() == k {
			return d
		}
	}
	return nil
}

// loader reads files (through hostfs, which keeps one copy of each
// distinct content) and parses each distinct (kind, content) once: host
// trees mostly hold identical copies, which then share one parse and one
// buffer. It is safe for concurrent use.
type loader struct {
	fs    hostfs.Reader
	mu    sync.Mutex           // guards known
	known map[parseKey]*parsed // each distinct (kind, content) read
}

// parseKey names one distinct (kind, content): two files have the same
// key exactly when their kinds and bytes are the same.
type parseKey struct {
	kind    filekind.Kind
	content hostfs.Key
}

// intern returns the key of (spec's kind, c) and the parse shared by
// every file of that kind with that content, which holds c's shared
// bytes.
func (l *loader) intern(spec *kindSpec, c hostfs.Content) (parseKey, *parsed) {
	key := parseKey{kind: spec.kind, content: c.Key}
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.known[key]
	if !ok {
		if l.known == nil {
			l.known = map[parseKey]*parsed{}
		}
		p = &parsed{spec: spec, src: c.Bytes}
		l.known[key] = p
	}
	return key, p
}

// read reads and parses the file at abs, following links.
func (l *loader) read(spec *kindSpec, abs, rel, shown string) (*doc, error) {
	f, err := l.fs.Locate(abs)
	if err != nil {
		return nil, err
	}
	return l.readAt(spec, f, rel, shown)
}

// readAt reads and parses a located file.
func (l *loader) readAt(spec *kindSpec, f hostfs.File, rel, shown string) (*doc, error) {
	if !f.Info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	c, err := l.fs.ReadFile(f)
	if err != nil {
		return nil, err
	}
	return l.newDoc(spec, f, c, rel, shown)
}

// newDoc makes the doc of a file read, parsing its content unless an
// identical copy of the same kind was parsed before.
func (l *loader) newDoc(spec *kindSpec, f hostfs.File, c hostfs.Content, rel, shown string) (*doc, error) {
	key, p := l.intern(spec, c)
	d := &doc{spec: spec, rel: rel, abs: f.Path, shown: shown, info: f.Info, old: p.src, key: key, parse: p}
	if _, err := p.get(shown); err != nil {
		return nil, err
	}
	return d, nil
}

// loadTree reads the member-listing files of the host tree at dir, each
// kind's file at the same time as the others. The paths it reports are
// relative to base (shown joined to display).
func (l *loader) loadTree(name, dir, base, display string) (*tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	found := make([]*doc, len(specs))
	errs := make([]error, len(specs))
	root := l.fs.OpenRoot(abs)
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Go(func() { found[i], errs[i] = l.loadKind(spec, root, base, display) })
	}
	wg.Wait()
	root.Close()
	t := &tree{name: name, abs: abs}
	for _, d := range found {
		if d != nil {
			t.docs = append(t.docs, d)
		}
	}
	return t, errors.Join(errs...)
}

// loadKind reads the tree's file of one kind: the first of the kind's
// paths that exists, or none.
func (l *loader) loadKind(spec *kindSpec, root *hostfs.Root, base, display string) (*doc, error) {
	for _, p := range spec.kind.Paths() {
		file := filepath.Join(root.Dir(), filepath.FromSlash(p))
		rel, err := filepath.Rel(base, file)
		if err != nil {
			return nil, err
		}
		rel, shown := filepath.ToSlash(rel), filepath.Join(display, rel)
		f, c, err := root.ReadBeneath(p)
		if err == nil {
			return l.newDoc(spec, f, c, rel, shown)
		}
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		// A link on the way, or anything unusual: the careful path.
		f, err = l.fs.Locate(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return l.readAt(spec, f, rel, shown)
	}
	return nil, nil
}

// loadTrees reads dir as one host tree or, with cluster, as a folder of
// host trees, and returns its absolute path and the trees that hold a
// member-listing file, sorted by name; the cluster is built from them.
// Every file that fails to parse is reported.
func loadTrees(dir string, cluster bool) (string, []*tree, error) {
	base, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	info, err := os.Stat(base)
	if err != nil {
		return "", nil, err
	}
	if !info.IsDir() {
		return "", nil, fmt.Errorf("%s: not a folder", dir)
	}
	l := &loader{}
	l.fs.Below, l.fs.Link = base, linkTrusted
	if !cluster {
		t, err := l.loadTree(".", base, base, dir)
		if t != nil && len(t.docs) > 0 {
			return base, []*tree{t}, err
		}
		return base, nil, err
	}
	names, err := hostDirs(base)
	if err != nil {
		return "", nil, err
	}
	var trees []*tree
	var errs []error
	for _, name := range names {
		t, err := l.loadTree(name, filepath.Join(base, name), base, dir)
		if err != nil {
			errs = append(errs, err)
		}
		if t != nil && len(t.docs) > 0 {
			trees = append(trees, t)
		}
	}
	sort.Slice(trees, func(i, j int) bool { return trees[i].name < trees[j].name })
	return base, trees, errors.Join(errs...)
}

// linkTrusted allows the symbolic link at path, with status st, to be
// followed when it is owned by root or by the account running momoconf.
// A link in a host tree, or a host folder that is a link, owned by any
// other account is refused: whoever can write a host tree must not be able
// to point a run (as root, above all) at a file outside it.
func linkTrusted(path string, st *syscall.Stat_t) error {
	if st.Uid == 0 || int(st.Uid) == os.Geteuid() {
		return nil
	}
	return &txn.UntrustedError{Path: path, UID: int(st.Uid), Reason: "a symbolic link owned by another account; momoconf follows only links owned by root or by the account running it"}
}

// readTrusted reads the regular file at path below the cluster's folder
// as the loader reads member files: every link on its way, a folder's as
// well as the file's, is followed only when linkTrusted allows it (each
// link of a chain); the path so resolved is then opened refusing any link,
// so a folder or file swapped for a link after the lookup is not
// followed; a named pipe is refused rather than waited on; and a file over
// hostfs.MaxFileSize is refused by its size.
func (c *Cluster) readTrusted(path string) ([]byte, error) {
	c.carefulOnce.Do(func() { c.careful.Below, c.careful.Link = c.base, linkTrusted })
	f, err := c.careful.Locate(path)
	if err != nil {
		return nil, err
	}
	if !f.Info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
	}
	content, err := c.careful.ReadFile(f)
	if err != nil {
		return nil, err
	}
	return content.Bytes, nil
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
