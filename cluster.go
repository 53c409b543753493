package momoconf

import (
	"maps"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/hostfs"
	"github.com/momoconf/momoconf/internal/txn"
)

// Cluster is a host tree or a cluster folder as read: its trees, the
// member-listing files in them, and the members those files list. [Open]
// (or [OpenFiles]) locks and reads it once; [Cluster.AddNode],
// [Cluster.RemoveNode], [Cluster.Status] and [Cluster.Undo] check requests
// against the same model and plan on it. Planning never changes the
// model, and nothing is written until [Plan.Apply]. A Cluster is for one
// goroutine at a time: its verbs share caches of what it has read.
type Cluster struct {
	base    string // absolute folder the paths are relative to
	display string // that folder as the user named it
	trees   []*tree
	single  bool      // one host tree (--root), not a cluster folder
	files   bool      // files named one by one, not a host tree
	refs    []FileRef // the files named, when files
	opts    Options
	change  AddOptions // the change being planned, for the length of one AddNode or RemoveNode call

	members   map[string]*Member    // by key: a lower-case host name, or an address no peer names
	alias     map[string]string     // a lower-case peer name or address → member key
	aliasIP   map[netip.Addr]string // each alias that is an IP address, parsed once → member key
	peerCount map[string]int        // member key → how many trees' peers list it
	peerFiles int                   // how many msgc_server.conf files the trees hold
	listsOf   map[parseKey][]memberList
	peersOf   map[parseKey]map[string]bool
	groupsOf  map[parseKey][]*listGroup // what status makes of each distinct file's lists

	lock      *txn.Lock       // held from Open to Close; nil after Load
	recovered []*txn.Recovery // unfinished changes Open rolled back
	journal   string          // the folder of this cluster's journal

	careful     hostfs.Reader // reads the files besides the member files (copies, scans)
	carefulOnce sync.Once
}

// lists returns what a file lists, read once for all its identical copies.
func (c *Cluster) lists(d *doc) []memberList {
	if c.listsOf == nil {
		c.listsOf = map[parseKey][]memberList{}
	}
	l, ok := c.listsOf[d.key]
	if !ok {
		l = d.parse.memberLists(d.shown)
		c.listsOf[d.key] = l
	}
	return l
}

// Member is a node the cluster's files list.
type Member struct {
	Host  string `json:"host"`             // as the peers name it, lower case; or the name or address the lists use
	IP    string `json:"ip,omitempty"`     // from the msgc_server peers
	MTAID int    `json:"mta_id,omitempty"` // from the msg_gen node stanzas
	Roles []Role `json:"roles"`            // in the order platform, analytics, peer
	Tree  string `json:"tree,omitempty"`   // its host tree, when the folder holds it
}

// has reports whether the member has role r.
func (m Member) has(r Role) bool { return slices.Contains(m.Roles, r) }

// load reads dir as one host tree or, with opts.Cluster, as a folder of
// host trees, and builds the model of the cluster: who is a member, with
// which address, mta_id and role, which tree is whose. Every file that
// fails to parse is reported. A folder with no file that lists members
// is refused with an error wrapping [codes.TargetEmpty].
func load(dir string, opts Options) (*Cluster, error) {
	base, trees, err := loadTrees(dir, opts.Cluster)
	if err != nil {
		return nil, err
	}
	if len(trees) == 0 {
		return nil, emptyTarget(dir, opts)
	}
	c := &Cluster{base: base, display: dir, single: !opts.Cluster, opts: opts, trees: trees}
	c.build()
	return c, nil
}

