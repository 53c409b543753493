package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf"
)

// The values of the state argument.
const (
	statePresent = "present"
	stateAbsent  = "absent"
	stateQuery   = "query"
)

// args are a task's arguments, checked.
type args struct {
	Host     string
	IP       string
	MTAID    int
	Role     string
	State    string
	Root     string
	Validate bool
	Backup   bool
	ID       string // state=undo: the change to undo; "" the latest

	CheckMode bool // _ansible_check_mode: write nothing
	Diff      bool // _ansible_diff: return before and after
}

// argSetters parse each argument the module accepts into a.
var argSetters = map[string]func(a *args, v any) error{
	"host":     func(a *args, v any) error { return asString(v, &a.Host) },
	"ip":       func(a *args, v any) error { return asString(v, &a.IP) },
	"mta_id":   func(a *args, v any) error { return asInt(v, &a.MTAID) },
	"role":     func(a *args, v any) error { return asString(v, &a.Role) },
	"state":    func(a *args, v any) error { return asString(v, &a.State) },
	"root":     func(a *args, v any) error { return asString(v, &a.Root) },
	"validate": func(a *args, v any) error { return asBool(v, &a.Validate) },
	"backup":   func(a *args, v any) error { return asBool(v, &a.Backup) },
	"id":       func(a *args, v any) error { return asString(v, &a.ID) },

	"_ansible_check_mode": func(a *args, v any) error { return asBool(v, &a.CheckMode) },
	"_ansible_diff":       func(a *args, v any) error { return asBool(v, &a.Diff) },
}

// readArgs reads the JSON arguments file at path and checks it. Ansible's
// other internal "_ansible_*" keys are ignored; any other unknown key is an
// error naming it.
func readArgs(path string) (*args, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the arguments file: %w", err)
	}
	return parseArgs(path, data)
}

// parseArgs parses and checks data, the arguments file named name.
func parseArgs(name string, data []byte) (*args, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("the arguments file %s is not a JSON object: %w", name, err)
	}
	a := &args{Role: string(momoconf.RolePlatform), State: statePresent, Root: "/"}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		set, ok := argSetters[k]
		if !ok {
			if strings.HasPrefix(k, "_ansible_") {
				continue
			}
			return nil, fmt.Errorf("unsupported argument %q (expected one of %s)", k, strings.Join(publicArgs(), ", "))
		}
		if raw[k] == nil {
			continue // null: the default
		}
		if err := set(a, raw[k]); err != nil {
			return nil, fmt.Errorf("argument %s: %w", k, err)
		}
	}
	return a, a.check()
}

func publicArgs() []string {
	var names []string
	for _, k := range slices.Sorted(maps.Keys(argSetters)) {
		if !strings.HasPrefix(k, "_") {
			names = append(names, k)
		}
	}
	return names
}

// check refuses combinations the module cannot act on.
func (a *args) check() error {
	switch momoconf.Role(a.Role) {
	case momoconf.RolePlatform:
	case momoconf.RoleAnalytics:
		if a.MTAID != 0 {
			return fmt.Errorf("mta_id is for Platform nodes only: an Analytics node has none (leave mta_id out with role=analytics)")
		}
	default:
		return fmt.Errorf("role %q is not supported (expected platform or analytics)", a.Role)
	}
	switch a.State {
	case statePresent:
		if a.Host == "" {
			return fmt.Errorf("state=present needs host")
		}
		if a.IP == "" && !a.analytics() {
			return fmt.Errorf("state=present needs host and ip (ip is optional only with role=analytics)")
		}
	case stateAbsent:
		if a.Host == "" {
			return fmt.Errorf("state=absent needs host")
		}
		if a.MTAID != 0 {
			return fmt.Errorf("mta_id is for state=present only")
		}
	case stateQuery, stateUndo:
	default:
		return fmt.Errorf("state %q is not supported (expected present, absent, query or undo)", a.State)
	}
	if a.Root == "" {
		return fmt.Errorf("root is empty (expected a folder; the default is /)")
	}
	return nil
}

// analytics reports whether the task is about an Analytics node.
func (a *args) analytics() bool { return momoconf.Role(a.Role) == momoconf.RoleAnalytics }

// node is the node the task names.
func (a *args) node() momoconf.Node {
	return momoconf.Node{Host: a.Host, IP: a.IP, MTAID: a.MTAID, Role: momoconf.Role(a.Role)}
}

func asString(v any, dst *string) error {
	switch x := v.(type) {
	case string:
		*dst = x
	case float64:
		*dst = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Errorf("%v is not a string", v)
	}
	return nil
}

// asInt accepts a JSON number or a string of digits, as Ansible templates
// may give either.
func asInt(v any, dst *int) error {
	switch x := v.(type) {
	case float64:
		if x != float64(int(x)) {
			return fmt.Errorf("%v is not an integer", v)
		}
		*dst = int(x)
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return fmt.Errorf("%q is not an integer", x)
		}
		*dst = n
	default:
		return fmt.Errorf("%v is not an integer", v)
	}
	return nil
}

// asBool accepts what Ansible's boolean type accepts: true and false, and
// the strings yes/no, on/off, true/false, 1/0 in any case.
func asBool(v any, dst *bool) error {
	switch x := v.(type) {
	case bool:
		*dst = x
		return nil
	case float64:
		if x == 0 || x == 1 {
			*dst = x == 1
			return nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "yes", "on", "true", "1", "y", "t":
			*dst = true
			return nil
		case "no", "off", "false", "0", "n", "f":
			*dst = false
			return nil
		}
	}
	return fmt.Errorf("%v is not a boolean (expected true or false)", v)
}
