package momoconf

import (
	"fmt"
	"strings"
)

// eccfgWhy says when the eccfg steps apply: the 2020 runbook keeps the
// ecelerity configuration in eccfg; the 2024 one drops eccfg.
// eccfgWhySingle is the same for a run on one host tree, which edited only
// that host's copy.
const eccfgWhySingle = "only where eccfg (ecconfigd) manages the ecelerity configuration, as in the 2020 runbook; " +
	"the 2024 runbook drops eccfg: then put the same msg_gen.conf and msgc_server.conf on every Platform node " +
	"(run momoconf on each host with the same --mta-id) and skip this step"

const eccfgWhy = "only where eccfg (ecconfigd) manages the ecelerity configuration, as in the 2020 runbook; " +
	"the 2024 runbook drops eccfg, and momoconf has already edited every Platform node's copy: skip this step then"

// Where the runbook's commands live on a node.
const (
	cassandraYAML = "/opt/msys/3rdParty/cassandra/conf/cassandra.yaml"
	nodetool      = "/opt/msys/3rdParty/cassandra/bin/nodetool"
	ecConsole     = "/opt/msys/ecelerity/bin/ec_console"
	rabbitmqadmin = "/opt/msys/3rdParty/sbin/rabbitmqadmin"
	rabbitmqctl   = "/opt/msys/3rdParty/sbin/rabbitmqctl"
)

// platformAddSteps follows the runbook for adding a Platform node: commit
// and restart on the existing Platform nodes, set up the new node, update
// the Analytics nodes, then check the cluster and clean up Cassandra.
func platformAddSteps(s stepScope) []Step {
	existing := s.others(s.platform)
	eccfgHost := s.first(s.treesWith(existing, "ecelerity"))
	why := eccfgWhy
	if s.single {
		why = eccfgWhySingle
	}
	newNode := s.nodeHost()
	steps := []Step{
		{Hosts: eccfgHost, Why: why,
			Command: `/opt/msys/ecelerity/bin/eccfg commit -u admin -p "$ADMINPASS" -m 'Add new Platform node to ecelerity cluster'`},
		s.restartStep(existing, []string{"ecelerity", "msys-nginx"},
			"msg_gen.conf, msgc_server.conf or click_proxy_upstream.conf changed there; ecelerity reads its configuration only when it starts"),
		{Hosts: newNode, Why: "unpack the Momentum bundle, point its yum repository at it (setrepodir) and install the Platform role",
			Command: lines(append(unpackBundle(), "yum install -y --config momentum.repo --enablerepo momentum msys-role-platform")...)},
	}
	if eccfgHost != nil {
		steps = append(steps, Step{Hosts: newNode, Why: why + "; it pulls the configuration from " + eccfgHost[0],
			Command: lines("chown -R ecuser:ecuser /opt/msys/ecelerity/etc/",
				`cd /opt/msys/ecelerity/etc/ && ../bin/eccfg bootstrap --clustername default -u admin -p "$ADMINPASS" `+hostArg(eccfgHost[0]))})
	}
	if s.newTree == "" {
		steps = append(steps,
			Step{Hosts: s.firstOr(existing, "the first Platform node"),
				Why:     "momoconf did not create the new node's tree (no --new-node-dir): the runbook copies these files from the first Platform node, and the folders whole (the ecelerity configuration too, which eccfg bootstrap also brings)",
				Command: copyToNewNode(s.node)},
			Step{Hosts: newNode, Why: "the copy of cassandra.yaml still listens on the first node's address: the new node listens on its own",
				Command: fmt.Sprintf("sed -i 's/^listen_address:.*/listen_address: %s/' %s", s.ip, cassandraYAML)})
	}
	steps = append(steps,
		Step{Hosts: newNode, Command: "service msys-cassandra start",
			Why: "start Cassandra on the new node; the init script may report a failure while a large database is still joining: check with the next step, and start it again if it is not up"},
		Step{Hosts: newNode, Command: nodetool + " status",
			Why: "every node, the new one included, should show UN (Up, Normal); if not, see /var/log/msys-cassandra/"},
		Step{Hosts: newNode,
			Why: "configure RabbitMQ as on the other Platform nodes: qpidd out of the way, the exchange, the queue and their binding, and the rabbitmq user in place of guest",
			Command: lines("service qpidd stop", "/sbin/chkconfig qpidd off", "service msys-rabbitmq start",
				rabbitmqadmin+" declare exchange name=momentum_metrics type=topic",
				rabbitmqadmin+" declare queue name=msg_events",
				rabbitmqadmin+" declare binding source=momentum_metrics destination=msg_events routing_key='msys.*'",
				rabbitmqctl+` add_user rabbitmq "$RABBITPASS"`,
				rabbitmqctl+" set_user_tags rabbitmq administrator",
				rabbitmqctl+" set_permissions -p '/' rabbitmq '.*' '.*' '.*'",
				rabbitmqctl+" delete_user guest")},
		Step{Hosts: newNode, Why: "start the remaining services on the new node",
			Command: lines("/etc/init.d/msys-riak start", "/etc/init.d/msys-app-metrics-etl start",
				"/etc/init.d/msys-app-adaptive-delivery-etl start", "/etc/init.d/ecelerity start",
				"/etc/init.d/msys-nginx start", "/etc/init.d/msys-app-webhooks-etl start")},
		s.restartStep(s.others(s.analytic), []string{"msys-app-users-api", "msys-app-webhooks-api", "msys-nginx"},
			"the Analytics nodes' momo_upstream.conf and users-api/webhooks-api production.json changed there"),
		Step{Hosts: s.firstOr(existing, "a Platform node"), Command: `echo "cluster membership" | ` + ecConsole,
			Why: fmt.Sprintf("%s should be a member", s.node)},
		Step{Hosts: newNode, Command: restCheck(s.node),
			Why: "the REST check: a transmission sent to the new node's REST listener (port 2081, as momo_upstream.conf names it) should be accepted (total_accepted_recipients 1) and the message delivered; msg_gen joblist shows the node generating"},
		Step{Hosts: s.hosts(existing), Command: nodetool + " cleanup",
			Why: fmt.Sprintf("after %s has joined (UN in nodetool status): the original nodes still hold the keys that moved to it", s.node)},
	)
	return steps
}

