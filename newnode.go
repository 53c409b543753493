package momoconf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

// planNewTree adds to the plan the files of the new node's host tree: the
// runbook's copies of the source tree's files, after the edits planned on
// it, with the node's own addresses in cassandra.yaml. The source must be
// a Platform node's tree.
func (pl *planner) planNewTree(n Node) error {
	c, opts := pl.c, pl.c.change
	if err := c.checkNewNodeDir(opts.NewNodeDir, n); err != nil {
		return err
	}
	src, err := c.sourceTree(opts.From)
	if err != nil {
		return err
	}
	if src.role != RolePlatform {
		return &refusal{kind: codes.NotMember, msg: fmt.Sprintf("%s is not a Platform node's tree: it holds no msg_gen.conf, msgc_server.conf, click_proxy_upstream.conf or cassandra.yaml; a new node copies a Platform node's files", filepath.Join(c.display, src.name))}
	}
	cp, err := pl.newCopier(src, n)
	if err != nil {
		return err
	}
	for _, rel := range newNodeCopies {
		if err := cp.copyPath(rel); err != nil {
			return err
		}
	}
	return cp.compareExisting()
}

// checkNewNodeDir refuses a new node folder name that is not a new folder
// directly under the cluster folder: ".", "..", an absolute path, a path
// of more than one name, or the tree of a member other than n.
func (c *Cluster) checkNewNodeDir(name string, n Node) error {
	if name == "." || name == ".." || filepath.IsAbs(name) || !fs.ValidPath(name) || path.Base(name) != name || strings.ContainsRune(name, '\\') {
		return fmt.Errorf("new node folder %q must name a new folder directly under the cluster folder %s (not \".\", \"..\", an absolute path or a path of several names); nothing written", name, c.display)
	}
	if t, err := c.treeNamed(name); err == nil && t.owner != "" && !n.matches(t.owner) {
		return &refusal{kind: codes.Conflict, msg: fmt.Sprintf("new node folder %s is the tree of member %s, not a new folder for %s; name a new folder; nothing written", filepath.Join(c.display, name), t.owner, n.Host)}
	}
	return nil
}

// compareExisting turns each planned copy that the existing new node's
// tree already holds, byte for byte, into a file already so (a re-run
// after the tree was made); a missing copy stays to create. A file that
// holds other bytes refuses the whole change, naming every such file.
func (cp *copier) compareExisting() error {
	if !cp.exists {
		return nil
	}
	var differ []string
	for _, f := range cp.files {
		cur, err := cp.pl.c.readTrusted(f.abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return err
		case !bytes.Equal(cur, f.New):
			differ = append(differ, f.Path)
			continue
		}
		f.Created, f.Old = false, f.New
		f.Already, f.Changes = []string{"already " + f.Changes[0]}, nil
	}
	if len(differ) > 0 {
		return fmt.Errorf("%s already exists and holds other content than the copy of %s would: %s; move it away or fix those files; nothing written",
			filepath.Join(cp.pl.c.display, cp.dstName), cp.src.name, strings.Join(differ, ", "))
	}
	return nil
}

