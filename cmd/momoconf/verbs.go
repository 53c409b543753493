package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/filekind"
)

// nodeFlags are the flags that name the node and the files.
type nodeFlags struct {
	host, ip, root, cluster, newNodeDir, from, kind, role string
	mtaID, history                                        int
	dryRun, json, backup, validate                        bool
	wait                                                  time.Duration
}

// defaultWait is how long a run waits for another run's lock by default.
const defaultWait = time.Minute

func registerWait(fs *flag.FlagSet, wait *time.Duration) {
	fs.DurationVar(wait, "wait", defaultWait, "how long to wait for another momoconf run editing the same folders (0: fail at once)")
}

func (f *nodeFlags) node() momoconf.Node {
	return momoconf.Node{Host: f.host, IP: f.ip, MTAID: f.mtaID, Role: momoconf.Role(f.role)}
}

// checkRole refuses a --role other than platform or analytics, and
// --mta-id with analytics.
func (f *nodeFlags) checkRole() string {
	switch momoconf.Role(f.role) {
	case "", momoconf.RolePlatform:
		return ""
	case momoconf.RoleAnalytics:
		if f.mtaID != 0 {
			return "--mta-id applies to Platform nodes only, not with --role analytics"
		}
		return ""
	}
	return "--role must be platform or analytics, not " + f.role
}

// analytics reports whether the change is an Analytics node's.
func (f *nodeFlags) analytics() bool { return momoconf.Role(f.role) == momoconf.RoleAnalytics }

func (f *nodeFlags) register(fs *flag.FlagSet, withMTAID, withTarget, withEdit bool) {
	fs.StringVar(&f.host, "host", "", "the node's host name (lower-case FQDN), as in msgc_server peers")
	fs.StringVar(&f.ip, "ip", "", "the node's IP address (optional for an Analytics node, unless its lists name nodes by IP)")
	fs.StringVar(&f.role, "role", "", "platform (MTA + Cassandra, the default) or analytics (Vertica + the Node.js APIs)")
	if withMTAID {
		fs.IntVar(&f.mtaID, "mta-id", 0, "the node's mta_id, 1 to 254 (default: one above the highest in use)")
	}
	if withTarget {
		fs.StringVar(&f.root, "root", "", "one host tree, laid out like the host's / (default /)")
		fs.StringVar(&f.cluster, "cluster", "", "a folder of host trees, one per sub-folder")
	}
	if withEdit {
		fs.BoolVar(&f.dryRun, "dry-run", false, "print the unified diff, what each file's change does and the remaining steps, and write nothing; exit 1 if there are changes")
		fs.BoolVar(&f.backup, "backup", false, "keep the previous content of each rewritten file beside it, as NAME.YYYYMMDDTHHMMSSZ~ (same owner and mode)")
		fs.BoolVar(&f.validate, "validate", false, "check the changed nginx files with nginx -t before writing; refuse the change if nginx does (a warning if nginx is absent)")
	}
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	registerWait(fs, &f.wait)
}

// target returns the folder and options named by --root / --cluster.
func (f *nodeFlags) target() (string, momoconf.Options, string) {
	switch {
	case f.root != "" && f.cluster != "":
		return "", momoconf.Options{}, "give --root or --cluster, not both"
	case f.newNodeDir != "" && f.from == "":
		return "", momoconf.Options{}, "--new-node-dir needs --from (the host folder whose files the new node copies)"
	case f.from != "" && f.newNodeDir == "":
		return "", momoconf.Options{}, "--from needs --new-node-dir (the host folder to create for the new node)"
	case f.cluster != "":
		return f.cluster, momoconf.Options{Cluster: true, Wait: f.wait}, ""
	case f.newNodeDir != "" || f.from != "":
		return "", momoconf.Options{}, "--new-node-dir and --from need --cluster"
	case f.root != "":
		return f.root, momoconf.Options{Wait: f.wait}, ""
	}
	return "/", momoconf.Options{Wait: f.wait}, ""
}

var addNodeCmd = &command{
	name:    "add-node",
	summary: "add-node adds a Platform node (or, with --role analytics, an Analytics node) to every file of a host tree or cluster folder that lists the cluster's nodes of that role, then prints the runbook's remaining steps.",
	usage:   "add-node --host HOST --ip IP [--mta-id N] [--role platform|analytics] (--root DIR | --cluster DIR) [--new-node-dir NAME --from NAME] [--seeds HOST,...] [--leave KIND,...] [--dry-run] [--backup] [--validate] [--history N] [--wait D] [--json]",
	example: "momoconf add-node --cluster /srv/momentum --host node4.int.example.com --ip 10.77.0.97 --new-node-dir node4 --from node1 --dry-run",
}

