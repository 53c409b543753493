package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// A Recovery says what [Recover] found and did. Files are named by the
// path actually touched: relative to the journal's folder, or absolute.
type Recovery struct {
	// Journal is the path of the journal found, "" if there was none.
	Journal string
	// Restored files held their new content and got their old one back.
	Restored []string
	// Unchanged files already held their old content (or, created by the
	// change, did not exist).
	Unchanged []string
	// Removed are created files and empty created folders, removed.
	Removed []string
	// Kept are created folders left in place because they hold other
	// entries now.
	Kept []string
	// Finished are the files a commit cut short gave their new content:
	// the journal said the change was committing, so it was finished
	// forward rather than rolled back.
	Finished []string
	// Forward says the journal's change was committing and was finished.
	Forward bool
	// Committed says the journal's change had committed (the commit
	// record names it): only the journal was left, and it was removed.
	Committed bool
	// Prepared is the prepared change whose journal was found; nothing
	// was done with it. Nil otherwise.
	Prepared *PreparedChange
}

// A PreparedChange is a change staged by [Tx.Prepare] and waiting for
// [CommitPrepared] or [AbortPrepared].
type PreparedChange struct {
	TxID        string    // the transaction id given to Prepare
	Time        time.Time // when it was prepared
	Description string    // what it changes, as given to Prepare
	Journal     string    // its journal
}

// Found reports whether a journal was found and acted upon (rolled back,
// finished, or removed as already committed); a prepared change is not.
func (r *Recovery) Found() bool { return r.Journal != "" && r.Prepared == nil }

// Recover finishes a change that was cut short (kill -9, power loss, a
// rollback that failed), from the journal in journalDir.
//
// The journal is read only if it passes the rules of [OpenTrusted] and
// names journalDir itself by identity ([ErrUntrusted] otherwise), and
// acted upon only if the folder's commit record shows its change as the
// next one: a journal put back after its change committed, or copied from
// elsewhere, is refused ([ErrUntrusted]), touching nothing. When the
// commit record names the journal's own change, that change committed and
// only the journal is removed. The journal's paths are resolved under the
// folders it names without following symbolic links; a file reached
// otherwise is left alone ([ErrConflict]).
//
// A change that was applying is rolled back: a file holding its new
// content gets its old one back; a file holding its old content is left
// alone; a created file holding its new content is removed, and so is a
// created folder once empty; temporary files are removed. A change that
// was committing (see [CommitPrepared]) is finished forward: each file
// still holding its old content gets the new content staged beside it. A
// prepared change is left as it is and reported in [Recovery.Prepared].
// A file holding anything else is not touched: the error matches
// [ErrConflict] and names it, and the journal is kept. When all is done,
// the journal is removed.
//
// lock must hold journalDir; Recover extends it to the folders the journal
// names. With no journal, Recover does nothing and returns an empty
// Recovery; it writes nothing then, so it works on a read-only file
// system. A torn or damaged journal is an error matching
// [ErrCorruptJournal], and nothing is done: the temporary files of its
// change are kept too, since they may be the only copy of a committing
// change's new contents (see the package documentation). Recover is
// idempotent: if it is itself cut short, running it again finishes the
// work.
func Recover(ctx context.Context, lock *Lock, journalDir string) (*Recovery, error) {
	return recoverWith(ctx, osFS{}, lock, journalDir)
}

