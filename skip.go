package momoconf

import (
	"fmt"
	"path"
	"slices"

	"github.com/momoconf/momoconf/filekind"
)

// leaving wraps a kind's edit (its add or remove): a file of a kind the
// options leave alone ([Options.Leave]) is not edited, and the plan says
// so in the file's summary.
func (c *Cluster) leaving(op func(content, *edit) error) func(content, *edit) error {
	if len(c.change.Leave) == 0 {
		return op
	}
	return func(f content, e *edit) error {
		if k := e.fe.d.kind(); slices.Contains(c.change.Leave, k) {
			e.noteSame("left alone as asked (--leave %s)", k)
			return nil
		}
		return op(f, e)
	}
}

// leftStep names, on the hosts that hold them, the files of kinds the
// change left alone: they still list the cluster as it was.
func (s stepScope) leftStep() []Step {
	var steps []Step
	for _, k := range s.left {
		trees := s.leftIn[k]
		if len(trees) == 0 {
			continue
		}
		name := path.Base(k.Paths()[0])
		why := fmt.Sprintf("left alone as asked (--leave %s): it does not reflect this change; edit it by hand where it must", k)
		if k == filekind.ClickProxy {
			why += " (the runbook leaves click_proxy_upstream.conf alone where engagement tracking runs on separate hosts and the node is not to serve clicks and opens)"
		}
		steps = append(steps, Step{Hosts: s.hosts(trees), Command: fmt.Sprintf("# %s: left alone by momoconf (--leave %s)", name, k), Why: why})
	}
	return steps
}