var removeNodeCmd = &command{
	name:    "remove-node",
	summary: "remove-node removes a Platform node (or, with --role analytics, an Analytics node) from every file of a host tree or cluster folder; the node's own tree is left alone. It then prints the runbook's remaining steps.",
	usage:   "remove-node --host HOST [--ip IP] [--role platform|analytics] (--root DIR | --cluster DIR) [--seeds HOST,...] [--leave KIND,...] [--dry-run] [--backup] [--validate] [--history N] [--wait D] [--json]",
	example: "momoconf remove-node --cluster /srv/momentum --host node2.int.example.com --dry-run",
}

var addToFilesCmd = &command{
	name:    "add-to-files",
	aliases: []string{"add-peer"},
	summary: "add-to-files makes add-node's edits on the named files only, in place: every member-listing file named, not only the peer lists. Files are recognised by name (msg_gen.conf, msgc_server.conf, click_proxy_upstream.conf, momo_upstream.conf, the Analytics upstreams api_*_upstream.conf and webui_upstream.conf, an application's config/production.json, cassandra.yaml) or by --kind. Files that list Analytics nodes only make an Analytics change; otherwise give --role analytics.",
	usage:   "add-to-files --host HOST --ip IP [--mta-id N] [--role platform|analytics] [--kind KIND] [--dry-run] [--backup] [--validate] [--wait D] [--json] FILE...",
	example: "momoconf add-to-files --host node4.int.example.com --ip 10.77.0.97 /opt/msys/ecelerity/etc/conf/default/msg_gen.conf /opt/msys/ecelerity/etc/conf/global/msgc_server.conf",
}

var removeFromFilesCmd = &command{
	name:    "remove-from-files",
	aliases: []string{"remove-peer"},
	summary: "remove-from-files makes remove-node's edits on the named files only, in place: every member-listing file named, not only the peer lists. Files are recognised as add-to-files recognises them.",
	usage:   "remove-from-files --host HOST [--ip IP] [--role platform|analytics] [--kind KIND] [--dry-run] [--backup] [--validate] [--wait D] [--json] FILE...",
	example: "momoconf remove-from-files --host node2.int.example.com /opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf",
}

var statusCmd = &command{
	name:    "status",
	summary: "status shows each member (role, address, mta_id, tree) and how many lists of each kind name it, then every disagreement between files or trees (exit 1 on drift). A folder that lists no member is an error (exit 2).",
	usage:   "status (--root DIR | --cluster DIR) [--wait D] [--json]",
	example: "momoconf status --cluster /srv/momentum",
}

func init() {
	addNodeCmd.run = runNodeChange(true)
	removeNodeCmd.run = runNodeChange(false)
	addToFilesCmd.run = runFileChange(true)
	removeFromFilesCmd.run = runFileChange(false)
	statusCmd.run = runStatus
}

func runNodeChange(add bool) func(c *cliContext, args []string) int {
	return func(c *cliContext, args []string) int {
		cmd := removeNodeCmd
		if add {
			cmd = addNodeCmd
		}
		var f nodeFlags
		var cf changeFlags
		fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		f.register(fs, add, true, true)
		cf.register(fs)
		registerHistory(fs, &f.history)
		if add {
			fs.StringVar(&f.newNodeDir, "new-node-dir", "", "with --cluster: create this host folder for the new node")
			fs.StringVar(&f.from, "from", "", "with --new-node-dir: the host folder whose files the new node copies")
		}
		rest, code, ok := cmd.parse(c, fs, args)
		if !ok {
			return code
		}
		if len(rest) > 0 {
			return c.usageError(cmd, "unexpected argument "+rest[0])
		}
		if f.host == "" {
			return c.usageError(cmd, "--host is required")
		}
		dir, opts, msg := f.target()
		if msg != "" {
			return c.usageError(cmd, msg)
		}
		if msg := f.checkRole(); msg != "" {
			return c.usageError(cmd, msg)
		}
		if add && f.ip == "" && !f.analytics() {
			return c.usageError(cmd, "--ip is required")
		}
		cl, err := momoconf.Open(c.ctx, dir, opts)
		if err != nil {
			return c.fail(err)
		}
		defer cl.Close()
		var p *momoconf.Plan
		if add {
			p, err = cl.AddNode(f.node(), momoconf.AddOptions{NewNodeDir: f.newNodeDir, From: f.from, Seeds: cf.seeds, Leave: cf.leave})
		} else {
			p, err = cl.RemoveNode(f.node(), momoconf.RemoveOptions{Seeds: cf.seeds, Leave: cf.leave})
		}
		if err != nil {
			return c.fail(err)
		}
		return c.finish(p, &f)
	}
}

