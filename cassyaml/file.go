package cassyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// ErrNoKey means the key a verb works on is not in the file: for
// [File.Set], neither present nor commented out; for the seed verbs, no
// seed_provider[0].parameters[0].seeds. The *Error they return wraps it
// then; test for it with errors.Is.
var ErrNoKey = errors.New("cassyaml: key not found")

// File is a parsed cassandra.yaml. It keeps the file's bytes as the truth;
// the verbs splice those bytes and re-parse the result.
type File struct {
	name  string
	src   []byte
	doc   *yaml.Node // the document node; doc.Content[0] is the top mapping
	lines lineIndex  // built on first use; kept up to date by a local edit, else reset
}

// Parse parses src, the contents of the cassandra.yaml called name (name is
// used only in error messages). The file must hold one YAML document whose
// top is a block or flow mapping. Bytes that are not UTF-8 are tolerated (the
// YAML parser sees U+FFFD in their place) and kept as they are; a UTF-16 file
// is refused. The error is an *Error.
//
// Parse does not modify src and keeps a copy of its own, so the caller may
// reuse src.
func Parse(name string, src []byte) (*File, error) {
	doc, err := decode(name, src)
	if err != nil {
		return nil, err
	}
	return &File{name: name, src: bytes.Clone(src), doc: doc}, nil
}

// Bytes returns a fresh copy of the file's current contents, which the
// caller may modify: the bytes given to [Parse], byte for byte, when no verb
// has changed anything.
func (f *File) Bytes() []byte { return bytes.Clone(f.src) }

// Name returns the name given to [Parse].
func (f *File) Name() string { return f.name }

// root returns the top mapping.
func (f *File) root() *yaml.Node { return f.doc.Content[0] }

// decode parses src into its document node and checks that the document is
// a single mapping.
func decode(name string, src []byte) (doc *yaml.Node, err error) {
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		return nil, errorAt(name, src, 0, "found a UTF-16 byte order mark (expected UTF-8)")
	}
	if len(src) > maxSize {
		return nil, errorAt(name, src, maxSize, "found a file of %d bytes (expected at most %d)", len(src), maxSize)
	}
	if at := shapeOf(src).tooDeep; at >= 0 {
		return nil, errorAt(name, src, at, "found nesting deeper than %d levels (expected at most %d)", maxDepth, maxDepth)
	}
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, errorAt(name, src, 0, "found YAML the parser cannot read: %v (expected valid YAML)", r)
		}
	}()
	if doc, err = decodeFirst(name, src); err != nil {
		return nil, err
	}
	if top := doc.Content[0]; top.Kind != yaml.MappingNode {
		return nil, errorAt(name, src, nodeOffset(src, nil, top), "found %s at the top (expected a mapping of settings)", describe(top))
	}
	return doc, nil
}

// decodeFirst decodes the first document of src and fails when there is a
// second one. A file with no document marker ("---" or "..." at the start
// of a line) holds one document at most, so it is decoded with
// yaml.Unmarshal, which reads from memory and is a third faster than a
// Decoder reading the same bytes; a file with markers goes through a
// Decoder, which sees the documents after the first.
func decodeFirst(name string, src []byte) (*yaml.Node, error) {
	in := forParser(src)
	doc := new(yaml.Node)
	if !hasDocMarker(in) {
		if err := yaml.Unmarshal(in, doc); err != nil {
			return nil, yamlError(name, src, err)
		}
		if len(doc.Content) == 0 {
			return nil, errorAt(name, src, len(src), "found no YAML content (expected a mapping of settings)")
		}
		return doc, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(in))
	if err := dec.Decode(doc); err != nil {
		if err == io.EOF {
			return nil, errorAt(name, src, len(src), "found no YAML content (expected a mapping of settings)")
		}
		return nil, yamlError(name, src, err)
	}
	return doc, checkSingle(name, src, dec)
}

// hasDocMarker reports whether "---" or "..." starts a line of src, as a
// document marker must. It errs towards yes, which only costs the slower
// path: it also counts a marker after the last byte of any line break or
// byte order mark (0x85, 0xA8, 0xA9, 0xBF) whether or not it is one.
func hasDocMarker(src []byte) bool {
	for _, m := range []string{"---", "..."} {
		for i := 0; ; {
			j := bytes.Index(src[i:], []byte(m))
			if j < 0 {
				break
			}
			at := i + j
			if at == 0 || bytes.IndexByte([]byte("\n\r\x85\xa8\xa9\xbf"), src[at-1]) >= 0 {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// checkSingle fails when the stream holds a second document.
func checkSingle(name string, src []byte, dec *yaml.Decoder) error {
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return nil
	case err != nil:
		return yamlError(name, src, err)
	default:
		return errorAt(name, src, nodeOffset(src, nil, &extra), "found a second YAML document (expected one)")
	}
}

// forParser returns src with every byte that is not part of a UTF-8
// sequence replaced by U+FFFD, which yaml.v3 counts as one column just as a
// lone byte is counted here; it returns src itself when it is valid UTF-8.
func forParser(src []byte) []byte {
	if utf8.Valid(src) {
		return src
	}
	out := make([]byte, 0, len(src)+16)
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, src[i:i+size]...)
		}
		i += size
	}
	return out
}

// describe names the kind of a node for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.AliasNode:
		return "an alias (*" + n.Value + ")"
	case yaml.ScalarNode:
		return fmt.Sprintf("the scalar %q", n.Value)
	}
	return "an empty document"
}
