package momoconf

import "fmt"

// eccfgWhy says when the eccfg steps apply: the 2020 runbook keeps the
// ecelerity configuration in eccfg; the 2024 one drops eccfg.
// eccfgWhySingle is the same for a run on one host tree, which edited only
// that host's copy.
const eccfgWhySingle = "only where eccfg (ecconfigd) manages the ecelerity configuration, as in the 2020 runbook; " +
	"the 2024 runbook drops eccfg: then put the same msg_gen.conf and msgc_server.conf on every Platform node " +
	"(run momoconf on each host with the same --mta-id) and skip this step"

const eccfgWhy = "only where eccfg (ecconfigd) manages the ecelerity configuration, as in the 2020 runbook; " +
	"the 2024 runbook drops eccfg, and momoconf has already edited every Platform node's copy: skip this step then"

// platformAddSteps follows the runbook for adding a Platform node: commit
// and restart on the existing Platform nodes, set up the new node, update
// the Analytics nodes, then check the cluster and clean up Cassandra.
func platformAddSteps(s stepScope) []Step {
	existing := s.others(s.platform)
	eccfgHost := first(s.treesWith(existing, "ecelerity"))
	why := eccfgWhy
	if s.single {
		why = eccfgWhySingle
	}
	newNode := s.nodeHost()
	steps := []Step{
		{Hosts: eccfgHost, Why: why,
			Command: "/opt/msys/ecelerity/bin/eccfg commit -u admin -p $ADMINPASS -m 'Add new Platform node to ecelerity cluster'"},
		s.restartStep(existing, []string{"ecelerity", "msys-nginx"},
			"msg_gen.conf, msgc_server.conf or click_proxy_upstream.conf changed there; ecelerity reads its configuration only when it starts"),
		{Hosts: newNode, Why: "install the Platform role from the Momentum bundle unpacked on the new node",
			Command: "yum install -y --config momentum.repo --enablerepo momentum msys-role-platform"},
	}
	if eccfgHost != nil {
		steps = append(steps, Step{Hosts: newNode, Why: why + " (FIRST.NODE.FQDN is " + eccfgHost[0] + "'s host name)",
			Command: lines("chown -R ecuser:ecuser /opt/msys/ecelerity/etc/",
				"cd /opt/msys/ecelerity/etc/ && ../bin/eccfg bootstrap --clustername default -u admin -p $ADMINPASS FIRST.NODE.FQDN")})
	}
	if s.newTree == "" {
		steps = append(steps, Step{Hosts: firstOr(existing, "the first Platform node"),
			Why: "momoconf did not create the new node's tree (no --new-node-dir): the runbook copies these files from the first Platform node (and, without eccfg, the ecelerity configuration), then sets listen_address in the copy of cassandra.yaml to the new node's IP",
			Command: lines(
				"for file in /opt/msys/3rdParty/cassandra/conf/cassandra.yaml /opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf /opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf /opt/msys/app/metrics-etl/config/production.json /opt/msys/app/adaptive-delivery-etl/config/production.json /opt/msys/app/webhooks-etl/config/production.json /opt/msys/etc/ /opt/msys/ecelerity/etc/conf/; do",
				fmt.Sprintf("  scp -r $file %s:$file", s.node),
				"done")})
	}
	steps = append(steps,
		Step{Hosts: newNode, Command: "service msys-cassandra start",
			Why: "start Cassandra on the new node; the init script may report a failure while a large database is still joining: check with the next step, and start it again if it is not up"},
		Step{Hosts: newNode, Command: "/opt/msys/3rdParty/cassandra/bin/nodetool status",
			Why: "every node, the new one included, should show UN (Up, Normal); if not, see /var/log/msys-cassandra/"},
		Step{Hosts: newNode,
			Why: "configure RabbitMQ as on the other Platform nodes: the exchange, the queue and their binding as your installation declares them, and the rabbitmq user in place of guest",
			Command: lines("service qpidd stop", "/sbin/chkconfig qpidd off", "service msys-rabbitmq start",
				"/opt/msys/3rdParty/sbin/rabbitmqadmin declare exchange name=momentum_metrics type=topic",
				"/opt/msys/3rdParty/sbin/rabbitmqadmin declare queue name=msg_events",
				"/opt/msys/3rdParty/sbin/rabbitmqadmin declare binding source=momentum_metrics destination=msg_events ...",
				"/opt/msys/3rdParty/sbin/rabbitmqctl add_user rabbitmq PASSWORD",
				"/opt/msys/3rdParty/sbin/rabbitmqctl set_user_tags rabbitmq administrator",
				"/opt/msys/3rdParty/sbin/rabbitmqctl set_permissions -p '/' rabbitmq '.*' '.*' '.*'",
				"/opt/msys/3rdParty/sbin/rabbitmqctl delete_user guest")},
		Step{Hosts: newNode, Why: "start the remaining services on the new node",
			Command: lines("/etc/init.d/msys-riak start", "/etc/init.d/msys-app-metrics-etl start",
				"/etc/init.d/msys-app-adaptive-delivery-etl start", "/etc/init.d/ecelerity start",
				"/etc/init.d/msys-nginx start", "/etc/init.d/msys-app-webhooks-etl start")},
		s.restartStep(s.others(s.analytic), []string{"msys-app-users-api", "msys-app-webhooks-api", "msys-nginx"},
			"the Analytics nodes' momo_upstream.conf and users-api/webhooks-api production.json changed there"),
		Step{Hosts: firstOr(existing, "a Platform node"), Command: `echo "cluster membership" | /opt/msys/ecelerity/bin/ec_console`,
			Why: fmt.Sprintf("%s should be a member; then confirm that it generates messages from REST transmissions", s.node)},
		Step{Hosts: hosts(existing), Command: "/opt/msys/3rdParty/cassandra/bin/nodetool cleanup",
			Why: fmt.Sprintf("after %s has joined (UN in nodetool status): the original nodes still hold the keys that moved to it", s.node)},
	)
	return steps
}

