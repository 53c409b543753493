package history

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Folder and Sub are the folders of the records, below the locked folder:
// <locked>/.momoconf/history.
const (
	Folder = ".momoconf"
	Sub    = "history"
)

// DefaultLimit is how many records a folder keeps when no limit is given.
const DefaultLimit = 20

// DirOf returns the folder of the records of changes that lock base.
func DirOf(base string) string { return filepath.Join(base, Folder, Sub) }

// FileName returns the name of the record of change id.
func FileName(id string) string { return id + ".json" }

// Next returns the id the next change recorded in base gets: one above
// the highest there, 1 for the first.
func Next(base string) (string, error) {
	seqs, err := seqs(DirOf(base))
	if err != nil {
		return "", err
	}
	next := 1
	if len(seqs) > 0 {
		next = seqs[len(seqs)-1] + 1
	}
	return fmt.Sprint(next), nil
}

// seqs returns the sequence numbers of the records in dir, in order; a
// missing folder has none. Other names are ignored.
func seqs(dir string) ([]int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []int
	for _, e := range entries {
		if stem, ok := strings.CutSuffix(e.Name(), ".json"); ok && seqOf(stem) > 0 {
			out = append(out, seqOf(stem))
		}
	}
	slices.Sort(out)
	return out, nil
}

// List reads every record of base, newest first. A record or folder
// another account could have written is refused (the error matches
// [ErrUntrusted]) and so is a damaged one: nothing is returned then.
func List(base string) ([]*Record, error) {
	if err := checkFolders(base); err != nil {
		return nil, err
	}
	seqs, err := seqs(DirOf(base))
	if err != nil {
		return nil, err
	}
	var out []*Record
	for _, s := range slices.Backward(seqs) {
		r, err := Read(base, fmt.Sprint(s))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// checkFolders refuses .momoconf or .momoconf/history when it is a link
// or writable by others; missing ones are fine.
func checkFolders(base string) error {
	for _, d := range []string{filepath.Join(base, Folder), DirOf(base)} {
		if err := checkFolder(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// readBounded reads the file file of the history folder of base under the
// rules of [List] (the folders checked, the file opened trusted), refusing
// one of more than max bytes; it returns the bytes and the file's path.
func readBounded(base, file string, max int) ([]byte, string, error) {
	if err := checkFolders(base); err != nil {
		return nil, "", err
	}
	name := filepath.Join(DirOf(base), file)
	f, err := openTrusted(DirOf(base), file)
	if err != nil {
		return nil, name, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, name, err
	}
	if len(data) > max {
		return nil, name, fmt.Errorf("%s: larger than %d bytes", name, max)
	}
	return data, name, nil
}

// Read reads and parses the record of change id in base, under the rules
// of [List].
func Read(base, id string) (*Record, error) {
	if seqOf(id) == 0 {
		return nil, fmt.Errorf("change %q: expected a change id, a number from 1", id)
	}
	data, name, err := readBounded(base, FileName(id), MaxSize)
	if err != nil {
		return nil, err
	}
	r, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if r.ID != id {
		return nil, fmt.Errorf("%s: holds change %s", name, r.ID)
	}
	return r, nil
}

// Prune removes the oldest records of base beyond the newest keep, and
// returns what it removed. It never removes one of the newest keep. Before
// removing any, it records in the pruned marker (see [Reach]) the newest
// record it is about to remove, read under the rules of [Read]: when that
// record or the marker there already cannot be read or trusted, or the
// marker cannot be written, it removes nothing and says why.
func Prune(base string, keep int) ([]string, error) {
	seqs, err := seqs(DirOf(base))
	if err != nil || len(seqs) <= keep {
		return nil, err
	}
	gone := seqs[:len(seqs)-max(keep, 0)]
	if err := markPruned(base, fmt.Sprint(gone[len(gone)-1])); err != nil {
		return nil, fmt.Errorf("history not pruned: %w", err)
	}
	var removed []string
	var errs []error
	for _, s := range gone {
		p := filepath.Join(DirOf(base), FileName(fmt.Sprint(s)))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}

// markPruned makes the pruned marker of base say that record id is gone,
// unless it names a later change already: the marker only moves forward
// in time.
func markPruned(base, id string) error {
	r, err := Read(base, id)
	if err != nil {
		return err
	}
	old, err := readPruned(base)
	if err != nil {
		return err
	}
	if old != nil && !r.Time.After(old.Time) {
		return nil
	}
	return writePruned(base, Pruned{ID: r.ID, Time: r.Time})
}