func recoverWith(ctx context.Context, fsys fsys, lock *Lock, journalDir string) (*Recovery, error) {
	if !lock.Holds(journalDir) {
		return nil, fmt.Errorf("%s: %w (lock it before recovering)", journalDir, ErrNotLocked)
	}
	// A journal still being written when the run stopped: nothing else
	// had been touched yet.
	if err := removeIfExists(fsys, journalTempPath(journalDir)); err != nil {
		return nil, stepErr(journalTempPath(journalDir), "remove unfinished journal", err)
	}
	jpath := journalPath(journalDir)
	j, err := readJournal(fsys, journalDir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Recovery{}, nil
	}
	if err != nil {
		return nil, err
	}
	kind, err := classify(fsys, journalDir, j)
	if err != nil {
		return nil, err
	}
	r := &Recovery{Journal: jpath}
	switch {
	case kind == "done":
		r.Committed = true
		return r, finishCommitted(fsys, journalDir, j)
	case j.State == statePrepared:
		r.Prepared = &PreparedChange{TxID: j.TxID, Time: j.when(), Description: j.Description, Journal: jpath}
		return r, nil
	}
	if j.State == stateApplying {
		if err := r.remakeDirs(fsys, journalDir, j); err != nil {
			return r, fmt.Errorf("%w; the journal %s is kept", err, jpath)
		}
	}
	rs, err := resolveJournal(ctx, lock, journalDir, j)
	if err != nil {
		return nil, err
	}
	defer rs.close()
	if j.State == stateCommitting {
		r.Forward = true
		err = r.forward(fsys, rs, j)
	} else {
		err = r.rollBack(fsys, rs, j)
	}
	if err != nil {
		return r, fmt.Errorf("%w; the journal %s is kept", err, jpath)
	}
	if r.Forward {
		return r, finishCommitted(fsys, journalDir, j)
	}
	return r, stepErr(jpath, "remove journal", removeJournal(fsys, journalDir))
}

// readJournal reads and decodes the journal of dir under the trust rules;
// a missing journal matches fs.ErrNotExist.
func readJournal(fsys fsys, dir string) (*journal, error) {
	jpath := journalPath(dir)
	data, err := fsys.ReadTrusted(dir, journalName)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrUntrusted) {
		return nil, err // an UntrustedError names the journal
	}
	if err != nil {
		return nil, stepErr(jpath, "read journal", err)
	}
	j, err := decodeJournal(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; nothing was done", jpath, err)
	}
	return j, nil
}

// classify checks that the journal belongs to dir and follows its commit
// record: "next" (its change is under way) or "done" (it committed).
// Anything else is refused.
func classify(fsys fsys, dir string, j *journal) (string, error) {
	jpath := journalPath(dir)
	id, err := statID(dir)
	if err != nil {
		return "", err
	}
	if id != (dirID{j.Folder.Dev, j.Folder.Ino}) {
		return "", &UntrustedError{Path: jpath, UID: uidOf(jpath), Reason: "it was written for another folder (copied or moved here)"}
	}
	rec, _, _, err := readRecord(fsys, dir)
	if err != nil {
		return "", err
	}
	kind := rec.follows(j)
	if kind == "" {
		return "", &UntrustedError{Path: jpath, UID: uidOf(jpath), Reason: fmt.Sprintf(
			"its change (number %d, id %s) does not follow the last change committed here (number %d, id %s, in %s): "+
				"an old journal put back after its change committed; remove it", j.Seq, j.ID, rec.Seq, orNone(rec.ID), recordName)}
	}
	return kind, nil
}

