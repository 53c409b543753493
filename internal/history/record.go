package history

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// magic is the first line of every record.
const magic = "momoconf-history 1"

// MaxSize bounds the size of a record file that [Read] accepts.
const MaxSize = 64 << 20

// Record is one committed change.
type Record struct {
	ID      string    `json:"id"`      // its sequence number in the folder, from 1
	Time    time.Time `json:"time"`    // when it was applied
	Command string    `json:"command"` // what made it: the command line, or the operation and node
	User    string    `json:"user"`    // the account that made it
	UID     int       `json:"uid"`     // that account's user id
	// TxID is the transaction id of a change made in two phases (prepare,
	// then commit), the same on every host of a fleet; "" for one applied
	// at once.
	TxID string `json:"txid,omitempty"`
	// Files are the files the change wrote, created or removed.
	Files []File `json:"files"`
	// Dirs are the folders the change created, parents first.
	Dirs []string `json:"dirs,omitempty"`
	// RemovedDirs are the folders the change removed, children first.
	RemovedDirs []RemovedDir `json:"removed_dirs,omitempty"`
	// Olds holds each distinct old content once, by its hash.
	Olds map[string][]byte `json:"olds,omitempty"`
}

// File is one file of a change. Paths are slash-separated and relative to
// the folder the change locked.
type File struct {
	Path    string `json:"path"`
	Old     string `json:"old,omitempty"` // sha256 of the content before; "" for a created file
	New     string `json:"new,omitempty"` // sha256 of the content after; "" for a removed file
	Created bool   `json:"created,omitempty"`
	Removed bool   `json:"removed,omitempty"`
	// Mode, UID and GID are a removed file's, to create it again.
	Mode uint32 `json:"mode,omitempty"`
	UID  int    `json:"uid,omitempty"`
	GID  int    `json:"gid,omitempty"`
}

// RemovedDir is a folder a change removed, with what it takes to create it again.
type RemovedDir struct {
	Path string `json:"path"`
	Mode uint32 `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
}

// Sum returns the hash a record keeps of content b: sha256, lower-case hex.
func Sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Seq returns the record's sequence number, the order of changes in one
// folder; 0 if the ID is not one.
func (r *Record) Seq() int { return seqOf(r.ID) }

// OldContent returns the content f had before the change.
func (r *Record) OldContent(f File) []byte { return r.Olds[f.Old] }

// Encode returns the record as stored: the magic line, then JSON.
func (r *Record) Encode() ([]byte, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append([]byte(magic+"\n"), append(body, '\n')...), nil
}

// Parse reads a record, checking everything: the magic line, no unknown
// field, an ID that is a sequence number, relative clean paths with no
// "..", listed once, hashes of 64 lower-case hex digits, and the old
// content of every rewritten or removed file present and matching its
// hash. Any flaw is an error, never a partial record.
func Parse(data []byte) (*Record, error) {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(head) != magic {
		return nil, fmt.Errorf("not a momoconf history record (expected the first line %q)", magic)
	}
	var r Record
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("record: %v", err)
	}
	if dec.More() {
		return nil, errors.New("record: data after the end")
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

func (r *Record) validate() error {
	if r.Seq() == 0 {
		return fmt.Errorf("record id %q: expected a sequence number from 1", r.ID)
	}
	for key, old := range r.Olds {
		if Sum(old) != key {
			return fmt.Errorf("record %s: old content %.16s…: does not match its hash", r.ID, key)
		}
	}
	seen := map[string]bool{}
	once := func(kind, p string) error {
		if err := CheckPath(p); err != nil {
			return fmt.Errorf("record %s: %s %q: %v", r.ID, kind, p, err)
		}
		if seen[p] {
			return fmt.Errorf("record %s: %s %q: listed twice", r.ID, kind, p)
		}
		seen[p] = true
		return nil
	}
	for _, d := range r.Dirs {
		if err := once("folder", d); err != nil {
			return err
		}
	}
	for _, d := range r.RemovedDirs {
		if err := once("removed folder", d.Path); err != nil {
			return err
		}
	}
	for _, f := range r.Files {
		if err := once("file", f.Path); err != nil {
			return err
		}
		if err := r.validateFile(f); err != nil {
			return fmt.Errorf("record %s: file %q: %v", r.ID, f.Path, err)
		}
	}
	return nil
}

func (r *Record) validateFile(f File) error {
	switch {
	case f.Created && f.Removed:
		return errors.New("both created and removed")
	case f.Created != (f.Old == ""):
		return errors.New("an old content hash is there exactly when the file was not created")
	case f.Removed != (f.New == ""):
		return errors.New("a new content hash is there exactly when the file was not removed")
	case f.Old != "" && !isHexSum(f.Old), f.New != "" && !isHexSum(f.New):
		return errors.New("a hash that is not 64 lower-case hex digits")
	}
	if _, ok := r.Olds[f.Old]; f.Old != "" && !ok {
		return fmt.Errorf("its old content %.16s… is not in the record", f.Old)
	}
	return nil
}

// CheckPath accepts a slash-separated path relative to the locked folder:
// not empty, not absolute, clean, no "." or ".." element, no NUL.
func CheckPath(p string) error {
	switch {
	case p == "" || p == ".":
		return errors.New("empty path")
	case strings.HasPrefix(p, "/"):
		return errors.New("absolute path (expected one relative to the locked folder)")
	case strings.ContainsRune(p, 0):
		return errors.New("NUL in path")
	case path.Clean(p) != p:
		return errors.New("path not clean")
	}
	for _, e := range strings.Split(p, "/") {
		if e == ".." || e == "." {
			return errors.New(`".." in path: it may not leave the locked folder`)
		}
	}
	return nil
}

func isHexSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// seqOf returns the sequence number an id or file name stem spells, or 0.
func seqOf(id string) int {
	if id == "" || id[0] == '0' || len(id) > 9 {
		return 0
	}
	n, err := strconv.Atoi(id)
	if err != nil || n < 1 || strconv.Itoa(n) != id {
		return 0
	}
	return n
}
