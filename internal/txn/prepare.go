package txn

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Prepare stages the change for a later [CommitPrepared] and replaces
// nothing: after the checks of [Tx.Apply], it writes a journal, creates
// the folders, writes every new content (and the next commit record) to
// its temporary file beside its target, synced, and last marks the
// journal "prepared", carrying txid, the time and description. A file or
// folder to remove stays in place until the commit; the journal keeps its
// content, mode and owner. A crash
// before that last step leaves a journal that the next [Recover] rolls
// back; after it, a complete prepared change. The lock may then be
// released and the process may exit: the prepared change stays bound to
// the files' contents, and every other change in the journal's folder is
// refused ([ErrPrepared]) until it is committed or aborted.
//
// Prepare is idempotent: when the same change is already prepared under
// txid, it does nothing (a [File.Volatile] file counts by its path, and
// keeps the content staged first). A failure rolls back what Prepare made, as
// Apply does. txid is 1 to 128 letters, digits, '.', '_' or '-'.
func (tx *Tx) Prepare(ctx context.Context, lock *Lock, txid, description string) error {
	if !validTxID(txid) {
		return fmt.Errorf("transaction id %q: %w (%s)", txid, ErrInvalid, txIDRule)
	}
	a, err := tx.start(lock, txid, description)
	if err != nil {
		return err
	}
	defer a.dirs.close() // preflight opens folders too, and may refuse
	if j, err := readJournal(a.fs, tx.JournalDir); err == nil && j.State == statePrepared && j.TxID == txid {
		if sameChange(j, tx) {
			return nil
		}
		return fmt.Errorf("%w: another change is prepared under the same id", preparedError(j, journalPath(tx.JournalDir)))
	}
	if err := a.preflight(); err != nil {
		return err
	}
	return a.runSteps(ctx, a.writeJournal, a.makeDirs, a.writeTemps, a.syncStaged, a.markPrepared)
}

// markPrepared rewrites the journal, until now that of an apply (so that
// a crash meanwhile is rolled back), in state prepared: the last step, so
// that a prepared journal always has every staged file in place.
func (a *applier) markPrepared() error { return a.writeJournalIn(statePrepared) }

// syncStaged makes the staged files' entries durable.
func (a *applier) syncStaged() error {
	dirs := append(a.touchedDirs(), a.tx.JournalDir)
	slices.Sort(dirs)
	for _, d := range slices.Compact(dirs) {
		if err := a.syncDir(d); err != nil {
			return stepErr(d, "sync folder", err)
		}
	}
	return nil
}

// sameChange reports whether the prepared journal j stages exactly the
// files of tx with the same old and new contents (a Volatile file: the
// same path), and removes the same files and folders. The folders tx would
// create must be among those j created (a change planned again after
// prepare finds them made already).
func sameChange(j *journal, tx *Tx) bool {
	if len(j.Files) != len(tx.Files)+1 {
		return false
	}
	for i, f := range tx.Files {
		jf := j.Files[i]
		if j.name(jf.Root, jf.Path) != relName(tx, f.Path, j) || jf.Create != f.Create || jf.Remove != f.Remove ||
			!f.Volatile && !f.Remove && jf.NewSum != sum(f.New) || !f.Create && jf.OldSum != sum(f.Old) {
			return false
		}
	}
	if len(j.RemovedDirs) != len(tx.RemoveDirs) {
		return false
	}
	for i, d := range tx.RemoveDirs {
		if j.RemovedDirs[i].Path != relName(tx, d.Path, j) {
			return false
		}
	}
	made := map[string]bool{}
	for _, d := range j.Dirs {
		made[j.name(d.Root, d.Path)] = true
	}
	for _, d := range tx.Dirs {
		if !made[relName(tx, d.Path, j)] {
			return false
		}
	}
	return true
}

// relName is how the journal j names path: relative to the journal's
// folder when below it, else absolute.
func relName(tx *Tx, path string, j *journal) string {
	if rel, err := filepath.Rel(tx.JournalDir, path); err == nil && isLocalPath(rel) {
		return rel
	}
	return path
}

