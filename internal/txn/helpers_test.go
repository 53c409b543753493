package txn

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// errInjected is the error a faultFS call fails with.
var errInjected = fmt.Errorf("injected fault: %w", syscall.EIO)

// errCrashed is what every call returns once a faultFS has "crashed".
var errCrashed = errors.New("crashed")

// faultFS is the real file system with a finger on every call: it counts
// them, logs them, and fails the ones fail picks. Once crashAt is reached
// every call fails and does nothing, as if the process had died there
// (kill -9): nothing after it, not even cleanup, reaches the disk.
type faultFS struct {
	osFS
	calls   int
	log     []string
	fail    func(i int, op, name string) bool
	before  func(i int, op, name string)
	crashAt int // -1: never
	crashed bool
}

func newFaultFS() *faultFS { return &faultFS{crashAt: -1} }

// realName spells out the folders a name reaches through /proc/self/fd
// (one or two, for a rename), so that logs and tests see real paths.
func realName(name string) string {
	const proc = "/proc/self/fd/"
	for {
		i := strings.Index(name, proc)
		if i < 0 {
			return name
		}
		j := i + len(proc)
		for j < len(name) && name[j] >= '0' && name[j] <= '9' {
			j++
		}
		dir, err := os.Readlink(name[i:j])
		if err != nil {
			return name
		}
		name = name[:i] + dir + name[j:]
	}
}

func (f *faultFS) step(op, name string) error {
	name = realName(name)
	i := f.calls
	f.calls++
	f.log = append(f.log, op+" "+name)
	if f.before != nil && !f.crashed {
		f.before(i, op, name)
	}
	if f.crashed || i == f.crashAt {
		f.crashed = true
		return &fs.PathError{Op: op, Path: name, Err: errCrashed}
	}
	if f.fail != nil && f.fail(i, op, name) {
		return &fs.PathError{Op: op, Path: name, Err: errInjected}
	}
	return nil
}

func (f *faultFS) CreateExcl(name string, perm fs.FileMode) (wfile, error) {
	if err := f.step("create", name); err != nil {
		return nil, err
	}
	w, err := f.osFS.CreateExcl(name, perm)
	if err != nil {
		return nil, err
	}
	return &faultFile{faultAttrs: faultAttrs{a: w, fs: f, name: name}, w: w}, nil
}

func (f *faultFS) ReadFile(name string) ([]byte, error) {
	if err := f.step("read", name); err != nil {
		return nil, err
	}
	return f.osFS.ReadFile(name)
}

func (f *faultFS) ReadTrusted(dir, name string) ([]byte, error) {
	if err := f.step("readtrusted", filepath.Join(dir, name)); err != nil {
		return nil, err
	}
	return f.osFS.ReadTrusted(dir, name)
}

func (f *faultFS) Lstat(name string) (fs.FileInfo, error) {
	if err := f.step("lstat", name); err != nil {
		return nil, err
	}
	return f.osFS.Lstat(name)
}

func (f *faultFS) Rename(o, n string) error {
	if err := f.step("rename", o+" -> "+n); err != nil {
		return err
	}
	return f.osFS.Rename(o, n)
}

func (f *faultFS) Remove(name string) error {
	if err := f.step("remove", name); err != nil {
		return err
	}
	return f.osFS.Remove(name)
}

func (f *faultFS) Mkdir(name string, perm fs.FileMode) error {
	if err := f.step("mkdir", name); err != nil {
		return err
	}
	return f.osFS.Mkdir(name, perm)
}

func (f *faultFS) OpenDir(name string) (attrFile, error) {
	if err := f.step("opendir", name); err != nil {
		return nil, err
	}
	d, err := f.osFS.OpenDir(name)
	if err != nil {
		return nil, err
	}
	return &faultAttrs{a: d, fs: f, name: name}, nil
}

func (f *faultFS) ListXattr(name string) ([]string, error) {
	if err := f.step("listxattr", name); err != nil {
		return nil, err
	}
	return f.osFS.ListXattr(name)
}

