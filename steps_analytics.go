package momoconf

import "fmt"

// The Analytics applications the runbook restarts, in its order.
var (
	analyticsAPIs = []string{"msys-app-metrics-api", "msys-app-users-api", "msys-app-webhooks-api", "msys-app-adaptive-delivery-api"}
	platformETLs  = []string{"msys-app-metrics-etl", "msys-app-webhooks-etl", "msys-app-adaptive-delivery-etl"}
)

// webuiJSON is the webui's configuration on an Analytics node.
const webuiJSON = "/opt/msys/app/webui/scripts/config/production.json"

func restartLines(services []string, verb string) []string {
	out := make([]string, 0, len(services)+1)
	for _, svc := range services {
		out = append(out, fmt.Sprintf("service %s %s", svc, verb))
	}
	return out
}

// verticaAddress is how the commands name the node to Vertica, which
// knows its nodes by address: the node's IP, or its host name resolved
// when the IP is not known.
func (s stepScope) verticaAddress() string {
	if s.ip != "" {
		return "ADDR=" + s.ip
	}
	return fmt.Sprintf("ADDR=$(getent ahostsv4 %s | awk '{ print $1; exit }')", s.node)
}

// analyticsAddSteps follows the runbook for adding an Analytics node:
// install it, add it to Vertica, restart the original Analytics nodes,
// start the new one, then restart the Platform nodes' ETLs.
func analyticsAddSteps(s stepScope) []Step {
	existing := s.others(s.analytic)
	firstA := s.firstOr(existing, "the first Analytics node")
	newNode := s.nodeHost()
	steps := []Step{
		{Hosts: newNode, Why: "from the original installation's bundle, unpacked, with its yum repository pointed at it (setrepodir); the ETL is not used on Analytics nodes in two-tier clusters",
			Command: lines(append(unpackBundle(),
				"yum install -y --config=$PWD/momentum.repo --enablerepo=momentum msys-role-analytics msys-app-adaptive-delivery-db msys-app-adaptive-delivery-api msys-app-webhooks-api msys-app-webhooks-db",
				"yum remove -y msys-app-adaptive-delivery-etl")...)},
		{Hosts: firstA, Why: "as root, in the folder that holds the silent_install file of the original installation",
			Command: fmt.Sprintf("/opt/vertica/sbin/install_vertica --add-hosts %s -z silent_install", s.node)},
		{Hosts: firstA, Why: "as vertica_dba; both can take long: run them in screen or tmux",
			Command: lines(fmt.Sprintf("adminTools --tool db_add_node --database msys --add=%s", s.node),
				"adminTools --tool rebalance_data -k 1 -d msys")},
		{Hosts: firstA, Why: "as vertica_dba: the storage locations of the new node, named as Vertica names it (from its address)",
			Command: lines(s.verticaAddress(),
				`VNODE=$(vsql -Atc "SELECT node_name FROM nodes WHERE node_address = '$ADDR'")`,
				`vsql -c "CREATE LOCATION '/opt/vertica/log/webhooks' NODE '$VNODE' USAGE 'USER' LABEL 'WEBHOOK_BATCHES'"`,
				`vsql -c "GRANT ALL ON LOCATION '/opt/vertica/log/webhooks' TO vertica_api"`,
				`vsql -c "CREATE LOCATION '/opt/vertica/log/etl' NODE '$VNODE' USAGE 'USER' LABEL 'ETL'"`,
				`vsql -c "GRANT ALL ON LOCATION '/opt/vertica/log/etl' TO vertica_etl"`)},
		{Hosts: s.hosts(s.touched(existing)), Command: lines(append(restartLines(analyticsAPIs, "restart"), "service msys-nginx reload")...),
			Why: "their upstreams and .vertica.hosts changed; the runbook also restarts users-api, whose files it does not change" + s.elsewhereNote(s.hosts(s.touched(existing)))},
	}
	if s.newTree == "" {
		steps = append(steps,
			Step{Hosts: firstA,
				Why: "momoconf did not create the new node's tree (no --new-node-dir): the runbook copies every production.json and the nginx files from the first Analytics node",
				Command: lines(`for f in $(find /opt/msys/app/ -name production.json); do scp -p "$f" "`+s.node+`:$f"; done`,
					"scp -p /opt/msys/3rdParty/nginx/conf.d/* "+s.node+":/opt/msys/3rdParty/nginx/conf.d/")},
			Step{Hosts: newNode, Why: "the new node's webui talks to its own APIs: auth.apiPort and auth.apiHost false (false means localhost)",
				Command: lines("f="+webuiJSON,
					`jq '.auth.apiPort=false | .auth.apiHost=false' "$f" > "$f.new" && cat "$f.new" > "$f" && rm "$f.new"`)})
	}
	steps = append(steps,
		Step{Hosts: newNode, Why: "start the applications on the new node",
			Command: lines(append(restartLines(analyticsAPIs, "start"), "service msys-nginx start")...)},
		s.etlStep(s.others(s.platform)))
	return steps
}

// etlStep restarts the Platform nodes' ETLs and nginx where the change
// edited their files.
func (s stepScope) etlStep(platform []string) Step {
	st := s.restartStep(platform, append(platformETLs, "msys-nginx"),
		"api_webhooks_upstream.conf and the ETLs' .vertica.hosts changed there; the runbook does not restart msys-app-adaptive-delivery-etl although its production.json changed too: it is restarted here")
	return st
}

// analyticsRemoveSteps follows the runbook for removing an Analytics
// node: restart the Platform nodes' ETLs and the remaining Analytics
// nodes' APIs, stop the node's services, then take it out of Vertica.
func analyticsRemoveSteps(s stepScope) []Step {
	remaining := s.others(s.analytic)
	live := s.firstOr(remaining, "a remaining Analytics node")
	return []Step{
		s.etlStep(s.others(s.platform)),
		{Hosts: s.hosts(s.touched(remaining)), Command: lines(append(restartLines(analyticsAPIs, "restart"), "service msys-nginx reload")...),
			Why: "their upstreams and .vertica.hosts changed; the runbook does not restart msys-app-adaptive-delivery-api although its production.json changed too: it is restarted here" + s.elsewhereNote(s.hosts(s.touched(remaining)))},
		{Hosts: s.nodeHost(), Command: lines(append(restartLines(analyticsAPIs, "stop"), "service msys-nginx stop")...),
			Why: "stop the node's applications: no list names it any more"},
		{Hosts: live, Command: lines(s.verticaAddress(), "adminTools --tool db_remove_node --database msys --hosts=$ADDR", "adminTools --tool rebalance_data -k 1 -d msys"),
			Why: "as vertica_dba, after a backup; the runbook gives no command, these follow Vertica's \"Removing Nodes From a Database\". A node critical for K-safety cannot be removed: with K-safety 1 the database needs three nodes, and at that minimum run vsql -c \"SELECT MARK_DESIGN_KSAFE(0);\" first"},
		{Hosts: live, Command: lines(s.verticaAddress(), "/opt/vertica/sbin/update_vertica --remove-hosts $ADDR"),
			Why: "as root: take the host out of the Vertica cluster (Vertica's \"Removing Hosts From a Cluster\")"},
	}
}