// CommitPrepared commits the change prepared under txid in journalDir:
// every target must still hold the content it held at prepare time (and
// each staged content be intact), else nothing is done and the error
// matches [ErrChanged], naming the files. Then the journal is marked
// "committing", and from there on the change only goes forward: each
// staged file is renamed over its target, the commit record last, and
// the journal removed. If that is cut short (an error, kill -9, a power
// cut), the error says so and the next [Recover] finishes the commit.
//
// With no prepared journal, when the commit record shows that the change
// under txid committed already, CommitPrepared succeeds and does
// nothing; else the error matches [ErrNotPrepared]. lock must hold
// journalDir; the journal is read under the rules of [Recover].
func CommitPrepared(ctx context.Context, lock *Lock, journalDir, txid string) error {
	return commitWith(ctx, osFS{}, lock, journalDir, txid)
}

func commitWith(ctx context.Context, fsys fsys, lock *Lock, dir, txid string) error {
	j, rs, err := openPrepared(ctx, fsys, lock, dir, txid)
	if err != nil || j == nil {
		return err
	}
	defer rs.close()
	jpath := journalPath(dir)
	if j.State == statePrepared {
		if err := checkPrepared(fsys, rs, j); err != nil {
			return err
		}
		j.State = stateCommitting
		if err := writeJournal(fsys, dir, j); err != nil {
			if now, rerr := readJournal(fsys, dir); rerr != nil || now.State != stateCommitting {
				return fmt.Errorf("commit %s: %w; nothing was committed: the change is still prepared", txid, stepErr(jpath, "mark committing", err))
			}
		}
	}
	r := &Recovery{}
	if err := r.forward(fsys, rs, j); err != nil {
		return fmt.Errorf("commit %s began and was cut short: %w; the journal %s is kept, and the next momoconf run on this folder finishes the commit", txid, err, jpath)
	}
	if err := finishCommitted(fsys, dir, j); err != nil {
		return &CommittedError{Err: err, Journal: jpath}
	}
	return nil
}

// openPrepared finds the change prepared (or committing) under txid in
// dir and resolves its folders. It returns a nil journal when there is
// nothing left to do (the change under txid committed already).
func openPrepared(ctx context.Context, fsys fsys, lock *Lock, dir, txid string) (*journal, *resolved, error) {
	if !lock.Holds(dir) {
		return nil, nil, fmt.Errorf("%s: %w (lock it first)", dir, ErrNotLocked)
	}
	j, err := readJournal(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, committedAlready(fsys, dir, txid)
	}
	if err != nil {
		return nil, nil, err
	}
	kind, err := classify(fsys, dir, j)
	switch {
	case err != nil:
		return nil, nil, err
	case kind == "done":
		if err := finishCommitted(fsys, dir, j); err != nil {
			return nil, nil, err
		}
		return nil, nil, committedAlready(fsys, dir, txid)
	case j.TxID != txid && j.State == statePrepared:
		return nil, nil, preparedError(j, journalPath(dir))
	case j.TxID != txid || j.State == stateApplying:
		return nil, nil, fmt.Errorf("%s: %w; and nothing is prepared under %s", journalPath(dir), ErrPending, txid)
	}
	rs, err := resolveJournal(ctx, lock, dir, j)
	if err != nil {
		return nil, nil, err
	}
	return j, rs, nil
}

// committedAlready succeeds when the commit record names txid.
func committedAlready(fsys fsys, dir, txid string) error {
	rec, _, _, err := readRecord(fsys, dir)
	if err != nil {
		return err
	}
	if rec.TxID == txid {
		return nil
	}
	return fmt.Errorf("%s: %w: %s", dir, ErrNotPrepared, txid)
}

// checkPrepared checks that every target holds what it held at prepare
// time, every staged content is intact, and every folder the change
// removes holds nothing else: once the commit point is passed, a folder
// that cannot be removed would leave the change half done for good.
func checkPrepared(fsys fsys, rs *resolved, j *journal) error {
	var bad []string
	for i := range j.Files {
		f := &j.Files[i]
		name := j.name(f.Root, f.Path)
		path, err := rs.entry(f.Root, f.Path)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s (%v)", name, err))
			continue
		}
		cur, err := readRegular(fsys, path)
		switch {
		case f.Remove && err == nil && sum(cur) == f.OldSum:
			continue // nothing staged: it is removed at the commit
		case f.Create && errors.Is(err, fs.ErrNotExist):
		case f.Create && err == nil:
			bad = append(bad, name+" (created by someone else meanwhile)")
			continue
		case err != nil:
			bad = append(bad, fmt.Sprintf("%s (%v)", name, err))
			continue
		case sum(cur) != f.OldSum:
			bad = append(bad, name+" (edited since prepare)")
			continue
		}
		if err := checkStaged(fsys, path, f.NewSum); err != nil {
			bad = append(bad, fmt.Sprintf("%s (%v)", name, err))
		}
	}
	bad = append(bad, foreignInRemovedDirs(rs, j)...)
	if len(bad) > 0 {
		return fmt.Errorf("commit %s refused: %w: %s; nothing was committed: the change is still prepared (abort it, then plan again)",
			j.TxID, ErrChanged, strings.Join(bad, ", "))
	}
	return nil
}

