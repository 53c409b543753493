package momoconf

import (
	"bytes"
	"errors"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

// minSeeds is the number of seeds the documentation recommends.
const minSeeds = 3

var cassandraSpec = &kindSpec{
	kind:  filekind.CassandraYAML,
	edits: []Role{RolePlatform},
	host:  RolePlatform,
	parse: func(name string, src []byte) (content, error) {
		f, err := cassyaml.Parse(name, src)
		if err != nil {
			return nil, err
		}
		return &cassandraFile{f}, nil
	},
}

// nodeAddressKeys are the cassandra.yaml keys that hold a node's own
// address.
var nodeAddressKeys = []string{"listen_address", "rpc_address", "broadcast_address", "broadcast_rpc_address"}

// cassandraFile is cassandra.yaml: its listen_address tells whose tree it
// is, and its seeds name a few Platform nodes.
type cassandraFile struct{ f *cassyaml.File }

// Bytes returns the file with the edits made so far.
func (c *cassandraFile) Bytes() []byte { return c.f.Bytes() }

// listenAddress returns the node's own address, or "".
func (c *cassandraFile) listenAddress() string {
	a, _ := c.f.Get("listen_address")
	return a
}

func (c *cassandraFile) lists() []memberList {
	seeds, err := c.f.Seeds()
	if err != nil {
		return nil
	}
	l := memberList{field: "seeds", short: "SEED", role: RolePlatform, expect: expectSome}
	line := keyLine(c.f.Bytes(), "seeds:")
	for _, s := range seeds {
		l.entries = append(l.entries, entry{name: s, pos: srcpos.Position{Line: line}})
	}
	return []memberList{l}
}

// keyLine returns the number of the first line whose text, blanks and a
// list dash aside, starts with key; 0 when none does.
func keyLine(src []byte, key string) int {
	for i, line := range bytes.Split(src, []byte("\n")) {
		t := strings.TrimLeft(string(line), " \t")
		t = strings.TrimLeft(strings.TrimPrefix(t, "-"), " \t")
		if strings.HasPrefix(t, key) {
			return i + 1
		}
	}
	return 0
}

// add leaves the seeds alone (a node is added as a non-seed) unless the
// operator named the seeds: they then become the file's seeds.
func (c *cassandraFile) add(e *edit) error {
	if len(e.pl.c.change.Seeds) > 0 {
		return c.setSeedsTo(e, true)
	}
	e.noteSame("seeds left alone: a node is added as a non-seed")
	return nil
}

// remove drops the node from the seeds, or makes the seeds the hosts the
// operator named, and warns when fewer than three are left, naming the
// members that could replace it.
func (c *cassandraFile) remove(e *edit) error {
	if len(e.pl.c.change.Seeds) > 0 {
		return c.setSeedsTo(e, false)
	}
	n := e.node
	seeds, err := c.f.Seeds()
	if errors.Is(err, cassyaml.ErrNoKey) {
		e.noteSame("no seeds list")
		return nil
	}
	if err != nil {
		return err
	}
	found := false
	for _, s := range seeds {
		if n.matches(s) {
			if _, err := c.f.RemoveSeed(s); err != nil {
				return err
			}
			e.note("removed seed %s", s)
			found = true
		}
	}
	if !found {
		e.noteSame("seeds do not list %s", n.Host)
		return nil
	}
	return c.warnFewSeeds(e)
}

// setSeedsTo makes the seeds the hosts the operator named.
func (c *cassandraFile) setSeedsTo(e *edit, add bool) error {
	want, err := e.pl.c.seedHosts(e.node, add)
	if err != nil {
		return err
	}
	if _, err := c.f.Seeds(); errors.Is(err, cassyaml.ErrNoKey) {
		e.warn(codes.NoList, "no seeds list to set: seed_provider[0].parameters[0].seeds is missing")
		return nil
	}
	if err := setSeeds(c.f, e, want); err != nil {
		return err
	}
	return c.warnFewSeeds(e)
}

// warnFewSeeds warns when fewer than three seeds are left, naming the
// members that could be added.
func (c *cassandraFile) warnFewSeeds(e *edit) error {
	left, err := c.f.Seeds()
	if err != nil {
		return err
	}
	if len(left) < minSeeds {
		e.warn(codes.Seeds, "seeds now list %d host(s) (%s); three are recommended%s", len(left), strings.Join(left, ", "), e.pl.c.seedCandidates(e.node, left))
	}
	return nil
}
