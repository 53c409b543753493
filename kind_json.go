package momoconf

import (
	"errors"

	"github.com/momoconf/momoconf/jsonconf"
)

var usersAPISpec = jsonHostsSpec(KindUsersAPI, "users_api", "cassandra.hosts", "USERS",
	"opt/msys/app/users-api/config/production.json")

var webhooksAPISpec = jsonHostsSpec(KindWebhooksAPI, "webhooks_api", "cql.contactPoints", "HOOKS",
	"opt/msys/app/webhooks-api/config/production.json")

// jsonHostsSpec describes an application's production.json whose array at
// path lists the Platform (Cassandra) nodes.
func jsonHostsSpec(k Kind, name, path, short string, paths ...string) *kindSpec {
	return &kindSpec{
		kind: k, name: name, paths: paths, host: RoleAnalytics,
		parse: func(file string, src []byte) (content, error) {
			f, err := jsonconf.Parse(file, src)
			if err != nil {
				return nil, err
			}
			return &jsonHostsFile{f: f, path: path, short: short}, nil
		},
	}
}

// jsonHostsFile is a production.json with an array of Platform hosts.
type jsonHostsFile struct {
	f     *jsonconf.File
	path  string
	short string
}

// Bytes returns the file with the edits made so far.
func (j *jsonHostsFile) Bytes() []byte { return j.f.Bytes() }

// lists returns the array, or nothing when the file has none: a file
// without the list has nothing to compare.
func (j *jsonHostsFile) lists() []memberList {
	hosts, err := j.f.Strings(j.path)
	if err != nil {
		return nil
	}
	l := memberList{field: j.path, short: j.short, role: RolePlatform}
	for _, h := range hosts {
		l.entries = append(l.entries, entry{name: h})
	}
	return []memberList{l}
}

func (j *jsonHostsFile) add(e *edit) error {
	hosts, err := j.f.Strings(j.path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		e.warn(WarnNoList, "has no %s; left as it is", j.path)
		e.noteSame("no %s", j.path)
		return nil
	}
	if err != nil {
		return err
	}
	if h, ok := findMatch(hosts, e.node); ok {
		e.noteSame("%s already lists %s", j.path, h)
		return nil
	}
	name := e.node.nameFor(hosts)
	if _, err := j.f.AddString(j.path, name); err != nil {
		return err
	}
	e.note("added %s to %s", name, j.path)
	return nil
}

func (j *jsonHostsFile) remove(e *edit) error {
	hosts, err := j.f.Strings(j.path)
	if errors.Is(err, jsonconf.ErrNoPath) {
		e.noteSame("no %s", j.path)
		return nil
	}
	if err != nil {
		return err
	}
	found := false
	for _, h := range hosts {
		if e.node.matches(h) {
			if _, err := j.f.RemoveString(j.path, h); err != nil {
				return err
			}
			e.note("removed %s from %s", h, j.path)
			found = true
		}
	}
	if !found {
		e.noteSame("%s does not list %s", j.path, e.node.Host)
	}
	return nil
}
