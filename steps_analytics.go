package momoconf

import "fmt"

// The Analytics applications the runbook restarts, in its order.
var (
	analyticsAPIs = []string{"msys-app-metrics-api", "msys-app-users-api", "msys-app-webhooks-api", "msys-app-adaptive-delivery-api"}
	platformETLs  = []string{"msys-app-metrics-etl", "msys-app-webhooks-etl"}
)

func restartLines(services []string, verb string) []string {
	out := make([]string, 0, len(services)+1)
	for _, svc := range services {
		out = append(out, fmt.Sprintf("service %s %s", svc, verb))
	}
	return out
}

// analyticsAddSteps follows the runbook for adding an Analytics node:
// install it, add it to Vertica, restart the original Analytics nodes,
// start the new one, then restart the Platform nodes' ETLs.
func analyticsAddSteps(s stepScope) []Step {
	existing := s.others(s.analytic)
	firstA := firstOr(existing, "the first Analytics node")
	newNode := s.nodeHost()
	steps := []Step{
		{Hosts: newNode, Why: "from the original installation's bundle, unpacked and with ./setrepodir run; the ETL is not used on Analytics nodes in two-tier clusters",
			Command: lines("yum install -y --config=$PWD/momentum.repo --enablerepo=momentum msys-role-analytics msys-app-adaptive-delivery-db msys-app-adaptive-delivery-api msys-app-webhooks-api msys-app-webhooks-db",
				"yum remove -y msys-app-adaptive-delivery-etl")},
		{Hosts: firstA, Why: "as root, with the silent_install file of the original installation",
			Command: fmt.Sprintf("/opt/vertica/sbin/install_vertica --add-hosts %s -z silent_install", s.node)},
		{Hosts: firstA, Why: "as vertica_dba; both can take long: run them in screen or tmux",
			Command: lines(fmt.Sprintf("adminTools --tool db_add_node --database msys --add=%s", s.node),
				"adminTools --tool rebalance_data -k 1 -d msys")},
		{Hosts: firstA, Why: "storage locations for the new node, on every node that lacks them (NODE is the new node's Vertica node name)",
			Command: lines(`vsql -c "CREATE LOCATION '/opt/vertica/log/webhooks' NODE 'NODE' USAGE 'USER' LABEL 'WEBHOOK_BATCHES'"`,
				`vsql -c "GRANT ALL ON LOCATION '/opt/vertica/log/webhooks' TO vertica_api"`,
				`vsql -c "CREATE LOCATION '/opt/vertica/log/etl' NODE 'NODE' USAGE 'USER' LABEL 'ETL'"`,
				`vsql -c "GRANT ALL ON LOCATION '/opt/vertica/log/etl' TO vertica_etl"`)},
		{Hosts: hosts(s.touched(existing)), Command: lines(append(restartLines(analyticsAPIs, "restart"), "service msys-nginx reload")...),
			Why: "their upstreams and .vertica.hosts changed; the runbook also restarts users-api, whose files it does not change"},
	}
	if s.newTree == "" {
		steps = append(steps, Step{Hosts: firstA,
			Why: "momoconf did not create the new node's tree (no --new-node-dir): the runbook copies every production.json and the nginx upstreams from the first Analytics node; set .auth.apiPort and .auth.apiHost to false in the new node's webui production.json",
			Command: lines("for f in $(find /opt/msys/app/ -name production.json); do scp $f "+s.node+":$f; done",
				"scp /opt/msys/3rdParty/nginx/conf.d/* "+s.node+":/opt/msys/3rdParty/nginx/conf.d/")})
	}
	steps = append(steps,
		Step{Hosts: newNode, Why: "start the applications on the new node",
			Command: lines(append(restartLines(analyticsAPIs, "start"), "service msys-nginx start")...)},
		etlStep(s, s.others(s.platform)))
	return steps
}

// etlStep restarts the Platform nodes' ETLs and nginx where the change
// edited their files.
func etlStep(s stepScope, platform []string) Step {
	return Step{Hosts: hosts(s.touched(platform)),
		Command: lines(append(restartLines(platformETLs, "restart"), "service msys-nginx reload")...),
		Why:     "api_webhooks_upstream.conf and the ETLs' .vertica.hosts changed there; the runbook does not restart msys-app-adaptive-delivery-etl although its production.json changed too: restart it as well (service msys-app-adaptive-delivery-etl restart) unless you know it re-reads its configuration"}
}

// analyticsRemoveSteps follows the runbook for removing an Analytics
// node: restart the Platform nodes' ETLs, the remaining Analytics nodes'
// APIs, then take the node out of Vertica.
func analyticsRemoveSteps(s stepScope) []Step {
	remaining := s.others(s.analytic)
	return []Step{
		etlStep(s, s.others(s.platform)),
		{Hosts: hosts(s.touched(remaining)),
			Command: lines("service msys-app-metrics-api restart", "service msys-app-users-api restart", "service msys-app-webhooks-api restart", "service msys-nginx reload"),
			Why:     "their upstreams and .vertica.hosts changed; the runbook does not restart msys-app-adaptive-delivery-api although its production.json changed too: restart it as well (service msys-app-adaptive-delivery-api restart)"},
		{Hosts: firstOr(remaining, "a remaining Analytics node"), Command: fmt.Sprintf("remove %s from the Vertica database", s.node),
			Why: "follow Vertica's \"Removing Nodes From a Database\" and back up first; the runbook gives no command. A node critical for K-safety cannot be removed: with K-safety 1 the database needs three nodes, and at that minimum Vertica first needs SELECT MARK_DESIGN_KSAFE(0);"},
	}
}