// uidOf is the owner of path, -1 if unknown.
func uidOf(path string) int {
	info, err := os.Lstat(path)
	if err != nil {
		return -1
	}
	uid, _ := owner(info)
	return uid
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// name is how messages name a path of the journal: relative to the
// journal's folder, or absolute under another root.
func (j *journal) name(root int, rel string) string {
	if root == 0 {
		return rel
	}
	return filepath.Join(j.Roots[root-1].Path, rel)
}

// isRecord reports whether f is the commit record (or, in a journal of
// an older momoconf, the old .momoconf-commit).
func (j *journal) isRecord(f *journalFile) bool {
	return f.Root == 0 && (f.Path == recordName || f.Path == legacyRecordName)
}

// dropsLegacy reports whether j commits into .momoconf/commit: once its
// change committed, an old .momoconf-commit names an older change, and
// goes.
func (j *journal) dropsLegacy() bool {
	return slices.ContainsFunc(j.Files, func(f journalFile) bool { return f.Root == 0 && f.Path == recordName })
}

// finishCommitted removes, after a change committed, an old
// .momoconf-commit (see dropsLegacy) and the journal.
func finishCommitted(fsys fsys, dir string, j *journal) error {
	if j.dropsLegacy() {
		if err := dropLegacyRecord(fsys, dir); err != nil {
			return err
		}
	}
	return stepErr(journalPath(dir), "remove journal", removeJournal(fsys, dir))
}

func (r *Recovery) rollBack(fsys fsys, rs *resolved, j *journal) error {
	var errs []error
	for i := range j.Files {
		if err := r.fileBack(fsys, rs, j, &j.Files[i]); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range slices.Backward(j.Dirs) {
		if err := r.dirBack(fsys, rs, j, d); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, rs.syncAll(fsys)...)
	return errors.Join(errs...)
}

// note records name in list, unless f is the commit record (bookkeeping,
// not a file of the change).
func note(list *[]string, j *journal, f *journalFile) {
	if !j.isRecord(f) {
		*list = append(*list, j.name(f.Root, f.Path))
	}
}

func (r *Recovery) fileBack(fsys fsys, rs *resolved, j *journal, f *journalFile) error {
	name := j.name(f.Root, f.Path)
	path, err := rs.entry(f.Root, f.Path)
	if errors.Is(err, fs.ErrNotExist) && f.Create {
		note(&r.Unchanged, j, f)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w (%v); left as it is", name, ErrConflict, err)
	}
	if err := removeIfExists(fsys, tempPath(path)); err != nil {
		return stepErr(name, "remove temporary file", err)
	}
	if f.Remove {
		return r.removedBack(fsys, path, name, f)
	}
	cur, err := readRegular(fsys, path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && f.Create:
		note(&r.Unchanged, j, f)
		return nil
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotRegular):
		return fmt.Errorf("%s: %w (it is missing or not a regular file); left as it is", name, ErrConflict)
	case err != nil:
		return stepErr(name, "read", err)
	case !f.Create && bytes.Equal(cur, f.Old):
		note(&r.Unchanged, j, f)
		return nil
	case sum(cur) != f.NewSum:
		return fmt.Errorf("%s: %w; left as it is", name, ErrConflict)
	case f.Create:
		if err := fsys.Remove(path); err != nil {
			return stepErr(name, "remove created file", err)
		}
		note(&r.Removed, j, f)
		return nil
	}
	a, err := currentAttrs(fsys, path)
	if err == nil {
		err = replace(fsys, path, f.Old, a)
	}
	if err != nil {
		return stepErr(name, "put back", err)
	}
	note(&r.Restored, j, f)
	return nil
}

// readRegular reads a regular file; anything else is a conflict.
func readRegular(fsys fsys, path string) ([]byte, error) {
	info, err := fsys.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return fsys.ReadFile(path)
}

func (r *Recovery) dirBack(fsys fsys, rs *resolved, j *journal, d journalDir) error {
	name := j.name(d.Root, d.Path)
	kept, removed := &r.Kept, &r.Removed
	if d.Root == 0 && d.Path == stateDirName {
		kept, removed = new([]string), new([]string) // bookkeeping, like the record
	}
	path, err := rs.entry(d.Root, d.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // its parent is gone: so is it
	}
	if err != nil {
		*kept = append(*kept, name) // reached through a link: not the folder it created
		return nil
	}
	if info, err := fsys.Lstat(path); err == nil && !info.IsDir() {
		*kept = append(*kept, name) // no longer the folder it created
		return nil
	}
	err = fsys.Remove(path)
	switch {
	case err == nil:
		*removed = append(*removed, name)
	case errors.Is(err, fs.ErrNotExist):
	case isNotEmpty(err):
		*kept = append(*kept, name)
	default:
		return stepErr(name, "remove created folder", err)
	}
	return nil
}
