package momoconf

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/jsonconf"
)

// The arrays of hosts in the applications' production.json: Platform
// (Cassandra) hosts for the APIs, Vertica (Analytics) hosts for the APIs,
// their cron jobs and the Platform nodes' ETLs. Only the root
// vertica.hosts is a list: an application.vertica.hosts left over from
// before the 4.2 upgrade is never read or edited.
var (
	cassandraHosts = jsonList{path: "cassandra.hosts", short: "USERS", role: RolePlatform}
	cqlHosts       = jsonList{path: "cql.contactPoints", short: "HOOKS", role: RolePlatform}
	verticaHosts   = jsonList{path: "vertica.hosts", short: "VERT", role: RoleAnalytics}
	// users-api's vertica.hosts is kept current where it exists; most
	// installations have none, which is no reason for a warning.
	usersVerticaHosts = jsonList{path: "vertica.hosts", short: "VERT", role: RoleAnalytics, optional: true}
)

var usersAPISpec = jsonHostsSpec(filekind.UsersAPI, RoleAnalytics, cassandraHosts, usersVerticaHosts)

var webhooksAPISpec = jsonHostsSpec(filekind.WebhooksAPI, RoleAnalytics, cqlHosts, verticaHosts)

var (
	adaptiveDeliveryAPISpec  = jsonHostsSpec(filekind.AdaptiveDeliveryAPI, RoleAnalytics, verticaHosts)
	adaptiveDeliveryCronSpec = jsonHostsSpec(filekind.AdaptiveDeliveryCron, RoleAnalytics, verticaHosts)
	metricsAPISpec           = jsonHostsSpec(filekind.MetricsAPI, RoleAnalytics, verticaHosts)
	metricsCronSpec          = jsonHostsSpec(filekind.MetricsCron, RoleAnalytics, verticaHosts)
	metricsETLSpec           = jsonHostsSpec(filekind.MetricsETL, RolePlatform, verticaHosts)
	webhooksETLSpec          = jsonHostsSpec(filekind.WebhooksETL, RolePlatform, verticaHosts)
	adaptiveDeliveryETLSpec  = jsonHostsSpec(filekind.AdaptiveDeliveryETL, RolePlatform, verticaHosts)
)

// jsonList is one array of host names in a production.json: its path
// from the root, a status column heading, and the role of its hosts.
type jsonList struct {
	path     string
	short    string
	role     Role
	optional bool // a file without it is no cause for a warning
}

// jsonHostsSpec describes an application's production.json, held by
// hosts of role host, with the arrays of hosts lists.
func jsonHostsSpec(k filekind.Kind, host Role, lists ...jsonList) *kindSpec {
	var edits []Role
	for _, l := range lists {
		edits = append(edits, l.role)
	}
	return &kindSpec{
		kind: k, host: host, edits: edits,
		parse: func(file string, src []byte) (content, error) {
			f, err := jsonconf.Parse(file, src)
			if err != nil {
				return nil, err
			}
			return &jsonHostsFile{f: f, arrays: lists}, nil
		},
	}
}

// jsonHostsFile is a production.json with arrays of hosts.
type jsonHostsFile struct {
	f      *jsonconf.File
	arrays []jsonList
}

// Bytes returns the file with the edits made so far.
func (j *jsonHostsFile) Bytes() []byte { return j.f.Bytes() }

// lists returns the arrays the file holds: a file without one has
// nothing to compare.
func (j *jsonHostsFile) lists() []memberList {
	var out []memberList
	for _, a := range j.arrays {
		hosts, err := j.f.Strings(a.path)
		if err != nil {
			continue
		}
		l := memberList{field: a.path, short: a.short, role: a.role}
		for _, h := range hosts {
			l.entries = append(l.entries, entry{name: h})
		}
		out = append(out, l)
	}
	return out
}

// arraysFor returns the file's arrays of the role's hosts.
func (j *jsonHostsFile) arraysFor(r Role) []jsonList {
	var out []jsonList
	for _, a := range j.arrays {
		if a.role == r {
			out = append(out, a)
		}
	}
	return out
}

// problems names a list of hosts the file holds in a form no list takes
// (a number, an object, an array of other than strings): status counts
// it as drift, since the application reads no hosts from it. A file
// without the list at all is not drift (an edit warns of it instead).
func (j *jsonHostsFile) problems() []string {
	var out []string
	for _, a := range j.arrays {
		if _, err := j.f.Strings(a.path); err != nil && !errors.Is(err, jsonconf.ErrNoPath) {
			out = append(out, fmt.Sprintf("%s is not a list of host names: %v", a.path, err))
		}
	}
	return out
}

func (j *jsonHostsFile) add(e *edit) error {
	for _, a := range j.arraysFor(e.role()) {
		if err := j.addTo(a, e); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonHostsFile) addTo(a jsonList, e *edit) error {
	hosts, err := j.f.Strings(a.path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		if !a.optional {
			e.warn(codes.NoList, "has no %s; left as it is", a.path)
		}
		e.noteSame("no %s", a.path)
		return nil
	}
	if err != nil {
		return err
	}
	if err := e.needIP(hosts, a.path); err != nil {
		return err
	}
	if h, ok := findMatch(hosts, e.node); ok {
		e.noteSame("%s already lists %s", a.path, h)
		return nil
	}
	name := e.node.nameFor(hosts)
	if _, err := j.f.AddString(a.path, name); err != nil {
		return err
	}
	e.note("added %s to %s", name, a.path)
	return nil
}

func (j *jsonHostsFile) remove(e *edit) error {
	for _, a := range j.arraysFor(e.role()) {
		if err := j.removeFrom(a, e); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonHostsFile) removeFrom(a jsonList, e *edit) error {
	hosts, err := j.f.Strings(a.path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		e.noteSame("no %s", a.path)
		return nil
	}
	if err != nil {
		return err
	}
	if a.role == RoleAnalytics {
		if err := e.needIP(hosts, a.path); err != nil {
			return err
		}
		if err := e.keepOne(hosts, a.path, "host"); err != nil {
			return err
		}
	}
	found := false
	for _, h := range hosts {
		if e.node.matches(h) {
			if _, err := j.f.RemoveString(a.path, h); err != nil {
				return err
			}
			e.note("removed %s from %s", h, a.path)
			found = true
		}
	}
	if !found {
		e.noteSame("%s does not list %s", a.path, e.node.Host)
	}
	return nil
}