func (f *faultFS) GetXattr(name, attr string) ([]byte, error) {
	if err := f.step("getxattr", name); err != nil {
		return nil, err
	}
	return f.osFS.GetXattr(name, attr)
}

// SyncDir and Sync count and fail like every call but do not reach the
// disk: these tests check the sequence of steps, not the disk's
// durability (which no test on a live system can), and real syncs would
// make them slow.
func (f *faultFS) SyncDir(name string) error {
	return f.step("syncdir", name)
}

// faultAttrs is an open file or folder whose every call counts and may
// fail like the file system's.
type faultAttrs struct {
	a    attrFile
	fs   *faultFS
	name string
}

func (f *faultAttrs) Stat() (fs.FileInfo, error) {
	if err := f.fs.step("fstat", f.name); err != nil {
		return nil, err
	}
	return f.a.Stat()
}

func (f *faultAttrs) Chown(uid, gid int) error {
	if err := f.fs.step("fchown", f.name); err != nil {
		return err
	}
	return f.a.Chown(uid, gid)
}

func (f *faultAttrs) Chmod(mode fs.FileMode) error {
	if err := f.fs.step("fchmod", f.name); err != nil {
		return err
	}
	return f.a.Chmod(mode)
}

// Close always closes the descriptor (a dead process's descriptors close
// too) but reports the fault.
func (f *faultAttrs) Close() error {
	err := f.fs.step("close", f.name)
	if cerr := f.a.Close(); err == nil {
		err = cerr
	}
	return err
}

// faultFile is a faultAttrs open for writing.
type faultFile struct {
	faultAttrs
	w wfile
}

func (f *faultFile) Write(p []byte) (int, error) {
	if err := f.fs.step("write", f.name); err != nil {
		return 0, err
	}
	return f.w.Write(p)
}

func (f *faultFile) Sync() error {
	return f.fs.step("sync", f.name)
}

func (f *faultFile) GetXattr(attr string) ([]byte, error) {
	if err := f.fs.step("fgetxattr", f.name); err != nil {
		return nil, err
	}
	return f.w.GetXattr(attr)
}

func (f *faultFile) SetXattr(attr string, v []byte) error {
	if err := f.fs.step("fsetxattr", f.name); err != nil {
		return err
	}
	return f.w.SetXattr(attr, v)
}

// fixture is a small cluster: three files rewritten (one with odd mode
// bits), one file created in an existing folder, two created in new
// nested folders.
type fixture struct {
	root    string // everything lives under it
	journal string
}

