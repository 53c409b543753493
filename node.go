package momoconf

import (
	"fmt"
	"net/netip"
	"strings"
)

// Node is the node a change adds or removes: its host name (a lower-case
// FQDN, as msgc requires), its IP address, for the addition of a Platform
// node its mta_id (0 lets AddNode choose one), and its role. The zero Role
// is RolePlatform: a Platform change edits the lists of Platform nodes
// only, an Analytics change (RoleAnalytics) the lists of Analytics nodes
// only.
type Node struct {
	Host  string `json:"host"`             // the host name, as the peers name it
	IP    string `json:"ip,omitempty"`     // its address: required to add a Platform node; where empty, a removal reads it from the peers
	MTAID int    `json:"mta_id,omitempty"` // 0: chosen by the addition (kept where the node has one)
	Role  Role   `json:"role,omitempty"`   // "" is RolePlatform
}

// role returns the node's role: RolePlatform unless it says otherwise.
func (n Node) role() Role {
	if n.Role == "" {
		return RolePlatform
	}
	return n.Role
}

// maxMTAID is the largest mta_id msg_gen accepts ("a unique integer < 255").
const maxMTAID = 254

// validate checks the host name and, when set or required, the IP address
// and mta_id.
func (n Node) validate(needIP bool) error {
	if err := validHost(n.Host); err != nil {
		return err
	}
	switch n.role() {
	case RolePlatform:
	case RoleAnalytics:
		if n.MTAID != 0 {
			return fmt.Errorf("node %s: an Analytics node has no mta_id (mta_id %d given)", n.Host, n.MTAID)
		}
		needIP = false
	default:
		return fmt.Errorf("node %s: role %q is not one a node can be added or removed as (expected %s or %s)", n.Host, n.Role, RolePlatform, RoleAnalytics)
	}
	if n.IP == "" {
		if needIP {
			return fmt.Errorf("node %s: an IP address is required", n.Host)
		}
	} else if _, err := netip.ParseAddr(n.IP); err != nil {
		return fmt.Errorf("node %s: %q is not an IP address", n.Host, n.IP)
	}
	if n.MTAID != 0 && (n.MTAID < 1 || n.MTAID > maxMTAID) {
		return fmt.Errorf("node %s: mta_id %d is out of range (expected 1 to %d)", n.Host, n.MTAID, maxMTAID)
	}
	return nil
}

// validHost accepts a lower-case DNS name: labels of letters, digits and
// hyphens (underscores too, which some internal zones use) joined by dots.
// Upper case is refused because msgc will not initialise with an
// upper-case peer name.
func validHost(h string) error {
	if h == "" {
		return fmt.Errorf("a host name is required")
	}
	if h != strings.ToLower(h) {
		return fmt.Errorf("host %q has upper-case letters; msgc requires lower-case peer names (use %q)", h, strings.ToLower(h))
	}
	if len(h) > 253 {
		return fmt.Errorf("host %q is longer than 253 characters", h)
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("host %q is not a valid host name", h)
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("host %q is not a valid host name (character %q)", h, c)
			}
		}
	}
	return nil
}

// matches reports whether an entry naming s (a host name or address) names
// the node: the host compared without regard to case, or the IP.
func (n Node) matches(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if strings.EqualFold(s, n.Host) {
		return true
	}
	return n.IP != "" && sameIP(s, n.IP)
}

func sameIP(a, b string) bool {
	x, err1 := netip.ParseAddr(strings.Trim(a, "[]"))
	y, err2 := netip.ParseAddr(strings.Trim(b, "[]"))
	return err1 == nil && err2 == nil && x == y
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}

// nameFor returns how a new entry names the node in a list whose existing
// entries are names: the IP where every one of them is an IP literal (and
// there is at least one), the host name otherwise.
func (n Node) nameFor(names []string) string {
	if len(names) == 0 || n.IP == "" {
		return n.Host
	}
	for _, s := range names {
		if !isIP(s) {
			return n.Host
		}
	}
	return n.IP
}
