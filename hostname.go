package momoconf

import (
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/codes"
)

// isFQDN reports whether a host name has more than one label.
func isFQDN(h string) bool { return strings.Contains(strings.TrimSuffix(h, "."), ".") }

// hostFormWarning returns a warning when n's host name is a short name and
// every member the files name by host name has an FQDN, or n's is an FQDN
// and every member's is short: msgc and msg_gen match names as written,
// so a node named otherwise than its peers is easily a second name for
// one host. Members named by address only are not counted; with none
// left there is nothing to compare, and no warning.
func (c *Cluster) hostFormWarning(n Node) *Warning {
	var names []string
	for _, m := range c.sortedMembers() {
		if isIP(m.Host) || n.matches(m.Host) {
			continue
		}
		if isFQDN(m.Host) == isFQDN(n.Host) {
			return nil
		}
		names = append(names, m.Host)
	}
	if len(names) == 0 {
		return nil
	}
	form, theirs := "a short name", "an FQDN"
	if isFQDN(n.Host) {
		form, theirs = "an FQDN", "a short name"
	}
	if len(names) > 3 {
		names = append(names[:3], "...")
	}
	return &Warning{Code: codes.HostForm, Message: fmt.Sprintf(
		"host %s is %s, but every member is named by %s (%s); give the node's name in the members' form", n.Host, form, theirs, strings.Join(names, ", "))}
}

// warnHostForm adds to p, when there is one, the warning that the node's
// host name is not in the members' form.
func (c *Cluster) warnHostForm(p *Plan, n Node) {
	if p == nil {
		return
	}
	if w := c.hostFormWarning(n); w != nil {
		p.warn(*w)
	}
}
