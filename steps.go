package momoconf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/runbook"
)

// Step is one thing the runbook has the operator do that is not a file
// edit: commands to run on some hosts, in the runbook's order. Hosts are
// named by host name (FQDN) where the files tell it, by host tree folder
// otherwise (a single host tree whose node no file names is "this host");
// a step that is not run on a cluster host names where it is run instead
// ("load balancer"). Commands can be pasted as they are: what momoconf
// cannot know (a password) is a shell variable that Why explains.
type Step struct {
	Step    int      `json:"step"`    // its place in the list, from 1
	Hosts   []string `json:"hosts"`   // where to run it
	Command string   `json:"command"` // one command a line
	Why     string   `json:"why"`     // the runbook's reason, the variables to set, and where the runbook is unclear
}

// thisHost names the host of a single host tree in a step when no file
// names its node.
const thisHost = "this host"

// stepScope is what the runbook's remaining steps depend on: which change
// it was and which trees it touched.
type stepScope struct {
	add       bool
	analytics bool     // an Analytics node, not a Platform one
	node      string   // the node's host name
	ip        string   // the node's address, or "" when unknown
	newTree   string   // the tree created for an added node, or ""
	ownTree   string   // the removed node's own tree, or ""
	single    bool     // one host tree (--root): only this host's files were edited
	platform  []string // the cluster's Platform trees, before the change
	analytic  []string // the cluster's Analytics trees, before the change
	changed   map[string][]string
	// changed maps a tree to the slash paths, relative to the tree, of its
	// files the change edits (files of a created tree excluded).
	names map[string]string // tree → its node's host name, where the files tell it
	// elsewhere holds, in a --root run, the other hosts the files name
	// (each its own entry in platform or analytic, named by itself): the
	// same change has to be made there too before their steps apply.
	elsewhere map[string]bool
	spool     string                     // the removed node's spool folder
	left      []filekind.Kind            // the kinds left alone
	leftIn    map[filekind.Kind][]string // the trees that hold a file of a kind left alone
}

// runbookSteps returns the runbook's steps for the change s, in order,
// each with the hosts it applies to; a step with no host is left out.
func runbookSteps(s stepScope) []Step {
	var steps []Step
	switch {
	case s.add && !s.analytics:
		steps = platformAddSteps(s)
	case !s.add && !s.analytics:
		steps = platformRemoveSteps(s)
	case s.add:
		steps = analyticsAddSteps(s)
	default:
		steps = analyticsRemoveSteps(s)
	}
	steps = append(s.leftStep(), steps...)
	out := steps[:0]
	for _, st := range steps {
		if len(st.Hosts) > 0 {
			st.Step = len(out) + 1
			st.Why += explainVars(st.Command)
			out = append(out, st)
		}
	}
	return out
}

// elsewhereNote says, for a step on hosts a --root run did not edit, that
// momoconf has to make the same change there first.
func (s stepScope) elsewhereNote(hosts []string) string {
	for _, h := range hosts {
		if s.elsewhere[h] {
			return "; on the hosts other than this one, once momoconf has made the same change there (run it on each host)"
		}
	}
	return ""
}

// service names what a changed file at rel makes the runbook restart or
// reload ([runbook.Service]).
func service(rel string) string { return runbook.Service(rel) }

// treesWith returns, of trees, those whose changed files need svc.
func (s stepScope) treesWith(trees []string, svc string) []string {
	var out []string
	for _, t := range trees {
		for _, rel := range s.changed[t] {
			if service(rel) == svc {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// touched returns, of trees, those the change edits at all.
func (s stepScope) touched(trees []string) []string {
	var out []string
	for _, t := range trees {
		if len(s.changed[t]) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// host names a tree in a step: its node's host name where known, else
// its folder.
func (s stepScope) host(tree string) string {
	if n := s.names[tree]; n != "" {
		return n
	}
	if tree == "." || tree == "" {
		return thisHost
	}
	return tree
}

func (s stepScope) hosts(trees []string) []string {
	out := make([]string, 0, len(trees))
	for _, t := range trees {
		if h := s.host(t); !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// nodeHost names the node added or removed: its tree, or its host name
// when no tree in the folder is its own.
func (s stepScope) nodeHost() []string {
	switch {
	case s.add && s.newTree != "":
		return []string{s.host(s.newTree)}
	case !s.add && s.ownTree != "":
		return []string{s.host(s.ownTree)}
	}
	return []string{s.node}
}

// others returns trees without the node's own.
func (s stepScope) others(trees []string) []string {
	return slices.DeleteFunc(slices.Clone(trees), func(t string) bool { return t == s.ownTree || t == s.newTree })
}

func (s stepScope) first(trees []string) []string {
	if len(trees) == 0 {
		return nil
	}
	return s.hosts(trees[:1])
}

// firstOr names the first of trees or, when the folder holds none of
// them, the host elsewhere describes: a step that must run somewhere is
// never left out because the folder does not hold that host.
func (s stepScope) firstOr(trees []string, elsewhere string) []string {
	if len(trees) == 0 {
		return []string{elsewhere}
	}
	return s.first(trees)
}

// restarts returns "service NAME restart" for each service of names that
// some tree of trees needs, followed by an nginx reload where needed.
func (s stepScope) restartStep(trees []string, services []string, why string) Step {
	var cmds []string
	var on []string
	for _, svc := range services {
		with := s.treesWith(trees, svc)
		if len(with) == 0 {
			continue
		}
		verb := "restart"
		if svc == "msys-nginx" {
			verb = "reload"
		}
		cmds = append(cmds, fmt.Sprintf("service %s %s", svc, verb))
		for _, t := range with {
			if !slices.Contains(on, t) {
				on = append(on, t)
			}
		}
	}
	slices.Sort(on)
	hosts := s.hosts(on)
	return Step{Hosts: hosts, Command: strings.Join(cmds, "\n"), Why: why + s.elsewhereNote(hosts)}
}

func lines(cmds ...string) string { return strings.Join(cmds, "\n") }

// shellWord returns s as one word of a shell command: as it is when it
// holds only characters no shell gives a meaning (letters, digits and
// "_./:@%+=,-"), else in single quotes, each quote in it closed, escaped
// and reopened. A value read from a host tree (a spool folder, say) goes
// into the steps this way, so that pasting a step never runs what the
// value holds.
func shellWord(s string) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_./:@%+=,-", c) >= 0
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// StepsText renders steps as a numbered checklist: "N. on HOSTS:" and the
// commands indented below it, then the reason.
func StepsText(steps []Step) string {
	if len(steps) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Next steps (the runbook's, for this change):\n")
	for _, st := range steps {
		fmt.Fprintf(&b, "%2d. on %s:\n", st.Step, strings.Join(st.Hosts, ", "))
		for _, line := range strings.Split(st.Command, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
		fmt.Fprintf(&b, "    why: %s\n", st.Why)
	}
	return b.String()
}
