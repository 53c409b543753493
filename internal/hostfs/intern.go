package hostfs

import (
	"bytes"
	"hash/maphash"
)

// Key names one distinct content: two contents interned by the same
// [Reader] have the same key exactly when their bytes are the same.
type Key struct {
	hash uint64 // the content's hash
	nth  int    // which of the distinct contents with that hash
}

// Content is the bytes of a file as interned: shared by every file with
// those bytes, and read only.
type Content struct {
	Key   Key
	Bytes []byte
}

// contentSeed seeds the content hashes of one process.
var contentSeed = maphash.MakeSeed()

// Intern returns the content with src's bytes: the first copy interned,
// or a copy of src made now (src, often a buffer to reuse, is never
// kept). Contents are compared byte for byte: a hash collision only makes
// a new key.
func (r *Reader) Intern(src []byte) Content {
	key := Key{hash: maphash.Bytes(contentSeed, src)}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.known == nil {
		r.known = map[Key][]byte{}
	}
	for ; ; key.nth++ {
		b, ok := r.known[key]
		if !ok {
			b = bytes.Clone(src)
			r.known[key] = b
			return Content{Key: key, Bytes: b}
		}
		if bytes.Equal(b, src) {
			return Content{Key: key, Bytes: b}
		}
	}
}