// hostArg writes a host for a command: a name the files gave, or the
// variable that stands for this host's name when none did.
func hostArg(h string) string {
	if h == thisHost {
		return `"$FIRSTNODE"`
	}
	return h
}

// copyToNewNode is the runbook's copy from the first Platform node to the
// new node: files one by one, folders whole into their parent folder (so
// that an existing folder does not get a copy nested inside it).
func copyToNewNode(node string) string {
	var files, dirs []string
	for _, p := range newNodeCopies {
		if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".conf") || strings.HasSuffix(p, ".yaml") {
			files = append(files, "/"+p)
		} else {
			dirs = append(dirs, "/"+p)
		}
	}
	return lines(
		"for file in "+strings.Join(files, " ")+"; do",
		fmt.Sprintf(`  scp -p "$file" "%s:$file"`, node),
		"done",
		"for dir in "+strings.Join(dirs, " ")+"; do",
		fmt.Sprintf(`  scp -rp "$dir" "%s:$(dirname "$dir")/"`, node),
		"done")
}

// restCheck sends one transmission through the new node's REST listener,
// then shows msg_gen's jobs there.
func restCheck(node string) string {
	body := `{\"recipients\": [{\"address\": \"$RCPT\"}], \"content\": {\"from\": \"$FROM\", \"subject\": \"momoconf: REST check of ` + node + `\", \"text\": \"sent through ` + node + `\"}}`
	return lines(
		`curl -sS -X POST http://127.0.0.1:2081/api/v1/transmissions -H "Authorization: $APIKEY" -H 'Content-Type: application/json' -d "`+body+`"`,
		`echo "msg_gen joblist" | `+ecConsole)
}

