package main

import (
	"fmt"
)

// export returns, from the tree at a.Root, the files the node being added
// receives as its own tree: the runbook's copies of this host's files after
// the addition's edits here, with the node's addresses in its
// cassandra.yaml. The controller gives them to the new node's task
// (new_node, files). Nothing is written.
func export(a *args) *result {
	r := &result{}
	c, err := open(a)
	if err != nil {
		return r.fail(err)
	}
	defer c.Close()
	files, warnings, err := c.NewNodeFiles(a.node())
	if err != nil {
		return r.fail(err)
	}
	for _, w := range warnings {
		r.warn("%s", w.String())
	}
	r.NodeFiles = files
	r.MTAID = a.MTAID
	r.Msg = fmt.Sprintf("%d file(s) for %s's own tree, copied from %s", len(files), a.Host, a.Root)
	return r
}