// newCopier checks that the new node's folder, if it exists, is a folder,
// and returns the copier into it. An existing folder is compared with the
// planned copies once they are planned ([copier.compareExisting]).
func (pl *planner) newCopier(src *tree, n Node) (*copier, error) {
	c, name := pl.c, pl.c.change.NewNodeDir
	dst := filepath.Join(c.base, name)
	info, err := os.Lstat(dst)
	switch {
	case err == nil && !info.IsDir():
		return nil, fmt.Errorf("%s exists and is not a folder; a new node's tree must be one", filepath.Join(c.display, name))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	return &copier{pl: pl, src: src, dst: dst, dstName: name, node: n, from: c.sourceNode(src), exists: err == nil}, nil
}

// sourceTree returns the host tree named name that a new node's tree
// copies. A tree of a node removed earlier (the other trees no longer list
// it) is refused: its files are stale.
func (c *Cluster) sourceTree(name string) (*tree, error) {
	src, err := c.treeNamed(name)
	if err != nil {
		return nil, fmt.Errorf("no host tree %q in %s to copy from", name, c.display)
	}
	if src.removed {
		return nil, &refusal{kind: codes.NotMember, msg: fmt.Sprintf("%s is the tree of %s, which the other trees no longer list (a node removed earlier): its files are stale; copy from a current member's tree; nothing written", filepath.Join(c.display, src.name), src.owner)}
	}
	return src, nil
}

// sourceNode returns the node whose tree src is: its host (when known) and
// its own address.
func (c *Cluster) sourceNode(src *tree) Node {
	from := Node{IP: src.listen}
	if m, ok := c.members[src.owner]; ok {
		from.Host = m.Host
		if from.IP == "" || !isIP(from.IP) {
			from.IP = m.IP
		}
	}
	return from
}

// copier plans the copies of one source tree into the new node's tree.
type copier struct {
	pl      *planner
	src     *tree
	dst     string // absolute folder of the new tree
	dstName string
	node    Node // the node being added
	from    Node // the node whose tree is copied
	// analytics: the copies are an Analytics node's; their lists name
	// every node, and only webui's production.json is changed
	analytics bool
	exists    bool          // the new node's folder exists already
	files     []*FileChange // the copies planned
}

// copyPath plans a copy of the source's file or folder rel.
func (cp *copier) copyPath(rel string) error {
	from := filepath.Join(cp.src.abs, filepath.FromSlash(rel))
	info, err := os.Lstat(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return cp.copyFile(rel, info)
	}
	return filepath.WalkDir(from, func(file string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() && e.Name() == momoconfStateDir && file != from {
			return fs.SkipDir // momoconf's history and commit record, not the node's files
		}
		if err != nil || e.IsDir() || isMomoconfFile(e.Name()) {
			return err
		}
		sub, err := filepath.Rel(cp.src.abs, file)
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		return cp.copyFile(filepath.ToSlash(sub), info)
	})
}

// momoconfStateDir is the folder in which momoconf keeps, beside a journal,
// its commit record and the history of changes; a copy leaves it out.
const momoconfStateDir = ".momoconf"

// isMomoconfFile reports whether name is one of momoconf's own files (a
// journal, a commit record, a staged new content), which a copy leaves
// out: they belong to a change of the source tree, not to its files.
func isMomoconfFile(name string) bool {
	return strings.HasPrefix(name, ".momoconf-") || (strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".momoconf-tmp"))
}

