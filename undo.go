package momoconf

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/history"
	"github.com/momoconf/momoconf/internal/txn"
)

// undoing is what an undo plan changes besides its files: the folders the
// change created, to remove, and the mode and owner of the folders it
// removed, to create again.
type undoing struct {
	removeDirs []txn.Dir                     // children first
	dirModes   map[string]history.RemovedDir // by absolute path
}

// addTo puts the folders of an undo into its transaction.
func (u *undoing) addTo(tx *txn.Tx) {
	if u == nil {
		return
	}
	tx.RemoveDirs = append(tx.RemoveDirs, u.removeDirs...)
	for i := range tx.Dirs {
		if d, ok := u.dirModes[tx.Dirs[i].Path]; ok {
			tx.Dirs[i].Mode, tx.Dirs[i].UID, tx.Dirs[i].GID = fs.FileMode(d.Mode), d.UID, d.GID
		}
	}
}

// Undo plans to undo change id of the folder's history ("" is the latest
// change): every file the change rewrote gets its previous content back,
// every file and folder it created is removed, every file and folder it
// removed comes back with its content, mode and owner. The plan is
// applied like any other, all or nothing, and is itself recorded in the
// history, so that it can be undone in turn.
//
// Undo refuses, with an error matching [codes.UndoRefused] that names the
// files, when a file no longer holds exactly what the change wrote (a hand
// edit since, say), when a folder the change created holds anything it
// did not create, or when a later change touched the same files (the
// error names it: undo that one first). A record another account could
// have written is refused too ([codes.Untrusted]). Every recorded path is
// resolved under the folder without following a symbolic link (a host
// folder of a cluster may be one).
func (c *Cluster) Undo(id string) (*Plan, error) {
	if c.files {
		return nil, fmt.Errorf("named files keep no history: open the cluster folder or the host tree")
	}
	recs, err := history.List(c.base)
	if err != nil {
		return nil, err
	}
	rec, err := pickRecord(recs, id, c.display)
	if err != nil {
		return nil, err
	}
	if err := laterChange(recs, rec); err != nil {
		return nil, err
	}
	p := newPlan("undo", Node{}, c)
	p.command, p.Undoes = "undo "+rec.ID, rec.ID
	p.undo = &undoing{dirModes: map[string]history.RemovedDir{}}
	var changed []string
	for _, f := range rec.Files {
		fc, why, err := c.undoFile(rec, f)
		if err != nil {
			return nil, err
		}
		if why != "" {
			changed = append(changed, f.Path+" ("+why+")")
			continue
		}
		p.Files = append(p.Files, fc)
	}
	if len(changed) > 0 {
		return nil, fmt.Errorf("%w: change %s (%s): changed since it: %s; nothing written", codes.UndoRefused, rec.ID, rec.Command, strings.Join(changed, ", "))
	}
	if err := c.undoDirs(p, rec); err != nil {
		return nil, err
	}
	return p, nil
}

// pickRecord returns the record of change id, or the latest for "".
func pickRecord(recs []*history.Record, id, folder string) (*history.Record, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: %s has no change in its history", codes.UndoRefused, folder)
	}
	if id == "" {
		return recs[0], nil
	}
	var ids []string
	for _, r := range recs {
		if r.ID == id {
			return r, nil
		}
		ids = append(ids, r.ID)
	}
	return nil, fmt.Errorf("%w: no change %s in the history of %s (it holds %s)", codes.UndoRefused, id, folder, strings.Join(ids, ", "))
}

// laterChange refuses to undo rec when a later change touched its files.
func laterChange(recs []*history.Record, rec *history.Record) error {
	paths := map[string]bool{}
	for _, f := range rec.Files {
		paths[f.Path] = true
	}
	for _, d := range rec.Dirs {
		paths[d] = true
	}
	for _, r := range recs { // newest first: the one to undo first
		if r.Seq() <= rec.Seq() {
			continue
		}
		if both := touches(r, paths); len(both) > 0 {
			return fmt.Errorf("%w: change %s (%s, %s) changed %s after change %s; undo change %s first",
				codes.UndoRefused, r.ID, r.Command, r.Time.Format("2006-01-02 15:04:05Z"), strings.Join(both, ", "), rec.ID, r.ID)
		}
	}
	return nil
}

