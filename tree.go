package momoconf

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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
	parse *parsed  // the parse of its content, shared by identical files
	key   parseKey // its kind and a hash of its content
}

func (d *doc) kind() Kind { return d.spec.kind }

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
	mu   sync.Mutex
	spec *kindSpec
	src  []byte
	v    content // nil before the first parse and after a take
}

// parseHook, when set (by a test), is called before each parse of a
// member-listing file's content.
var parseHook func(k Kind, src []byte)

// parseContent parses src, the content of a file of spec's kind called
// name.
func parseContent(spec *kindSpec, name string, src []byte) (content, error) {
	if parseHook != nil {
		parseHook(spec.kind, src)
	}
	return spec.parse(name, src)
}

// get returns the shared parse, parsing the bytes (errors naming the file
// as name) when there is none. A failed parse is not kept: each file
// holding those bytes reports its own error.
func (p *parsed) get(name string) (content, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.v == nil {
		v, err := parseContent(p.spec, name, p.src)
		if err != nil {
			return nil, err
		}
		p.v = v
	}
	return p.v, nil
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
	return parseContent(p.spec, name, p.src)
}

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
// trees mostly hold identical copies, which then share one parse and one
// buffer. It is safe for concurrent use.
type loader struct {
	mu    sync.Mutex           // guards known and dirs
	known map[parseKey]*parsed // each distinct content read, by its key
	dirs  map[string]string    // a folder's absolute path → that path, links resolved
}

// parseKey names one distinct (kind, content): two files have the same
// key exactly when their kinds and bytes are the same.
type parseKey struct {
	kind Kind
	hash uint64 // the content's hash
	nth  int    // which of the distinct contents with that hash
}

// contentSeed seeds the content hashes of one process.
var contentSeed = maphash.MakeSeed()

// intern returns the key of (spec's kind, src) and the parse shared by
// every file with that content, which keeps the first copy's bytes (src,
// a buffer to reuse, never is kept). Contents are compared byte for byte:
// a hash collision only makes a new key.
func (l *loader) intern(spec *kindSpec, src []byte) (parseKey, *parsed) {
	key := parseKey{kind: spec.kind, hash: maphash.Bytes(contentSeed, src)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.known == nil {
		l.known = map[parseKey]*parsed{}
	}
	for ; ; key.nth++ {
		p, ok := l.known[key]
		if !ok {
			p = &parsed{spec: spec, src: bytes.Clone(src)} // src may be a reused read buffer
			l.known[key] = p
			return key, p
		}
		if bytes.Equal(p.src, src) {
			return key, p
		}
	}
}

// located is a file found on disk: the file it names once links are
// followed, and that file's information.
type located struct {
	target string
	info   fs.FileInfo
}

// locate finds the file at abs with one lstat, and a stat more only when
// abs is a link. The folders above it are resolved once for all the files
// below them. A missing file, or a link to nothing, gives an error
// wrapping fs.ErrNotExist.
func (l *loader) locate(abs string) (located, error) {
	info, err := os.Lstat(abs)
	if err != nil {
		return located{}, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		// A link is followed: the file it names is the one to replace,
		// so that the link itself stays a link.
		if info, err = os.Stat(abs); err != nil {
			return located{}, err
		}
		target, err := filepath.EvalSymlinks(abs)
		return located{target, info}, err
	}
	dir, err := l.realDir(filepath.Dir(abs))
	return located{filepath.Join(dir, filepath.Base(abs)), info}, err
}

// realDir returns the absolute folder path dir with every link in it
// resolved, as filepath.EvalSymlinks does, remembering each folder's
// answer.
func (l *loader) realDir(dir string) (string, error) {
	l.mu.Lock()
	real, ok := l.dirs[dir]
	l.mu.Unlock()
	if ok {
		return real, nil
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return dir, nil
	}
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return "", err
	case info.Mode()&fs.ModeSymlink != 0:
		if real, err = filepath.EvalSymlinks(dir); err != nil {
			return "", err
		}
	default:
		if real, err = l.realDir(parent); err != nil {
			return "", err
		}
		real = filepath.Join(real, filepath.Base(dir))
	}
	l.mu.Lock()
	if l.dirs == nil {
		l.dirs = map[string]string{}
	}
	l.dirs[dir] = real
	l.mu.Unlock()
	return real, nil
}

// read reads and parses the file at abs.
func (l *loader) read(spec *kindSpec, abs, rel, shown string) (*doc, error) {
	at, err := l.locate(abs)
	if err != nil {
		return nil, err
	}
	return l.readAt(spec, at, rel, shown)
}

// readAt reads and parses a located file.
func (l *loader) readAt(spec *kindSpec, at located, rel, shown string) (*doc, error) {
	if !at.info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	buf := scratchBufs.Get().(*[]byte)
	defer scratchBufs.Put(buf)
	if err := readSized(at.target, at.info.Size(), buf); err != nil {
		return nil, err
	}
	return l.newDoc(spec, at, *buf, rel, shown)
}

// newDoc makes the doc of a file read, parsing its content unless an
// identical copy was parsed before.
func (l *loader) newDoc(spec *kindSpec, at located, src []byte, rel, shown string) (*doc, error) {
	key, p := l.intern(spec, src)
	d := &doc{spec: spec, rel: rel, abs: at.target, shown: shown, info: at.info, old: p.src, key: key, parse: p}
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
	root := l.openRoot(abs)
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Go(func() { found[i], errs[i] = l.loadKind(spec, root, base, display) })
	}
	wg.Wait()
	root.close()
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
func (l *loader) loadKind(spec *kindSpec, root *treeRoot, base, display string) (*doc, error) {
	for _, p := range spec.paths {
		file := filepath.Join(root.abs, filepath.FromSlash(p))
		rel, err := filepath.Rel(base, file)
		if err != nil {
			return nil, err
		}
		rel, shown := filepath.ToSlash(rel), filepath.Join(display, rel)
		buf := scratchBufs.Get().(*[]byte)
		at, err := root.readBeneath(p, buf)
		if err == nil {
			d, err := l.newDoc(spec, at, *buf, rel, shown)
			scratchBufs.Put(buf)
			return d, err
		}
		scratchBufs.Put(buf)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		}
		// A link on the way, or anything unusual: the careful path.
		at, err = l.locate(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return l.readAt(spec, at, rel, shown)
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
