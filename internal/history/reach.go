package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// PrunedName is the file, in the folder of the records, that says how far
// back the history reaches: the newest record pruning ever removed.
const PrunedName = "pruned"

// prunedMagic is the first line of the pruned marker.
const prunedMagic = "momoconf-history-pruned 1"

// maxPrunedSize bounds the size of a pruned marker that [Reach] accepts.
const maxPrunedSize = 4 << 10

// Pruned is what the pruned marker keeps: the newest record pruning
// removed, by its id and the time of its change.
type Pruned struct {
	ID   string    `json:"id"`   // the change's sequence number in the folder
	Time time.Time `json:"time"` // when the change was applied
}

// Encode returns the marker as stored: the magic line, then JSON.
func (p Pruned) Encode() ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return append([]byte(prunedMagic+"\n"), append(body, '\n')...), nil
}

// ParsePruned reads a pruned marker, checking everything: the magic line,
// no unknown field, an id that is a sequence number and a time that is
// set. Any flaw is an error.
func ParsePruned(data []byte) (Pruned, error) {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(head) != prunedMagic {
		return Pruned{}, fmt.Errorf("not a momoconf pruned marker (expected the first line %q)", prunedMagic)
	}
	var p Pruned
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Pruned{}, fmt.Errorf("pruned marker: %v", err)
	}
	if dec.More() {
		return Pruned{}, errors.New("pruned marker: data after the end")
	}
	return p, p.validate()
}

func (p Pruned) validate() error {
	switch {
	case seqOf(p.ID) == 0:
		return fmt.Errorf("pruned marker: id %q: expected a sequence number from 1", p.ID)
	case p.Time.IsZero():
		return errors.New("pruned marker: no time")
	}
	return nil
}

// Reach returns how far back the history of base reaches: the time of the
// newest record pruning ever removed there (a change at or before it may
// have left no record), or the zero time when pruning never removed one.
// A marker that is missing says nothing was pruned; one that is damaged,
// or that another account could have written (the rules of [List]), is an
// error, never "nothing pruned".
func Reach(base string) (since time.Time, err error) {
	p, err := readPruned(base)
	if err != nil || p == nil {
		return time.Time{}, err
	}
	return p.Time, nil
}

// readPruned reads the pruned marker of base under the rules of [Read]; nil
// when there is none.
func readPruned(base string) (*Pruned, error) {
	data, name, err := readBounded(base, PrunedName, maxPrunedSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err := ParsePruned(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &p, nil
}

// writePruned puts p in place as the marker of base, atomically: a
// temporary file beside it, written and synced, renamed over it, and the
// folder synced.
func writePruned(base string, p Pruned) error {
	data, err := p.Encode()
	if err != nil {
		return err
	}
	dir := DirOf(base)
	f, err := os.CreateTemp(dir, "."+PrunedName+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, PrunedName))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