// AbortPrepared removes the change prepared under txid in journalDir: its
// staged files, the folders it created (when empty), and its journal. The
// targets are not touched. With nothing prepared under txid it does
// nothing. A change whose commit began cannot be aborted (the next
// [Recover] finishes it); neither can one that committed. lock must hold
// journalDir.
func AbortPrepared(ctx context.Context, lock *Lock, journalDir, txid string) error {
	return abortWith(ctx, osFS{}, lock, journalDir, txid)
}

func abortWith(ctx context.Context, fsys fsys, lock *Lock, dir, txid string) error {
	if !lock.Holds(dir) {
		return fmt.Errorf("%s: %w (lock it first)", dir, ErrNotLocked)
	}
	j, err := readJournal(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		if rec, _, _, err := readRecord(fsys, dir); err == nil && rec.TxID == txid {
			return fmt.Errorf("transaction %s: committed already; it cannot be aborted", txid)
		}
		return nil
	}
	if err != nil {
		return err
	}
	kind, err := classify(fsys, dir, j)
	switch {
	case err != nil:
		return err
	case j.TxID != txid:
		return nil
	case kind == "done" || j.State == stateCommitting:
		return fmt.Errorf("transaction %s: its commit began; it cannot be aborted, and the next momoconf run finishes it", txid)
	case j.State != statePrepared:
		return nil
	}
	rs, err := resolveJournal(ctx, lock, dir, j)
	if err != nil {
		return err
	}
	defer rs.close()
	r := &Recovery{}
	var errs []error
	for i := range j.Files {
		if err := unstage(fsys, rs, j, &j.Files[i]); err != nil {
			errs = append(errs, err)
		}
	}
	for _, d := range slices.Backward(j.Dirs) {
		if err := r.dirBack(fsys, rs, j, d); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, rs.syncAll(fsys)...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("abort %s: %w; the journal %s is kept", txid, err, journalPath(dir))
	}
	return stepErr(journalPath(dir), "remove journal", removeJournal(fsys, dir))
}

// unstage removes the staged file of f if it holds what Prepare wrote.
func unstage(fsys fsys, rs *resolved, j *journal, f *journalFile) error {
	if f.Remove {
		return nil // nothing staged: the file stays
	}
	name := j.name(f.Root, f.Path)
	path, err := rs.entry(f.Root, f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w (%v); left as it is", name, ErrConflict, err)
	}
	err = checkStaged(fsys, path, f.NewSum)
	switch {
	case err == nil:
		return stepErr(name, "remove staged file", removeIfExists(fsys, tempPath(path)))
	case errors.Is(err, errStagedMissing):
		return nil
	}
	return fmt.Errorf("%s: %w; left as it is", name, err)
}

// foreignInRemovedDirs names, for each folder the change removes, what it
// holds that the change does not remove: neither a file the change
// removes nor a folder it removes. Anything else (a temporary file
// included) would keep the folder from being removed after the commit.
func foreignInRemovedDirs(rs *resolved, j *journal) []string {
	mine := map[string]bool{}
	for _, f := range j.Files {
		if f.Remove && f.Root == 0 {
			mine[f.Path] = true
		}
	}
	for _, d := range j.RemovedDirs {
		mine[d.Path] = true
	}
	var bad []string
	for _, d := range j.RemovedDirs {
		path, err := rs.entry(0, d.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s (%v)", j.name(0, d.Path), err))
			continue
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s (%v)", j.name(0, d.Path), err))
			continue
		}
		for _, e := range entries {
			rel := d.Path + "/" + e.Name()
			if !mine[rel] {
				bad = append(bad, j.name(0, rel)+" (in a folder the change removes, and not removed by it)")
			}
		}
	}
	return bad
}
