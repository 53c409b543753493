package momoconf

import (
	"time"

	"github.com/momoconf/momoconf/filekind"
)

// Options says how [Open] opens a folder: what it is, and how long to
// wait for its lock. What a change does is said by [AddOptions] and
// [RemoveOptions].
type Options struct {
	// Cluster makes the folder a cluster folder: each sub-folder (hidden
	// ones aside) is a host tree. Otherwise the folder is one host tree.
	Cluster bool
	// Wait is how long [Open] and [Plan.Apply] wait for the lock another
	// momoconf run holds on a folder before giving up ([codes.Locked]); 0
	// gives up at once.
	Wait time.Duration
	// NewNode opens the host tree of a node being added (Cluster is then
	// ignored): as any host tree, and also while it holds no
	// member-listing file yet, a new machine's tree empty or partly made.
	// Its lock is held until [Cluster.Close], and an unfinished change
	// left in it is finished first. Only [Cluster.AddNode] with
	// [AddOptions.Files] plans on a tree opened empty.
	NewNode bool
	// History is, for [CommitPrepared], how many changes the folder's
	// history keeps once the change is committed, as [ApplyOptions.History]:
	// 0 keeps the last 20; below 0, no record is removed.
	History int
}

// AddOptions says what [Cluster.AddNode] does besides editing the lists:
// the new node's own tree, the seeds, the kinds of file left alone. The
// zero value edits the lists and nothing else.
type AddOptions struct {
	// NewNodeDir, on a cluster folder and with From, names a folder to
	// create in the cluster folder for the node being added: it receives
	// the runbook's copies of From's files, after the edits. A Platform
	// node's gets the node's own addresses in cassandra.yaml; an Analytics
	// node's gets every production.json below opt/msys/app and the files
	// directly in opt/msys/3rdParty/nginx/conf.d, with webui's
	// auth.apiPort and auth.apiHost false. An existing folder of that name
	// that already holds exactly those files is "already so"; one that
	// holds anything else in their place is refused, naming the files.
	NewNodeDir string
	// From names the host folder whose files the new node's tree copies:
	// a Platform node's tree for a Platform node; for an Analytics node,
	// a tree that holds an Analytics application's production.json. With
	// Files, it names the host they came from, for the plan's notes.
	From string
	// Files, when not nil, makes the change the new node's own host tree
	// (opened with [Options.NewNode]): each file, as [Cluster.NewNodeFiles]
	// exported it on the host From, is created in this tree with its mode
	// and, run as root, its owner (another account's copy loses setuid and
	// setgid). A file the tree already holds with those bytes is already so
	// (a second run); one that holds other bytes refuses the whole change,
	// naming every such file. A path outside the runbook's copy list, or
	// that is not a plain relative path, is refused, and so is an empty
	// list. The lists are not edited: the fleet's other hosts do that.
	Files []NodeFile
	// Seeds, when not empty, makes the seed list of every cassandra.yaml
	// of a Platform addition these hosts, in the file's own style: each
	// must be a member of the cluster after the change (the node added
	// included), or the change is refused ([codes.NotMember]). Seeds already
	// listed keep their place; the others follow in the order given.
	// Empty leaves the seeds alone.
	Seeds []string
	// Leave names kinds of file the change leaves untouched wherever they
	// are (click_proxy_upstream.conf where engagement tracking runs on
	// separate hosts): the plan lists them as left alone, and the steps
	// say so.
	Leave []filekind.Kind
}

// RemoveOptions says what [Cluster.RemoveNode] does besides editing the
// lists. The zero value edits the lists (and drops the node from the
// seeds) and nothing else.
type RemoveOptions struct {
	// Seeds, when not empty, makes the seed list of every cassandra.yaml
	// of a Platform removal these hosts, in the file's own style: each
	// must be a member left after the change (not the node removed), or
	// the change is refused ([codes.NotMember]). Seeds already listed keep
	// their place; the others follow in the order given. Empty removes
	// only the node from the seeds.
	Seeds []string
	// Leave names kinds of file the change leaves untouched, as
	// [AddOptions.Leave] does.
	Leave []filekind.Kind
}

// planning makes o the change being planned on c until the returned
// function is called.
func (c *Cluster) planning(o AddOptions) func() {
	saved := c.change
	c.change = o
	return func() { c.change = saved }
}
