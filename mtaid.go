package momoconf

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/srcpos"
)

// nodeIDs maps a node name (lower case) to its mta_id in one msg_gen.conf.
type nodeIDs map[string]int

// msgGenOf returns the parsed msg_gen.conf of d, a filekind.MsgGen file.
func msgGenOf(d *doc) *ecconf.File { return d.view().(*msgGenFile).f }

// stanzaAt returns the place, in d as it is shown, of the first node
// stanza of its msg_gen.conf whose name is one match accepts and whose
// mta_id is id, or no place when there is none.
func stanzaAt(d *doc, match func(name string) bool, id int) srcpos.Position {
	for _, st := range msgGenOf(d).Nodes() {
		if st.MTAID == id && match(st.Name) {
			return d.at(st.Pos)
		}
	}
	return srcpos.Position{}
}

func activeIDs(d *doc) nodeIDs {
	m := nodeIDs{}
	for _, st := range msgGenOf(d).Nodes() {
		m[strings.ToLower(st.Name)] = st.MTAID
	}
	return m
}

// chooseMTAID settles the mta_id of the node being added. The
// msg_gen.conf files must agree on every other node's mta_id; the node
// keeps an id it already has; an id given by the operator must be free;
// otherwise the next id above the highest in use is taken, moving past ids
// that commented-out stanzas still show. With no msg_gen.conf, it returns
// the id given (or 0).
func chooseMTAID(docs []*doc, n Node) (int, []Warning, error) {
	if len(docs) == 0 {
		return n.MTAID, nil, nil
	}
	others, existing, err := agreedIDs(docs, n)
	if err != nil {
		return 0, nil, err
	}
	retired := map[int]bool{}
	seen := map[content]bool{}
	for _, d := range docs {
		if seen[d.view()] {
			continue
		}
		seen[d.view()] = true
		for _, st := range msgGenOf(d).CommentedNodes() {
			if st.MTAID > 0 {
				retired[st.MTAID] = true
			}
		}
	}
	owner := map[int]string{}
	for name, id := range others {
		owner[id] = name
	}
	switch {
	case existing != 0 && n.MTAID != 0 && n.MTAID != existing:
		return 0, nil, placed(fmt.Errorf("node %s already has mta_id %d in %s; mta_id must not change once configured (%w)", n.Host, existing, docs[0].shown, codes.MTAIDTaken),
			stanzaAt(docs[0], n.matches, existing))
	case existing != 0:
		return existing, nil, nil
	case n.MTAID != 0:
		if name, taken := owner[n.MTAID]; taken {
			err := fmt.Errorf("mta_id %d is already node %s's; mta_id must be unique (%w)", n.MTAID, name, codes.MTAIDTaken)
			return 0, nil, placed(err, stanzaAt(docs[0], func(s string) bool { return strings.EqualFold(s, name) }, n.MTAID))
		}
		var warnings []Warning
		if retired[n.MTAID] {
			warnings = append(warnings, Warning{Code: codes.MTAIDRetired, Message: fmt.Sprintf("mta_id %d is shown by a commented-out node stanza; it is reused", n.MTAID)})
		}
		return n.MTAID, warnings, nil
	}
	next := 1
	for id := range owner {
		next = max(next, id+1)
	}
	for retired[next] {
		next++
	}
	if next > maxMTAID {
		return 0, nil, fmt.Errorf("no mta_id left above %d (the largest allowed is %d); give one with the node", next-1, maxMTAID)
	}
	return next, nil, nil
}

// agreedIDs checks that every msg_gen.conf gives the same mta_id to every
// node other than n, and to n where it is listed. It returns the map of the
// other nodes and n's id (0 when no file lists n). Identical files are
// read once: they agree with each other.
func agreedIDs(docs []*doc, n Node) (nodeIDs, int, error) {
	var first *viewIDs
	var firstDoc *doc
	existing, existingDoc := 0, (*doc)(nil)
	var problems []string
	views := map[content]*viewIDs{}
	for _, d := range docs {
		v, ok := views[d.view()]
		if !ok {
			v = idsOfView(d, n)
			views[d.view()] = v
		}
		for _, id := range v.own {
			if existingDoc != nil && id != existing {
				problems = append(problems, fmt.Sprintf("node %s has mta_id %d in %s but %d in %s", n.Host, existing, existingDoc.rel, id, d.rel))
			}
			existing, existingDoc = id, d
		}
		if first == nil {
			first, firstDoc = v, d
			continue
		}
		if !v.agrees(first) {
			problems = append(problems, compareIDs(first.others, firstDoc.rel, v.others, d.rel)...)
		}
	}
	if len(problems) > 0 {
		return nil, 0, fmt.Errorf("the msg_gen.conf files disagree, so no mta_id can be chosen safely:\n  %s", strings.Join(problems, "\n  "))
	}
	return first.others, existing, nil
}

// viewIDs is what one distinct msg_gen.conf content says of the mta_ids.
type viewIDs struct {
	others nodeIDs           // every node but the one being added
	own    []int             // the ids of the stanzas naming that node
	agree  map[*viewIDs]bool // whether others equals another content's, as found
}

func idsOfView(d *doc, n Node) *viewIDs {
	v := &viewIDs{others: activeIDs(d), agree: map[*viewIDs]bool{}}
	for name, id := range v.others {
		if n.matches(name) {
			delete(v.others, name)
			v.own = append(v.own, id)
		}
	}
	return v
}

// agrees reports whether v and w give every other node the same mta_id.
func (v *viewIDs) agrees(w *viewIDs) bool {
	if v == w {
		return true
	}
	same, ok := v.agree[w]
	if !ok {
		same = maps.Equal(v.others, w.others)
		v.agree[w] = same
	}
	return same
}

// compareIDs lists how two node → mta_id maps differ.
func compareIDs(a nodeIDs, aName string, b nodeIDs, bName string) []string {
	var out []string
	names := slices.Sorted(maps.Keys(a))
	for _, name := range names {
		id, ok := b[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("node %s (mta_id %d) is in %s but not in %s", name, a[name], aName, bName))
		case id != a[name]:
			out = append(out, fmt.Sprintf("node %s has mta_id %d in %s but %d in %s", name, a[name], aName, id, bName))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[name]; !ok {
			out = append(out, fmt.Sprintf("node %s (mta_id %d) is in %s but not in %s", name, b[name], bName, aName))
		}
	}
	return out
}
