package momoconf

import (
	"context"
	"time"

	"github.com/momoconf/momoconf/filekind"
)

// testOptions is what the tests give in one literal: how to open the
// folder and what the change does.
type testOptions struct {
	Cluster    bool
	Wait       time.Duration
	NewNodeDir string
	From       string
	Seeds      []string
	Leave      []filekind.Kind
}

func (o testOptions) open() Options { return Options{Cluster: o.Cluster, Wait: o.Wait} }

// addNodeAt opens dir, plans the addition of node and closes: the door in
// one call, as the tests use it.
func addNodeAt(dir string, node Node, o testOptions) (*Plan, error) {
	if err := node.validate(true); err != nil {
		return nil, err
	}
	if o.NewNodeDir != "" && (!o.Cluster || o.From == "") {
		return nil, errNewNodeDir
	}
	c, err := Open(context.Background(), dir, o.open())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.AddNode(node, AddOptions{NewNodeDir: o.NewNodeDir, From: o.From, Seeds: o.Seeds, Leave: o.Leave})
}

// removeNodeAt opens dir, plans the removal of node and closes.
func removeNodeAt(dir string, node Node, o testOptions) (*Plan, error) {
	if err := node.validate(false); err != nil {
		return nil, err
	}
	c, err := Open(context.Background(), dir, o.open())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.RemoveNode(node, RemoveOptions{Seeds: o.Seeds, Leave: o.Leave})
}

// addNodeToFiles opens the named files, plans the addition and closes.
func addNodeToFiles(files []FileRef, node Node) (*Plan, error) {
	c, err := OpenFiles(context.Background(), files, 0)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.AddNode(node, AddOptions{})
}

// texts renders warnings as the command prints them.
func texts(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out
}

// statusAt opens dir, reports its status and closes.
func statusAt(dir string, opts Options) (*Status, error) {
	c, err := Open(context.Background(), dir, opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Status(), nil
}

// hostsOf returns each member's host, in the order of members.
func hostsOf(members []Member) []string {
	var hosts []string
	for _, m := range members {
		hosts = append(hosts, m.Host)
	}
	return hosts
}
