package jsonconf

import (
	"bytes"
	"errors"
)

// ErrNoPath means the path given to a verb names no value in the file. The
// *Error of [File.Strings], [File.AddString] and [File.RemoveString] wraps
// it then; test for it with errors.Is.
var ErrNoPath = errors.New("jsonconf: path not found")

// maxSize is the largest file Parse reads, in bytes. Parse and a verb's
// first walk cost time and memory linear in the file (about 1 GB/s, and
// 1-6 bytes allocated per byte; see TestHostileInput), so the limit only
// keeps a stray huge file from holding a run for long.
const maxSize = 64 << 20

// bom is the UTF-8 byte order mark, which some Windows editors write at the
// start of a file and Node's config loaders skip.
var bom = []byte{0xEF, 0xBB, 0xBF}

// File is a parsed JSON file: its bytes, kept as they were read, and the
// edits made to them since. A File is not safe for concurrent use.
type File struct {
	name  string
	src   []byte
	start int // offset of the JSON text: 3 after a byte order mark, else 0

	// unique holds the paths walked and found to pass through no object
	// holding its key twice; see walk.
	unique map[string]bool
}

// Parse checks that src is strict JSON and returns it as a File named name.
// Strict means RFC 8259: no comments, trailing commas, single quotes, NaN or
// other bare words; duplicate keys and bytes that are not UTF-8 are let
// through, as encoding/json lets them through, and nesting deeper than
// 10000 levels is refused, as encoding/json refuses it. A file larger than
// 64 MiB is refused too. A UTF-8 byte order mark at the start is allowed
// and kept. A syntax error is an *Error at the first offending byte.
//
// Parse does not modify src and keeps a copy of its own, so the caller may
// reuse src.
func Parse(name string, src []byte) (*File, error) {
	if len(src) > maxSize {
		return nil, errorAt(name, src, maxSize, "found a file of %d bytes (expected at most %d)", len(src), maxSize)
	}
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	if err := validate(name, src, start); err != nil {
		return nil, err
	}
	return &File{name: name, src: bytes.Clone(src), start: start}, nil
}

// Bytes returns a fresh copy of the file's current contents, which the
// caller may modify: the bytes given to [Parse], byte for byte, when no verb
// has changed anything.
func (f *File) Bytes() []byte { return bytes.Clone(f.src) }

// Name returns the name given to Parse, used in error positions.
func (f *File) Name() string { return f.name }

// body returns the JSON text: the file without its byte order mark.
func (f *File) body() []byte { return f.src[f.start:] }

// errorf returns an *Error at offset of the file.
func (f *File) errorf(offset int, format string, args ...any) *Error {
	return errorAt(f.name, f.src, offset, format, args...)
}