// platformRemoveSteps follows the runbook for removing a Platform node:
// take it out of traffic, drain and stop it, restart the others, take it
// out of Cassandra, then move its spool and check the cluster.
func platformRemoveSteps(s stepScope) []Step {
	remaining := s.others(s.platform)
	node := s.nodeHost()
	live := s.firstOr(remaining, "a live Platform node")
	spoolCopy := "/var/tmp/spool-" + s.node
	return []Step{
		{Hosts: []string{"load balancer"}, Command: fmt.Sprintf("# take %s out of every external load balancer's pool (on the load balancer's console)", s.node),
			Why: "no new connections should reach the node; this one is not a shell command"},
		s.restartStep(s.others(s.analytic), []string{"msys-nginx"}, "momo_upstream.conf changed there"),
		{Hosts: node, Command: `echo "msg_gen joblist" | ` + ecConsole,
			Why: "repeat until the job list is empty: the node must finish the messages it is generating"},
		{Hosts: node, Why: "stop the node's services",
			Command: lines("service ecelerity stop", "service msys-app-metrics-etl stop", "service msys-app-webhooks-etl stop",
				"service msys-app-adaptive-delivery-etl stop", "service msys-riak stop", "service msys-nginx stop", "service msys-rabbitmq stop")},
		s.restartStep(remaining, []string{"ecelerity", "msys-nginx"},
			"msg_gen.conf, msgc_server.conf or click_proxy_upstream.conf changed there"),
		s.restartStep(s.others(s.analytic), []string{"msys-app-users-api", "msys-app-webhooks-api"},
			"the APIs' production.json changed there"),
		{Hosts: live, Command: nodetool + " status",
			Why: fmt.Sprintf("find %s's state: UN (up) → decommission it, DN (down) → removenode", s.node)},
		{Hosts: node, Command: nodetool + " decommission",
			Why: "if the node shows UN"},
		{Hosts: live, Command: removeNodeCommand(s.ip),
			Why: "if the node shows DN: the Host ID is the one nodetool status shows for the node's address; the runbook says to run it on the node being removed, but a node that is down cannot run anything: Cassandra runs removenode from a live node"},
		{Hosts: node, Command: nodetool + " netstats",
			Why: "after decommission, repeat until it shows Mode: DECOMMISSIONED"},
		{Hosts: node, Command: fmt.Sprintf(`scp -rp %s "%s:%s"`, shellWord(s.spool), liveArg(live[0]), spoolCopy),
			Why: fmt.Sprintf("move the node's spool (%s, its spoolbase) to a live node", s.spool)},
		{Hosts: live, Command: lines("chown -R ecuser:ecuser "+spoolCopy, fmt.Sprintf(`echo "spool import %s" | %s`, spoolCopy, ecConsole)),
			Why: fmt.Sprintf("import %s's messages there, so that they are delivered", s.node)},
		{Hosts: live, Command: `echo "cluster membership" | ` + ecConsole,
			Why: fmt.Sprintf("%s should no longer be a member", s.node)},
	}
}

// liveArg writes a live node's host for a command: its name, or the
// variable that stands for it when the files name none.
func liveArg(h string) string {
	if strings.Contains(h, " ") {
		return "$LIVENODE"
	}
	return h
}

// removeNodeCommand runs nodetool removenode with the Host ID that
// nodetool status gives the node's address, or $HOSTID when the address
// is not known.
func removeNodeCommand(ip string) string {
	if ip == "" {
		return nodetool + ` removenode "$HOSTID"`
	}
	return fmt.Sprintf(`%s removenode "$(%s status | awk '$2 == "%s" { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9a-f]+-[0-9a-f]+-/) print $i }')"`, nodetool, nodetool, ip)
}