// undoFile returns the change that puts f back as it was before rec, or
// why it cannot ("" when it can).
func (c *Cluster) undoFile(rec *history.Record, f history.File) (*FileChange, string, error) {
	abs, err := c.resolveRecorded(f.Path)
	if err != nil {
		return nil, "", err
	}
	cur, exists, err := readNoFollow(abs)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", f.Path, err)
	}
	fc := &FileChange{Path: f.Path, abs: abs, shown: abs, Old: cur}
	switch {
	case f.Removed && exists:
		return nil, "it exists again", nil
	case f.Removed:
		fc.Created, fc.New = true, rec.OldContent(f)
		fc.mode, fc.uid, fc.gid = fs.FileMode(f.Mode), f.UID, f.GID
		fc.Changes = []string{"created again, as before change " + rec.ID}
	case !exists:
		return nil, "it is gone", nil
	case history.Sum(cur) != f.New:
		return nil, "edited since", nil
	case f.Created:
		fc.Removed = true
		fc.Changes = []string{"change " + rec.ID + " created it"}
	default:
		fc.New = rec.OldContent(f)
		fc.Changes = []string{"put back as before change " + rec.ID}
	}
	return fc, "", nil
}

// undoDirs plans the folders: those rec created are removed (each must
// hold only what rec created), those it removed are created again.
func (c *Cluster) undoDirs(p *Plan, rec *history.Record) error {
	mine := map[string]bool{}
	for _, f := range rec.Files {
		mine[f.Path] = true
	}
	for _, d := range rec.Dirs {
		mine[d] = true
	}
	for _, d := range slices.Backward(rec.Dirs) {
		abs, err := c.resolveRecorded(d)
		if err != nil {
			return err
		}
		if err := onlyMine(abs, d, mine, rec.ID); err != nil {
			return err
		}
		p.undo.removeDirs = append(p.undo.removeDirs, txn.Dir{Path: abs, Display: d})
	}
	for _, d := range rec.RemovedDirs {
		abs, err := c.resolveRecorded(d.Path)
		if err != nil {
			return err
		}
		p.undo.dirModes[abs] = d
	}
	return nil
}

// onlyMine refuses a folder rec created that holds anything rec did not.
func onlyMine(abs, rel string, mine map[string]bool, id string) error {
	info, err := os.Lstat(abs)
	if err != nil || !info.IsDir() {
		return fmt.Errorf("%w: change %s created the folder %s, which is gone or no longer a folder; nothing written", codes.UndoRefused, id, rel)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	var others []string
	for _, e := range entries {
		if !mine[rel+"/"+e.Name()] {
			others = append(others, rel+"/"+e.Name())
		}
	}
	if len(others) > 0 {
		return fmt.Errorf("%w: change %s created the folder %s, which now holds %s, not made by that change; nothing written", codes.UndoRefused, id, rel, strings.Join(others, ", "))
	}
	return nil
}

// resolveRecorded returns the absolute path of a path a record names,
// confined to the folder: a member-listing file of the cluster as the
// loader found it, else resolved element by element without following a
// symbolic link (except a host folder of a cluster that is one).
func (c *Cluster) resolveRecorded(rel string) (string, error) {
	if err := history.CheckPath(rel); err != nil {
		return "", fmt.Errorf("history: %q: %w", rel, err)
	}
	for _, t := range c.trees {
		for _, d := range t.docs {
			if d.rel == rel {
				return d.abs, nil
			}
		}
	}
	cur := c.base
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		next := filepath.Join(cur, part)
		info, err := os.Lstat(next)
		if errors.Is(err, fs.ErrNotExist) {
			return filepath.Join(append([]string{cur}, parts[i:]...)...), nil
		}
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if i == 0 && !c.single && c.hasTree(part) && len(parts) > 1 {
				if cur, err = filepath.EvalSymlinks(next); err != nil {
					return "", err
				}
				continue
			}
			return "", fmt.Errorf("history: %s: %s is a symbolic link, and a recorded path may not pass through one: %w", rel, next, codes.Untrusted)
		}
		cur = next
	}
	return cur, nil
}

func (c *Cluster) hasTree(name string) bool {
	return slices.ContainsFunc(c.trees, func(t *tree) bool { return t.name == name })
}

// readNoFollow reads the regular file at path without following a link;
// a missing file is not an error, anything else than a regular file is.
func readNoFollow(path string) ([]byte, bool, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if errors.Is(err, syscall.ELOOP) {
		return nil, true, errors.New("a symbolic link now")
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, true, fmt.Errorf("not a regular file (a %v)", info.Mode().Type())
	}
	data, err := io.ReadAll(f)
	return data, true, err
}