func runFileChange(add bool) func(c *cliContext, args []string) int {
	return func(c *cliContext, args []string) int {
		cmd := removeFromFilesCmd
		if add {
			cmd = addToFilesCmd
		}
		var f nodeFlags
		fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		f.register(fs, add, false, true)
		fs.StringVar(&f.kind, "kind", "", "the kind of each FILE whose name does not tell: "+kindNames())
		files, code, ok := cmd.parse(c, fs, args)
		if !ok {
			return code
		}
		switch {
		case f.host == "":
			return c.usageError(cmd, "--host is required")
		case f.checkRole() != "":
			return c.usageError(cmd, f.checkRole())
		case add && f.ip == "" && !f.analytics() && !(f.role == "" && analyticsOnly(files, f.kind)):
			return c.usageError(cmd, "--ip is required")
		case len(files) == 0:
			return c.usageError(cmd, "name at least one FILE")
		}
		var kind filekind.Kind
		if f.kind != "" {
			var err error
			if kind, err = filekind.Parse(f.kind); err != nil {
				return c.usageError(cmd, err.Error())
			}
		}
		refs := make([]momoconf.FileRef, len(files))
		for i, name := range files {
			refs[i] = momoconf.FileRef{Path: name, Kind: filekind.Of(name)}
			if refs[i].Kind == filekind.Unknown {
				refs[i].Kind = kind
			}
		}
		cl, err := momoconf.OpenFiles(c.ctx, refs, f.wait)
		if err != nil {
			return c.fail(err)
		}
		defer cl.Close()
		var p *momoconf.Plan
		if add {
			p, err = cl.AddNode(f.node(), momoconf.AddOptions{})
		} else {
			p, err = cl.RemoveNode(f.node(), momoconf.RemoveOptions{})
		}
		if err != nil {
			return c.fail(err)
		}
		return c.finish(p, &f)
	}
}

// analyticsOnly reports whether every file (of its name's kind, or else
// kind) lists Analytics nodes only: the change is then an Analytics one.
func analyticsOnly(files []string, kind string) bool {
	k, _ := filekind.Parse(kind)
	for _, name := range files {
		fk := filekind.Of(name)
		if fk == filekind.Unknown {
			fk = k
		}
		if !fk.AnalyticsOnly() {
			return false
		}
	}
	return true
}

// kindNames lists the file kinds --kind accepts.
func kindNames() string {
	var names []string
	for _, k := range filekind.All() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

func runStatus(c *cliContext, args []string) int {
	var f nodeFlags
	fs := flag.NewFlagSet(statusCmd.name, flag.ContinueOnError)
	fs.StringVar(&f.root, "root", "", "one host tree, laid out like the host's / (default /)")
	fs.StringVar(&f.cluster, "cluster", "", "a folder of host trees, one per sub-folder")
	fs.BoolVar(&f.json, "json", false, "print the status as JSON")
	registerWait(fs, &f.wait)
	rest, code, ok := statusCmd.parse(c, fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return c.usageError(statusCmd, "unexpected argument "+rest[0])
	}
	dir, opts, msg := f.target()
	if msg != "" {
		return c.usageError(statusCmd, msg)
	}
	cl, err := momoconf.Open(c.ctx, dir, opts)
	if err != nil {
		return c.fail(err)
	}
	defer cl.Close()
	for _, r := range cl.Recovered() {
		fmt.Fprintf(c.stderr, "warning: %s\n", r)
	}
	printPrepared(c.stderr, cl.Prepared())
	st := cl.Status()
	if f.json {
		if err := writeJSON(c.stdout, newStatusJSON(st)); err != nil {
			return c.fail(err)
		}
	} else {
		c.print(st.Table())
	}
	if len(st.Drift) > 0 {
		return exitChanges
	}
	return exitOK
}

// statusJSON is the form status --json prints: "nodes", each member's
// host in the order of the members (null when there is none), then the
// status's own fields.
type statusJSON struct {
	Nodes []string `json:"nodes"`
	*momoconf.Status
}

func newStatusJSON(st *momoconf.Status) statusJSON {
	out := statusJSON{Status: st}
	for _, m := range st.Members {
		out.Nodes = append(out.Nodes, m.Host)
	}
	return out
}
