package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf"
)

// decide makes the fleet's one decision from every host's query (views,
// by inventory name; hosts, every host that must have answered): the
// node's mta_id, chosen once from every host's view, its address (learned
// from the hosts that list it, for a removal) and the transaction id every
// host prepares under. It refuses, naming the hosts, when a host did not
// answer or failed, when hosts give the node two mta_ids or two addresses,
// when the node's address is another member's, and when a prepared change
// of another transaction waits on a host. Nothing is read or written.
func decide(a *args) *result {
	r := &result{}
	var problems []string
	for _, h := range a.Hosts {
		v := a.Views[h]
		switch {
		case v == nil || v.Skipped:
			problems = append(problems, fmt.Sprintf("%s: no answer to the query (it was not run there)", h))
		case v.Unreachable:
			problems = append(problems, fmt.Sprintf("%s: unreachable: %s", h, v.Msg))
		case v.Failed:
			problems = append(problems, fmt.Sprintf("%s: %s", h, v.Msg))
		}
	}
	if len(problems) > 0 {
		return r.fail(fmt.Errorf("not every host could be read, so nothing is changed anywhere:\n  %s", strings.Join(problems, "\n  ")))
	}
	ip, id, problems := a.IP, a.MTAID, nil
	ips, ids := map[string][]string{}, map[int][]string{}
	for _, h := range a.Hosts {
		v := a.Views[h]
		if v.NodeIP != "" && v.NodeIP != a.Host {
			ips[v.NodeIP] = append(ips[v.NodeIP], h)
		}
		if v.NodeMTAID != 0 {
			ids[v.NodeMTAID] = append(ids[v.NodeMTAID], h)
		}
		if v.IPHolder != "" {
			problems = append(problems, fmt.Sprintf("%s: %s is the address of member %s", h, a.IP, v.IPHolder))
		}
	}
	if len(ips) > 1 {
		problems = append(problems, "the hosts give "+a.Host+" different addresses: "+byValue(ips))
	}
	if len(ids) > 1 {
		problems = append(problems, "the hosts give "+a.Host+" different mta_ids: "+byValue(ids))
	}
	for known := range ips {
		if ip != "" && known != ip {
			problems = append(problems, fmt.Sprintf("%s is given as %s's address, but %s", ip, a.Host, byValue(ips)))
		}
		ip = known
	}
	for known := range ids {
		if id != 0 && known != id {
			problems = append(problems, fmt.Sprintf("mta_id %d is given for %s, but %s", id, a.Host, byValue(ids)))
		}
		id = known
	}
	if a.Change == statePresent && !a.analytics() && id == 0 {
		for _, h := range a.Hosts {
			id = max(id, a.Views[h].MTAID)
		}
	}
	if a.Change == statePresent && !a.analytics() {
		for _, h := range a.Hosts {
			for name, taken := range a.Views[h].MTAIDs {
				if taken == id && id != 0 && !strings.EqualFold(name, a.Host) {
					problems = append(problems, fmt.Sprintf("%s: mta_id %d is already node %s's", h, id, name))
				}
			}
		}
	}
	if a.analytics() {
		id = 0
	}
	r.TxID = txID(a, ip, id)
	for _, h := range a.Hosts {
		for _, p := range a.Views[h].Pending {
			if p.TxID != r.TxID {
				problems = append(problems, fmt.Sprintf("%s: another change is prepared there: transaction %s (%s, prepared %s); finish it by re-running its playbook, or remove it everywhere with -e momoconf_abort=%s", h, p.TxID, p.Description, p.Time, p.TxID))
			}
		}
	}
	if len(problems) > 0 {
		return r.fail(fmt.Errorf("the hosts disagree, so nothing is changed anywhere:\n  %s", strings.Join(problems, "\n  ")))
	}
	r.MTAID, r.IP = id, ip
	if r.From = a.From; r.From == "" && a.Change == statePresent {
		r.From = firstOfRole(a)
	}
	r.Msg = fmt.Sprintf("%s %s: mta_id %s, ip %s, transaction %s, on %d host(s)", a.Change, a.Host, idText(id), orNone(ip), r.TxID, len(a.Hosts))
	return r
}

// firstOfRole returns the first host, in inventory order, whose tree is
// of the node's role and is not the new node's own: the host a new node's
// files come from by default.
func firstOfRole(a *args) string {
	role := momoconf.RolePlatform
	if a.analytics() {
		role = momoconf.RoleAnalytics
	}
	for _, h := range a.Hosts {
		if v := a.Views[h]; !v.NewNode && v.TreeRole == role {
			return h
		}
	}
	return ""
}

// txID names the fleet's change: the same change (op, node, address,
// mta_id) always gets the same id, so that a re-run after the controller
// died finishes the change its first run prepared.
func txID(a *args, ip string, id int) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{a.Change, strings.ToLower(a.Host), ip, strconv.Itoa(id), a.Role}, "\x00")))
	return "momoconf-" + hex.EncodeToString(sum[:6])
}

// byValue says which hosts give each value: "10.0.0.4 on h1, h2; 10.0.0.5 on h3".
func byValue[K comparable](m map[K][]string) string {
	var parts []string
	for k, hosts := range m {
		parts = append(parts, fmt.Sprintf("%v on %s", k, strings.Join(hosts, ", ")))
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

func idText(id int) string {
	if id == 0 {
		return "none"
	}
	return strconv.Itoa(id)
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// thisHost is how a host tree's steps name the host they run on.
const thisHost = "this host"

// checklist merges the runbook's steps of every host (views: each host's
// change result, by inventory name; hosts: the inventory order) into the
// fleet's one checklist: a step every host gives once, with "this host"
// replaced by the names of the hosts that gave it. Hosts that changed
// nothing give no steps. With from (the host the new node's tree was made
// from, in the same transaction), the steps that copy files to the new
// node with scp are left out: the copy is made.
func checklist(a *args) *result {
	r := &result{Checklist: []momoconf.Step{}}
	index := map[string]int{}
	for _, h := range a.Hosts {
		v := a.Views[h]
		if v == nil || v.Failed || v.Unreachable || v.Skipped {
			continue
		}
		for _, st := range v.Steps {
			if a.From != "" && strings.Contains(st.Command, "scp ") {
				continue // the fleet made the new node's tree from a.From itself
			}
			key := st.Command + "\x00" + st.Why
			i, ok := index[key]
			if !ok {
				i = len(r.Checklist)
				index[key] = i
				r.Checklist = append(r.Checklist, momoconf.Step{Command: st.Command, Why: st.Why, Hosts: []string{}})
			}
			for _, on := range st.Hosts {
				if on == thisHost {
					on = h
				}
				if !slices.Contains(r.Checklist[i].Hosts, on) {
					r.Checklist[i].Hosts = append(r.Checklist[i].Hosts, on)
				}
			}
		}
	}
	order := map[string]int{}
	for i, h := range a.Hosts {
		order[h] = i
	}
	for i := range r.Checklist {
		r.Checklist[i].Step = i + 1
		slices.SortStableFunc(r.Checklist[i].Hosts, func(x, y string) int { return rank(order, x) - rank(order, y) })
	}
	r.Msg = momoconf.StepsText(r.Checklist)
	if r.Msg == "" {
		r.Msg = "no steps: no host changed"
	}
	return r
}

// rank places inventory hosts in inventory order, other names after them.
func rank(order map[string]int, h string) int {
	if i, ok := order[h]; ok {
		return i
	}
	return len(order)
}
