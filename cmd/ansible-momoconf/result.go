package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/termsafe"
	"github.com/momoconf/momoconf/srcpos"
)

// result is the module's JSON answer to Ansible.
type result struct {
	Changed  bool             `json:"changed"`
	Failed   bool             `json:"failed,omitempty"`
	Msg      string           `json:"msg"`
	Position *srcpos.Position `json:"position,omitempty"` // where a failure points: file, line, column
	Diff     []diffEntry      `json:"diff,omitempty"`

	Files       []string `json:"files,omitempty"`   // changed, or would be in check mode
	Changes     []string `json:"changes,omitempty"` // each file's edit, in words
	MTAID       int      `json:"mta_id,omitempty"`
	Warnings    []string `json:"warnings,omitempty"` // Ansible shows these as [WARNING]
	Validation  string   `json:"validation,omitempty"`
	BackupFiles []string `json:"backup_files,omitempty"`

	// state=present and absent: the runbook's remaining steps on this
	// host, and the services its changed files make restart or reload
	Steps    []momoconf.Step `json:"steps,omitzero"`
	Services []service       `json:"services,omitzero"`
	TxID     string          `json:"txid,omitempty"`     // the phase's transaction
	Prepared bool            `json:"prepared,omitempty"` // phase=prepare staged a change

	// state=query
	Nodes     []string          `json:"nodes,omitempty"`
	MTAIDs    map[string]int    `json:"mta_ids,omitempty"`
	NextMTAID int               `json:"next_mta_id,omitempty"`
	Drift     []string          `json:"drift,omitzero"` // an empty list when the files agree
	Members   []momoconf.Member `json:"members,omitzero"`
	TreeRole  momoconf.Role     `json:"tree_role,omitempty"`   // whose tree this is: platform or analytics
	NewNode   bool              `json:"new_node,omitempty"`    // the query ran on the new node's own tree
	Empty     bool              `json:"empty,omitempty"`       // new_node: the tree holds no file yet
	Listed    bool              `json:"listed,omitempty"`      // host: some list names it
	NodeIP    string            `json:"node_ip,omitempty"`     // host: the address the lists give it
	NodeMTAID int               `json:"node_mta_id,omitempty"` // host: the mta_id msg_gen.conf gives it
	IPHolder  string            `json:"ip_holder,omitempty"`   // ip: the other member that has it
	Pending   []pending         `json:"pending,omitzero"`      // prepared changes waiting here

	// state=export
	NodeFiles []momoconf.NodeFile `json:"node_files,omitzero"`

	// state=decide
	IP   string `json:"ip,omitempty"`
	From string `json:"from,omitempty"` // the host whose files the new node copies

	// state=undo with undo_txid: the time of the change made under it here
	// (RFC 3339, absent when there is none), or else how far back this
	// host's history reaches (absent when nothing was ever pruned); and
	// whether its undo is done here already
	RecordTime    string `json:"record_time,omitempty"`
	HistorySince  string `json:"history_since,omitempty"`
	UndoneAlready bool   `json:"undone_already,omitempty"`

	// state=checklist
	Checklist []momoconf.Step `json:"checklist,omitzero"`

	// Read back from Ansible's registered results (state=decide and
	// checklist): a host that could not be reached, or a task skipped.
	Unreachable bool `json:"unreachable,omitempty"`
	Skipped     bool `json:"skipped,omitempty"`
}

// service is one service a host restarts or reloads after its change.
type service struct {
	Name   string `json:"name"`
	Action string `json:"action"` // restart or reload
}

// pending is a prepared change waiting in a host's tree.
type pending struct {
	TxID        string `json:"txid"`
	Time        string `json:"time"`
	Description string `json:"description"`
}

// diffEntry is one file of Ansible's diff mode.
type diffEntry struct {
	BeforeHeader string `json:"before_header"`
	AfterHeader  string `json:"after_header"`
	Before       string `json:"before"`
	After        string `json:"after"`
}

// fail turns r into a failure with err's message and, when err points
// into a file, its position.
func (r *result) fail(err error) *result {
	r.Failed = true
	r.Msg = err.Error()
	if p, ok := srcpos.Find(err); ok {
		r.Position = &srcpos.Position{Filename: p.Filename, Line: p.Line, Column: p.Column}
	}
	return r
}

func (r *result) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// write prints r as JSON on w and returns the exit status: 1 for a
// failure, 0 otherwise.
func (r *result) write(w io.Writer) int {
	// Ansible prints msg and the warnings on the operator's terminal: a
	// value from a host tree (a spool folder in a step) must not drive it.
	r.Msg = termsafe.String(r.Msg)
	for i, warning := range r.Warnings {
		r.Warnings[i] = termsafe.String(warning)
	}
	data, err := json.Marshal(r)
	if err != nil { // cannot happen with these field types; say so rather than print nothing
		data = []byte(fmt.Sprintf(`{"failed": true, "msg": %q}`, err.Error()))
	}
	fmt.Fprintf(w, "%s\n", data)
	if r.Failed {
		return 1
	}
	return 0
}