// copyFile plans one copied file. A file the plan edits in the source tree
// is copied with its new bytes; the copied cassandra.yaml gets the node's
// own addresses; any other mention of the source node is a warning.
func (cp *copier) copyFile(rel string, info fs.FileInfo) error {
	abs := filepath.Join(cp.src.abs, filepath.FromSlash(rel))
	if info.Mode()&fs.ModeSymlink != 0 {
		// scp copies what a link names; so does the plan, when the link
		// may be followed.
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			if err := linkTrusted(abs, st); err != nil {
				return err
			}
		}
		if target, err := os.Stat(abs); err == nil {
			info = target
		}
	}
	if !info.Mode().IsRegular() {
		cp.pl.p.warn(Warning{Code: codes.CopyNotRegular, Position: srcpos.Position{Filename: path.Join(cp.src.name, rel)}, Message: "not a regular file; not copied to the new node"})
		return nil
	}
	data, err := cp.pl.c.readTrusted(abs)
	if err != nil {
		return err
	}
	d := cp.pl.docAt(cp.src, abs)
	if d != nil {
		data = cp.pl.bytesOf(d)
	}
	f := &FileChange{
		Path: path.Join(cp.dstName, rel), Kind: filekind.Of(rel), Created: true, New: data,
		abs: filepath.Join(cp.dst, filepath.FromSlash(rel)), mode: info.Mode() & copiedModeBits, uid: -1, gid: -1,
		Changes: []string{"copied from " + path.Join(cp.src.name, rel)},
		tree:    cp.dstName, shown: filepath.Join(cp.pl.c.display, cp.dstName, filepath.FromSlash(rel)), copyOf: abs,
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		f.uid, f.gid = int(st.Uid), int(st.Gid)
	}
	if euid := effectiveUID(); euid != 0 && f.uid != euid {
		// Only root gives files away: the copy is this account's, and
		// loses setuid and setgid as cp -p does, so that bytes from a
		// tree another account owns never run with this one's rights.
		f.uid, f.gid = -1, -1
		f.mode &^= fs.ModeSetuid | fs.ModeSetgid
	}
	switch {
	case cp.analytics && rel == webuiConfig:
		if err := cp.setWebuiAuth(f); err != nil {
			return err
		}
	case cp.analytics:
	case f.Kind == filekind.CassandraYAML:
		if err := cp.setAddresses(f); err != nil {
			return err
		}
		cp.warnMentions(f, d)
	default:
		cp.warnMentions(f, d)
	}
	cp.pl.p.Files = append(cp.pl.p.Files, f)
	cp.files = append(cp.files, f)
	return nil
}

// effectiveUID is os.Geteuid; a test stands in another account for root.
var effectiveUID = os.Geteuid

// copiedModeBits are the mode bits a copy keeps: permissions, setuid,
// setgid and sticky.
const copiedModeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// setAddresses sets listen_address to the node's IP, and every other
// per-node address key that holds the source node's own address.
func (cp *copier) setAddresses(f *FileChange) error {
	y, err := cassyaml.Parse(f.Path, f.New)
	if err != nil {
		return err
	}
	for _, key := range nodeAddressKeys {
		v, ok := y.Get(key)
		if !ok || (key != "listen_address" && !cp.isSource(v)) {
			continue
		}
		if _, err := y.Set(key, cp.node.IP); err != nil {
			return err
		}
		f.Changes = append(f.Changes, key+" set to "+cp.node.IP)
	}
	f.New = y.Bytes()
	return nil
}

// isSource reports whether v names the source node: its address or host.
func (cp *copier) isSource(v string) bool {
	return v != "" && ((cp.from.IP != "" && sameIP(v, cp.from.IP)) || (cp.from.Host != "" && v == cp.from.Host))
}

// warnMentions warns about each line of the copy that still names the
// source node, other than the member lists (which name every node).
func (cp *copier) warnMentions(f *FileChange, d *doc) {
	re := mentionPattern(cp.from)
	if re == nil {
		return
	}
	entries := map[int]bool{}
	if d != nil {
		if parsed, err := d.spec.parse(f.Path, f.New); err == nil {
			for _, l := range parsed.lists() {
				for _, e := range l.entries {
					entries[e.pos.Line] = true
				}
			}
		}
	}
	for i, line := range bytes.Split(f.New, []byte("\n")) {
		m := re.FindSubmatch(line)
		if entries[i+1] || m == nil {
			continue
		}
		cp.pl.p.warn(Warning{Code: codes.CopyMentions, Position: srcpos.Position{Filename: f.Path, Line: i + 1}, Message: fmt.Sprintf(
			"still names %s, the node it was copied from; check what the new node needs there", m[1])})
	}
}

// mentionPattern matches the node's host or address as a whole word (the
// first group), or is nil when neither is known.
func mentionPattern(n Node) *regexp.Regexp {
	var alts []string
	for _, s := range []string{n.Host, n.IP} {
		if s != "" {
			alts = append(alts, regexp.QuoteMeta(s))
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return regexp.MustCompile(`(?i)(?:^|[^\w.-])(` + strings.Join(alts, "|") + `)(?:$|[^\w-]|\.(?:$|\W))`)
}
