package ecconf

import (
	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Peer is an entry of msgc_server's peers hash: NAME = "ADDR".
type Peer struct {
	Name, Addr string // the key and the value, unquoted
	Pos        srcpos.Position
}

// peersOption returns the peers option that takes effect: the last one of
// the last msgc_server scope that has one, or nil.
func (f *File) peersOption() *Option {
	scopes := f.Find("msgc_server")
	for i := len(scopes) - 1; i >= 0; i-- {
		if o := scopes[i].Option("peers"); o != nil {
			return o
		}
	}
	return nil
}

// Peers returns the active entries of msgc_server's peers hash, in order;
// nil when there is no peers hash.
func (f *File) Peers() []Peer {
	o := f.peersOption()
	if o == nil || o.Value.Kind != Hash {
		return nil
	}
	out := make([]Peer, 0, len(o.Value.Entries))
	for _, e := range o.Value.Entries {
		out = append(out, Peer{Name: e.Key, Addr: e.Value.Text, Pos: e.Pos})
	}
	return out
}

// AddPeer adds the entry name = "addr" to msgc_server's peers hash, right
// after the last active entry and cloned from it (indent, spacing around
// "=", quoting of the address, line endings); commented-out entries below
// it stay below. It does nothing and returns false when an entry named name
// (ASCII case-insensitive) exists, and fails when there is no
// msgc_server { peers = [ ] }.
func (f *File) AddPeer(name, addr string) (changed bool, err error) {
	o := f.peersOption()
	if o == nil {
		return false, f.missing("msgc_server", "peers", "msgc_server { peers = [ ... ] }")
	}
	if err := f.optionOf(o, Hash); err != nil {
		return false, err
	}
	if o.Value.Entry(name) != nil {
		return false, nil
	}
	quoted := true
	if n := len(o.Value.Entries); n > 0 {
		quoted = o.Value.Entries[n-1].Value.Quoted
	}
	return f.AddEntry(o, name, word(addr, quoted))
}

// RemovePeer removes every peers entry named name (ASCII case-insensitive),
// each with its line when it is alone there. It returns false, changing
// nothing, when there is none.
func (f *File) RemovePeer(name string) (changed bool, err error) {
	for {
		o := f.peersOption()
		if o == nil || o.Value.Kind != Hash {
			return changed, nil
		}
		i := indexOfKey(o.Value.Entries, name)
		if i < 0 {
			return changed, nil
		}
		if _, err := f.RemoveEntry(o, i); err != nil {
			return changed, err
		}
		changed = true
	}
}

func indexOfKey(entries []*Entry, key string) int {
	for i, e := range entries {
		if source.EqualFoldASCII(e.Key, key) {
			return i
		}
	}
	return -1
}
