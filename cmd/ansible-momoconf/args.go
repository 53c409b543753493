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
	statePresent   = "present"
	stateAbsent    = "absent"
	stateQuery     = "query"
	stateExport    = "export"    // the new node's files, as this host's tree gives them
	stateDecide    = "decide"    // the fleet's one decision, from every host's query
	stateChecklist = "checklist" // the fleet's steps, from every host's result
)

// The values of the phase argument: a change in two phases across hosts.
const (
	phaseNone    = ""        // plan and apply at once
	phasePrepare = "prepare" // plan, stage the new contents and a prepared journal
	phaseCommit  = "commit"  // put the prepared change in place
	phaseAbort   = "abort"   // drop the prepared change
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
	ID       string // state=undo: the change to undo, by this host's number; "" the latest
	UndoTxID string // state=undo: the change to undo, by the fleet's transaction id

	Change  string              // state=decide: the change decided on, present, absent or undo
	Phase   string              // phasePrepare, phaseCommit, phaseAbort or none
	TxID    string              // the fleet's transaction id, with a phase
	NewNode bool                // this host is the node being added: its tree receives Files
	From    string              // the host the new node's files come from, for messages
	Files   []momoconf.NodeFile // the new node's files, from state=export
	Views   map[string]*result  // state=decide and checklist: each host's result
	Hosts   []string            // state=decide and checklist: every host, in inventory order

	CheckMode bool // _ansible_check_mode: write nothing
	Diff      bool // _ansible_diff: return before and after
}

// argSetters parse each argument the module accepts into a.
var argSetters = map[string]func(a *args, v any) error{
	"host":      func(a *args, v any) error { return asString(v, &a.Host) },
	"ip":        func(a *args, v any) error { return asString(v, &a.IP) },
	"mta_id":    func(a *args, v any) error { return asInt(v, &a.MTAID) },
	"role":      func(a *args, v any) error { return asString(v, &a.Role) },
	"state":     func(a *args, v any) error { return asString(v, &a.State) },
	"root":      func(a *args, v any) error { return asString(v, &a.Root) },
	"validate":  func(a *args, v any) error { return asBool(v, &a.Validate) },
	"backup":    func(a *args, v any) error { return asBool(v, &a.Backup) },
	"id":        func(a *args, v any) error { return asString(v, &a.ID) },
	"undo_txid": func(a *args, v any) error { return asString(v, &a.UndoTxID) },
	"phase":     func(a *args, v any) error { return asString(v, &a.Phase) },
	"change":    func(a *args, v any) error { return asString(v, &a.Change) },
	"txid":      func(a *args, v any) error { return asString(v, &a.TxID) },
	"new_node":  func(a *args, v any) error { return asBool(v, &a.NewNode) },
	"from":      func(a *args, v any) error { return asString(v, &a.From) },
	"files":     func(a *args, v any) error { return asJSON(v, &a.Files) },
	"views":     func(a *args, v any) error { return asJSON(v, &a.Views) },
	"hosts":     func(a *args, v any) error { return asJSON(v, &a.Hosts) },

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
	switch a.Phase {
	case phaseNone, phasePrepare:
	case phaseCommit, phaseAbort:
		if a.TxID == "" {
			return fmt.Errorf("phase=%s needs txid (the transaction id the hosts prepared)", a.Phase)
		}
		return a.checkRoot()
	default:
		return fmt.Errorf("phase %q is not supported (expected prepare, commit or abort)", a.Phase)
	}
	if a.Phase == phasePrepare && a.State != statePresent && a.State != stateAbsent && a.State != stateUndo {
		return fmt.Errorf("phase=prepare is for state=present, absent or undo")
	}
	if a.UndoTxID != "" && (a.State != stateUndo && !a.undoDecision() || a.ID != "") {
		return fmt.Errorf("undo_txid is for state=undo, without id (it names the change by the fleet's transaction instead of this host's number), and for state=decide with change=undo")
	}
	if a.Phase == phasePrepare && a.TxID == "" {
		return fmt.Errorf("phase=prepare needs txid (the fleet's transaction id)")
	}
	if a.NewNode && a.State != statePresent && a.State != stateQuery {
		return fmt.Errorf("new_node is for state=present (the new node's tree) or state=query")
	}
	switch a.State {
	case statePresent:
		if a.Host == "" {
			return fmt.Errorf("state=present needs host")
		}
		if a.IP == "" && !a.analytics() {
			return fmt.Errorf("state=present needs host and ip (ip is optional only with role=analytics)")
		}
		if a.NewNode && len(a.Files) == 0 {
			return fmt.Errorf("new_node needs files (the result of state=export on the host the new node copies)")
		}
	case stateAbsent, stateExport, stateDecide:
		if a.undoDecision() {
			break
		}
		if a.Host == "" {
			return fmt.Errorf("state=%s needs host", a.State)
		}
		if a.State == stateExport && a.IP == "" && !a.analytics() {
			return fmt.Errorf("state=export needs ip (the new node's own address goes into its cassandra.yaml)")
		}
	case stateQuery, stateChecklist, stateUndo:
	default:
		return fmt.Errorf("state %q is not supported (expected present, absent, query, export, decide, checklist or undo)", a.State)
	}
	if a.State == stateDecide && a.Change != statePresent && a.Change != stateAbsent && a.Change != stateUndo {
		return fmt.Errorf("state=decide needs change=present, absent or undo")
	}
	if a.undoDecision() && a.UndoTxID == "" {
		return fmt.Errorf("state=decide with change=undo needs undo_txid (the transaction of the change to undo)")
	}
	if a.State == stateDecide || a.State == stateChecklist {
		return nil // no tree is read
	}
	return a.checkRoot()
}

func (a *args) checkRoot() error {
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

// asJSON decodes v, a JSON value Ansible passed, into dst.
func asJSON(v any, dst any) error {
	data, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(data, dst)
	}
	if err != nil {
		return fmt.Errorf("%.60v: %w", v, err)
	}
	return nil
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