// build derives the members from the lists, and each tree's owner.
func (c *Cluster) build() {
	c.alias, c.peerCount = map[string]string{}, map[string]int{}
	// Reading a content's lists a second time changes nothing (each
	// alias, address and mta_id is set once, roles are a set): identical
	// copies are read once.
	seen := map[parseKey]bool{}
	peerFiles := c.docs(filekind.MsgcServer, true)
	c.peerFiles = len(peerFiles)
	perContent := map[parseKey]int{} // how many peer files hold each distinct content
	for _, d := range peerFiles {
		perContent[d.key]++
		if seen[d.key] {
			continue
		}
		seen[d.key] = true
		for _, l := range c.lists(d) {
			for _, e := range l.entries {
				name := strings.ToLower(e.name)
				c.alias[name] = name
				if _, ok := c.alias[strings.ToLower(e.addr)]; !ok {
					c.alias[strings.ToLower(e.addr)] = name
				}
			}
		}
	}
	for _, d := range peerFiles {
		if n := perContent[d.key]; n > 0 {
			for name := range c.peerSet(d) {
				c.peerCount[name] += n
			}
			perContent[d.key] = 0
		}
	}
	c.indexAliasIPs()
	for _, t := range c.trees {
		c.placeTree(t)
	}
	c.markRemovedAnalyticsTrees()
	c.members = map[string]*Member{}
	roles := map[string]map[Role]bool{} // member key → the roles lists give it
	give := func(key string, r Role) {
		if roles[key] == nil {
			roles[key] = map[Role]bool{}
		}
		roles[key][r] = true
	}
	clear(seen)
	for _, t := range c.counted() {
		for _, d := range t.docs {
			if seen[d.key] {
				continue
			}
			seen[d.key] = true
			for _, l := range c.lists(d) {
				if l.expect == expectSome {
					continue
				}
				for _, e := range l.entries {
					m := c.member(e.name)
					if l.expect == expectAll {
						give(m.Host, l.role)
					}
					if e.addr != "" && m.IP == "" {
						m.IP = e.addr
					}
					if e.mtaID != 0 && m.MTAID == 0 {
						m.MTAID = e.mtaID
					}
				}
			}
		}
	}
	for _, t := range c.counted() {
		if t.owner != "" {
			give(t.owner, t.role)
			c.member(t.owner).Tree = t.name
		}
	}
	for key, m := range c.members {
		for _, r := range []Role{RolePlatform, RoleAnalytics} {
			if roles[key][r] {
				m.Roles = append(m.Roles, r)
			}
		}
		if len(m.Roles) == 0 {
			m.Roles = []Role{RolePeer}
		}
	}
	c.placeAnalyticsTrees()
}

// member returns the member a list entry names, creating it.
func (c *Cluster) member(name string) *Member {
	key := c.resolve(name)
	m, ok := c.members[key]
	if !ok {
		m = &Member{Host: key}
		c.members[key] = m
	}
	return m
}

// resolve returns the member key for a name or address as a list writes
// it: the peer name where the peers know it, matching an address in any
// of its spellings.
func (c *Cluster) resolve(s string) string {
	s = strings.ToLower(strings.TrimSuffix(strings.Trim(s, "[]"), "."))
	if k, ok := c.alias[s]; ok {
		return k
	}
	if k, ok := c.aliasOfIP(s); ok {
		return k
	}
	return s
}

// indexAliasIPs parses, once, each alias that is an IP address, so that
// an address spelt otherwise (IPv6 in another form, in brackets) finds
// its member with one lookup. Where two spellings of one address name
// different members, the alias first in sorted order wins, as in every
// run.
func (c *Cluster) indexAliasIPs() {
	c.aliasIP = map[netip.Addr]string{}
	for _, a := range slices.Sorted(maps.Keys(c.alias)) {
		ip, err := netip.ParseAddr(strings.Trim(a, "[]"))
		if err != nil {
			continue
		}
		if _, ok := c.aliasIP[ip]; !ok {
			c.aliasIP[ip] = c.alias[a]
		}
	}
}

// aliasOfIP returns the member key of the alias that is the same IP
// address as s, if any.
func (c *Cluster) aliasOfIP(s string) (string, bool) {
	ip, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return "", false
	}
	k, ok := c.aliasIP[ip]
	return k, ok
}

// peerSet returns the peer names of a msgc_server.conf, lower case, read
// once for all its identical copies.
func (c *Cluster) peerSet(d *doc) map[string]bool {
	if c.peersOf == nil {
		c.peersOf = map[parseKey]map[string]bool{}
	}
	set, ok := c.peersOf[d.key]
	if !ok {
		set = map[string]bool{}
		for _, l := range c.lists(d) {
			for _, e := range l.entries {
				set[strings.ToLower(e.name)] = true
			}
		}
		c.peersOf[d.key] = set
	}
	return set
}

// docs returns every file of kind k across the trees, those of removed
// nodes' trees only with all.
func (c *Cluster) docs(k filekind.Kind, all bool) []*doc {
	var out []*doc
	for _, t := range c.trees {
		if t.removed && !all {
			continue
		}
		if d := t.doc(k); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// sortedMembers returns the cluster's members, sorted by host.
func (c *Cluster) sortedMembers() []Member {
	var out []Member
	for _, k := range slices.Sorted(maps.Keys(c.members)) {
		out = append(out, *c.members[k])
	}
	return out
}

// lookup returns the member whose host name or address s is, if any.
func (c *Cluster) lookup(s string) (*Member, bool) {
	if s == "" {
		return nil, false
	}
	m, ok := c.members[c.resolve(s)]
	return m, ok
}
