package momoconf

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/spelling"
)

// checkAdd refuses an addition that contradicts the cluster: an address
// that another member has, or a host that the peers already give another
// address.
func (c *Cluster) checkAdd(n Node) error {
	if m, ok := c.lookup(n.IP); ok && !isIP(m.Host) && !n.matches(m.Host) {
		return &conflictError{node: n, field: "ip", value: n.IP, member: m.Host, says: c.says(n)}
	}
	if m, ok := c.members[strings.ToLower(n.Host)]; ok && m.IP != "" && !sameIP(m.IP, n.IP) {
		return &conflictError{node: n, field: "host", value: n.Host, member: m.Host, says: c.says(n)}
	}
	if t := c.treeListeningOn(n); t != nil {
		owner := t.owner
		if owner == "" {
			owner = "the node of tree " + t.name
		}
		return &conflictError{node: n, field: "ip", value: n.IP, member: owner, says: c.says(n)}
	}
	return nil
}

// checkRemove refuses a removal that contradicts the cluster and fills in
// the node's address from the peers. For a host that no file lists, it
// returns a warning naming the closest member.
func (c *Cluster) checkRemove(n *Node) (*Warning, error) {
	ip, err := c.peerIP(n.Host)
	if err != nil {
		return nil, err
	}
	switch {
	case n.IP == "":
		n.IP = ip
	case ip != "" && !sameIP(ip, n.IP):
		owner := n.Host
		if m, ok := c.lookup(n.IP); ok && !isIP(m.Host) {
			owner = m.Host
		}
		return nil, &conflictError{node: *n, field: "ip", value: n.IP, member: owner, says: c.says(*n)}
	}
	if m, ok := c.lookup(n.IP); ok && !isIP(m.Host) && !n.matches(m.Host) {
		return nil, &conflictError{node: *n, field: "ip", value: n.IP, member: m.Host, says: c.says(*n)}
	}
	if c.listed(*n) || c.removedTreeOf(*n) != nil || len(c.members) == 0 {
		return nil, nil
	}
	return &Warning{Code: codes.NotListed, Message: fmt.Sprintf(
		"%s is listed in no file, so there is nothing to remove%s", n.Host, c.didYouMean(n.Host))}, nil
}

// listed reports whether some list names the node by host or address.
func (c *Cluster) listed(n Node) bool {
	if _, ok := c.lookup(n.Host); ok {
		return true
	}
	_, ok := c.lookup(n.IP)
	return ok
}

// peerIP returns the address the peers give host, or "" when none lists
// it. Different addresses in different files are an error.
func (c *Cluster) peerIP(host string) (string, error) {
	ip, from := "", ""
	for _, d := range c.docs(filekind.MsgcServer, true) {
		for _, l := range c.lists(d) {
			for _, peer := range l.entries {
				if !strings.EqualFold(peer.name, host) {
					continue
				}
				if ip != "" && !sameIP(ip, peer.addr) {
					err := fmt.Errorf("peers disagree on %s's address: %q in %s, %q in %s; give --ip", host, ip, from, peer.addr, d.rel)
					return "", placed(err, d.at(peer.pos))
				}
				ip, from = peer.addr, d.rel
			}
		}
	}
	return ip, nil
}

// says lists what the files say of the node's host and address: each
// peer entry naming either, with the files that hold it, and each tree
// listening on the address.
func (c *Cluster) says(n Node) []string {
	byEntry := map[string][]string{}
	for _, d := range c.docs(filekind.MsgcServer, false) {
		for _, l := range c.lists(d) {
			for _, e := range l.entries {
				if strings.EqualFold(e.name, n.Host) || (n.IP != "" && sameIP(e.addr, n.IP)) {
					key := fmt.Sprintf("%s = %q", e.name, e.addr)
					byEntry[key] = append(byEntry[key], d.rel)
				}
			}
		}
	}
	var out []string
	for _, key := range slices.Sorted(maps.Keys(byEntry)) {
		out = append(out, fmt.Sprintf("%s in %s", key, filesPhrase(byEntry[key])))
	}
	for _, t := range c.counted() {
		if t.listen != "" && n.IP != "" && sameIP(t.listen, n.IP) {
			out = append(out, fmt.Sprintf("tree %s listens on %s (cassandra.yaml listen_address)", t.name, t.listen))
		}
	}
	return out
}

// filesPhrase names up to two files and counts the others.
func filesPhrase(files []string) string {
	if len(files) <= 2 {
		return strings.Join(files, " and ")
	}
	return fmt.Sprintf("%s, %s and %d other file(s)", files[0], files[1], len(files)-2)
}

// didYouMean names the member host closest to host in spelling.
func (c *Cluster) didYouMean(host string) string {
	best, bestDist := "", -1
	for _, m := range c.sortedMembers() {
		if isIP(m.Host) {
			continue
		}
		if d := spelling.Distance(host, m.Host); bestDist < 0 || d < bestDist {
			best, bestDist = m.Host, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", best)
}