// platformRemoveSteps follows the runbook for removing a Platform node:
// take it out of traffic, drain and stop it, restart the others, take it
// out of Cassandra, then move its spool and check the cluster.
func platformRemoveSteps(s stepScope) []Step {
	remaining := s.others(s.platform)
	node := s.nodeHost()
	live := firstOr(remaining, "a live Platform node")
	return []Step{
		{Hosts: []string{"load balancer"}, Command: fmt.Sprintf("remove %s from the external load balancers", s.node),
			Why: "no new connections should reach the node"},
		s.restartStep(s.others(s.analytic), []string{"msys-nginx"}, "momo_upstream.conf changed there"),
		{Hosts: node, Command: `echo "msg_gen joblist" | /opt/msys/ecelerity/bin/ec_console`,
			Why: "repeat until the job list is empty: the node must finish the messages it is generating"},
		{Hosts: node, Why: "stop the node's services",
			Command: lines("service ecelerity stop", "service msys-app-metrics-etl stop", "service msys-app-webhooks-etl stop",
				"service msys-app-adaptive-delivery-etl stop", "service msys-riak stop", "service msys-nginx stop", "service msys-rabbitmq stop")},
		s.restartStep(remaining, []string{"ecelerity", "msys-nginx"},
			"msg_gen.conf, msgc_server.conf or click_proxy_upstream.conf changed there"),
		s.restartStep(s.others(s.analytic), []string{"msys-app-users-api", "msys-app-webhooks-api"},
			"the APIs' production.json changed there"),
		{Hosts: live, Command: "/opt/msys/3rdParty/cassandra/bin/nodetool status",
			Why: fmt.Sprintf("find %s's state: UN (up) → decommission it, DN (down) → removenode", s.node)},
		{Hosts: node, Command: "/opt/msys/3rdParty/cassandra/bin/nodetool decommission",
			Why: "if the node shows UN"},
		{Hosts: live, Command: "/opt/msys/3rdParty/cassandra/bin/nodetool removenode HOST-ID",
			Why: "if the node shows DN, with the Host ID nodetool status shows for it; the runbook says to run it on the node being removed, but a node that is down cannot run anything: Cassandra runs removenode from a live node"},
		{Hosts: node, Command: "/opt/msys/3rdParty/cassandra/bin/nodetool netstats",
			Why: "after decommission, repeat until it shows Mode: DECOMMISSIONED"},
		{Hosts: live, Command: "spool import",
			Why: fmt.Sprintf("move %s's spool files to a live node and import them there with the ec_console command spool import", s.node)},
		{Hosts: live, Command: `echo "cluster membership" | /opt/msys/ecelerity/bin/ec_console`,
			Why: fmt.Sprintf("%s should no longer be a member", s.node)},
	}
}