var fixtureOld = map[string]string{
	"hosts/a/ecelerity.conf":  "a old\n",
	"hosts/a/nginx.conf":      "upstream x {\n}\n",
	"hosts/b/ecelerity.conf":  "b old\n",
	"cluster/production.json": "{}\n",
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	root := t.TempDir()
	fx := &fixture{root: root, journal: root}
	for rel, content := range fixtureOld {
		p := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	require.NoError(t, os.Chmod(filepath.Join(root, "hosts/a/nginx.conf"), 0o640|fs.ModeSetgid))
	return fx
}

// tx is the change: deterministic, so a child process builds the same.
func (fx *fixture) tx() *Tx {
	p := func(rel string) string { return filepath.Join(fx.root, rel) }
	return &Tx{
		JournalDir: fx.journal,
		Dirs: []Dir{
			{Path: p("hosts/c"), Display: "hosts/c", Mode: 0o750 | fs.ModeSetgid, UID: -1, GID: -1},
			{Path: p("hosts/c/conf"), Display: "hosts/c/conf", Mode: 0o755, UID: -1, GID: -1},
			{Path: p("history"), Display: "history", Mode: 0o700, UID: -1, GID: -1},
		},
		Files: []File{
			{Path: p("hosts/a/ecelerity.conf"), Display: "hosts/a/ecelerity.conf", Old: []byte("a old\n"), New: []byte("a new\n")},
			{Path: p("hosts/a/nginx.conf"), Display: "hosts/a/nginx.conf", Old: []byte("upstream x {\n}\n"), New: []byte("upstream x {\n  server c;\n}\n")},
			{Path: p("hosts/b/ecelerity.conf"), Display: "hosts/b/ecelerity.conf", Old: []byte("b old\n"), New: []byte("b new\n")},
			{Path: p("cluster/production.json"), Display: "cluster/production.json", Old: []byte("{}\n"), New: []byte("{\"c\":1}\n")},
			{Path: p("hosts/a/extra.conf"), Display: "hosts/a/extra.conf", New: []byte("extra\n"), Create: true, Mode: 0o600, UID: -1, GID: -1},
			{Path: p("hosts/c/conf/ecelerity.conf"), Display: "hosts/c/conf/ecelerity.conf", New: []byte("c\n"), Create: true, Mode: 0o644, UID: -1, GID: -1},
			{Path: p("hosts/c/production.json"), Display: "hosts/c/production.json", New: []byte("{}\n"), Create: true, Mode: 0o644, UID: -1, GID: -1},
			// A record of the change, as the history keeps one: its content
			// (the time of the run) may differ when prepared again.
			{Path: p("history/1.json"), Display: "history/1.json", New: []byte("record 1\n"), Create: true, Mode: 0o600, UID: -1, GID: -1, Volatile: true},
		},
	}
}

func (fx *fixture) lock(t testing.TB) *Lock {
	t.Helper()
	l, err := Acquire(context.Background(), fx.tx().LockDirs(), 0)
	require.NoError(t, err)
	t.Cleanup(l.Release)
	return l
}

// snapshot is every entry under root: kind, mode bits, owner, content,
// user extended attributes.
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		uid, gid := owner(info)
		desc := fmt.Sprintf("%v %d:%d", info.Mode(), uid, gid)
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += " " + string(b)
		}
		desc += userXattrs(p)
		rel, _ := filepath.Rel(root, p)
		snap[rel] = desc
		return nil
	})
	require.NoError(t, err)
	return snap
}

func userXattrs(p string) string {
	names, err := osFS{}.ListXattr(p)
	if err != nil {
		return ""
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		v, _ := getXattr(p, n)
		fmt.Fprintf(&b, " [%s=%q]", n, v)
	}
	return b.String()
}

// newContents maps each file of tx to its new content (all-new state).
func contents(tx *Tx, new bool) map[string]string {
	m := map[string]string{}
	for _, f := range tx.Files {
		switch {
		case new:
			m[f.Path] = string(f.New)
		case !f.Create:
			m[f.Path] = string(f.Old)
		}
	}
	return m
}

// stateOf reports whether the files of tx are all old ("old"), all new
// ("new") or mixed ("mixed").
func stateOf(t testing.TB, tx *Tx) string {
	t.Helper()
	isAll := func(new bool) bool {
		for _, f := range tx.Files {
			b, err := os.ReadFile(f.Path)
			want, exists := contents(tx, new)[f.Path]
			if exists != (err == nil) || exists && string(b) != want {
				return false
			}
		}
		return true
	}
	switch {
	case isAll(false):
		return "old"
	case isAll(true):
		return "new"
	}
	return "mixed"
}

func setUserXattr(t *testing.T, p, name, value string) {
	t.Helper()
	err := unix.Lsetxattr(p, name, []byte(value), 0)
	if xattrUnsupported(err) {
		t.Skipf("the file system of %s keeps no user extended attributes: %v", p, err)
	}
	require.NoError(t, err)
}

// hupDefault makes the children this test starts get SIGHUP's default
// action even when the test itself runs under nohup: a signal ignored
// stays ignored across exec, a caught one is reset to its default. It
// catches SIGHUP until the test ends (then it is ignored again, if it
// was).
func hupDefault(t *testing.T) {
	t.Helper()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	t.Cleanup(func() { signal.Stop(ch) })
}

func waitFor(t *testing.T, path string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not appear within %v", path, d)
}
