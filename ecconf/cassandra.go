package ecconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// CassandraURI is an element of msg_gen.conf's cassandra_client uri list,
// "name=cassandra_db;host=H;port=9160".
type CassandraURI struct {
	Host, Port string // the host= and port= fields; "" when absent
	Raw        string // the element as written, quotes included
	Pos        srcpos.Position
}

const defaultCassandraURI = "name=cassandra_db;host=%s;port=9160"

// cassandraURI returns the uri option that takes effect: the last one of
// the last cassandra_client scope that has one, or nil.
func (f *File) cassandraURI() *Option {
	scopes := f.Find("cassandra_client")
	for i := len(scopes) - 1; i >= 0; i-- {
		if o := scopes[i].Option("uri"); o != nil {
			return o
		}
	}
	return nil
}

// CassandraURIs returns the active (not commented out) elements of
// cassandra_client's uri list, in order; nil when there is no
// cassandra_client uri option. A uri written as a single string counts as a
// one-element list.
func (f *File) CassandraURIs() []CassandraURI {
	o := f.cassandraURI()
	if o == nil {
		return nil
	}
	elems := o.Value.Elems
	if o.Value.Kind == Scalar {
		elems = []*Value{o.Value}
	}
	out := make([]CassandraURI, 0, len(elems))
	for _, e := range elems {
		out = append(out, CassandraURI{
			Host: uriField(e.Text, "host"), Port: uriField(e.Text, "port"), Raw: e.Raw, Pos: e.Pos,
		})
	}
	return out
}

// uriField returns the value of field key (ASCII case-insensitive) of a
// ";"-separated list of key=value fields, or "".
func uriField(text, key string) string {
	for _, field := range strings.Split(text, ";") {
		k, v, ok := strings.Cut(field, "=")
		if ok && source.EqualFoldASCII(strings.TrimSpace(k), key) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// setURIField returns text with the value of field key replaced by val,
// the spacing around it kept, and whether the field was there.
func setURIField(text, key, val string) (string, bool) {
	fields := strings.Split(text, ";")
	for i, field := range fields {
		k, v, ok := strings.Cut(field, "=")
		if ok && source.EqualFoldASCII(strings.TrimSpace(k), key) {
			lead := v[:len(v)-len(strings.TrimLeft(v, " \t"))]
			trail := v[len(strings.TrimRight(v, " \t")):]
			fields[i] = k + "=" + lead + val + trail
			return strings.Join(fields, ";"), true
		}
	}
	return text, false
}

// AddCassandraHost appends a uri element for host right after the last
// active element, cloned from it: the same fields in the same order
// (name=, port=, anything else) with only host= changed, the same quoting
// and layout. An empty list gets "name=cassandra_db;host=HOST;port=9160".
// It does nothing and returns false when an element's host= field already
// equals host (ASCII case-insensitive). It fails when the file has no
// cassandra_client { uri = ( ) }.
func (f *File) AddCassandraHost(host string) (changed bool, err error) {
	o := f.cassandraURI()
	if o == nil {
		return false, f.missing("cassandra_client", "uri", "cassandra_client { uri = ( ... ) }")
	}
	for _, u := range f.CassandraURIs() {
		if source.EqualFoldASCII(u.Host, host) {
			return false, nil
		}
	}
	if err := f.optionOf(o, List); err != nil {
		return false, err
	}
	raw := Quote(strings.Replace(defaultCassandraURI, "%s", host, 1))
	if n := len(o.Value.Elems); n > 0 {
		raw = cloneURI(o.Value.Elems[n-1], host, raw)
	}
	return f.AppendElement(o, raw)
}

// cloneURI writes last with its host= field set to host, or def when last
// has no host= field.
func cloneURI(last *Value, host, def string) string {
	if !strings.HasPrefix(last.Raw, `"`) {
		// bare or single-quoted: write it anew, double-quoted
		text, ok := setURIField(last.Text, "host", host)
		if !ok || last.Kind != Scalar {
			return def
		}
		return Quote(text)
	}
	text, ok := setURIField(last.Raw[1:len(last.Raw)-1], "host", host)
	if !ok {
		return def
	}
	return `"` + text + `"`
}

// RemoveCassandraHost removes every uri element whose host= field equals
// host (ASCII case-insensitive), each with its line when it is alone there.
// It returns false, changing nothing, when none does; a file without a
// cassandra_client uri has none.
func (f *File) RemoveCassandraHost(host string) (changed bool, err error) {
	for {
		o := f.cassandraURI()
		if o == nil || o.Value.Kind != List {
			return changed, nil
		}
		i := indexOfHost(o.Value.Elems, host)
		if i < 0 {
			return changed, nil
		}
		if _, err := f.RemoveElement(o, i); err != nil {
			return changed, err
		}
		changed = true
	}
}

func indexOfHost(elems []*Value, host string) int {
	for i, e := range elems {
		if source.EqualFoldASCII(uriField(e.Text, "host"), host) {
			return i
		}
	}
	return -1
}

// missing reports that the scope path the verb edits is absent, at the
// scope named first when it exists, else at the start of the file.
func (f *File) missing(first, option, want string) error {
	pos := srcpos.Position{Filename: f.name, Line: 1, Column: 1}
	found, sentinel := "no "+first+" scope", ErrNoScope
	if s := f.Find(first); len(s) > 0 {
		pos, found, sentinel = s[len(s)-1].Pos, first+" without "+option, ErrNoOption
	}
	return &Error{Pos: pos, Msg: "found " + found + " (expected " + want + ")", Err: sentinel}
}
