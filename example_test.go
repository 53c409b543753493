package momoconf_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
)

// Plan the addition of node4 to one host tree (an Analytics host) and show
// what would change. Nothing is written until Apply.
func ExampleCluster_AddNode() {
	c, err := momoconf.Open(context.Background(), "testdata/cluster/analytics1", momoconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	node := momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}
	p, err := c.AddNode(node, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(p.Summary())
	// Output:
	// opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf: added server node4.int.example.com:2081 to upstream momo-rest
	// opt/msys/app/users-api/config/production.json: added node4.int.example.com to cassandra.hosts
	// opt/msys/app/webhooks-api/config/production.json: added node4.int.example.com to cql.contactPoints
}

// Plan the removal of node2 from the whole example cluster: its address
// comes from the peers, and its own tree is left alone.
func ExampleCluster_RemoveNode() {
	c, err := momoconf.Open(context.Background(), "testdata/cluster", momoconf.Options{Cluster: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.RemoveNode(momoconf.Node{Host: "node2.int.example.com"}, momoconf.RemoveOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("address:", p.Node.IP)
	fmt.Println(p.Skipped[0])
	for _, f := range p.Files {
		if f.Path == "node1/opt/msys/ecelerity/etc/conf/default/msg_gen.conf" {
			fmt.Println(f.Changes)
		}
	}
	fmt.Println(p.Warnings[0])
	// Output:
	// address: 10.77.0.94
	// node2: skipped, it is the node being removed (listen_address 10.77.0.94)
	// [removed host node2.int.example.com from cassandra_client uri removed node node2.int.example.com (mta_id 2) from msg_gen]
	// node1/opt/msys/3rdParty/cassandra/conf/cassandra.yaml: seeds now list 2 host(s) (node1.int.example.com, node3.int.example.com); three are recommended
}

// Named files are one more way into the same door; a plan renders as a
// git-style unified diff.
func ExampleOpenFiles() {
	files := []momoconf.FileRef{{Path: "testdata/cluster/node1/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"}}
	c, err := momoconf.OpenFiles(context.Background(), files, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(p.Diff())
	// Output:
	// --- a/testdata/cluster/node1/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf
	// +++ b/testdata/cluster/node1/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf
	// @@ -2,5 +2,6 @@
	//       server node1.int.example.com:2081;
	//       server node2.int.example.com:2081;
	//       server node3.int.example.com:2081;
	// +     server node4.int.example.com:2081;
	//       least_conn;
	//     }
}

// Status tells who is listed where, and any drift.
func ExampleCluster_Status() {
	c, err := momoconf.Open(context.Background(), "testdata/cluster", momoconf.Options{Cluster: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	st := c.Status()
	for _, m := range st.Members {
		fmt.Println(m.Host, m.Roles, m.MTAID)
	}
	fmt.Println(len(st.Drift) > 0)
	// Output:
	// analytics1.int.example.com [analytics] 0
	// node1.int.example.com [platform] 1
	// node2.int.example.com [platform] 2
	// node3.int.example.com [platform] 3
	// false
}

// NextMTAID tells the mta_id an addition would use, without planning it.
func ExampleCluster_NextMTAID() {
	c, err := momoconf.Open(context.Background(), "testdata/cluster", momoconf.Options{Cluster: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	id, err := c.NextMTAID(momoconf.Node{Host: "node4.int.example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("node4:", id)
	id, _ = c.NextMTAID(momoconf.Node{Host: "node2.int.example.com"})
	fmt.Println("node2 keeps:", id)
	// Output:
	// node4: 5
	// node2 keeps: 2
}

// Open the cluster once, then check and plan against the same model: a
// request that contradicts it is refused before anything is planned.
func ExampleCluster_RemoveNode_refused() {
	c, err := momoconf.Open(context.Background(), "testdata/cluster", momoconf.Options{Cluster: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for _, m := range c.Status().Members {
		fmt.Println(m.Host, m.IP, m.MTAID, m.Roles, m.Tree)
	}
	_, err = c.RemoveNode(momoconf.Node{Host: "node2.int.example.com", IP: "10.77.0.95"}, momoconf.RemoveOptions{})
	fmt.Println(errors.Is(err, codes.Conflict))
	p, err := c.RemoveNode(momoconf.Node{Host: "node2.int.exmaple.com"}, momoconf.RemoveOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Warnings[0].Code, p.Changed())
	// Output:
	// analytics1.int.example.com  0 [analytics] analytics1
	// node1.int.example.com 10.77.0.93 1 [platform] node1
	// node2.int.example.com 10.77.0.94 2 [platform] node2
	// node3.int.example.com 10.77.0.95 3 [platform] node3
	// true
	// not-listed false
}

// Add an Analytics node to the two-tier example: only the lists of
// Analytics hosts change, and the plan lists what the operator runs next.
func ExampleCluster_AddNode_analytics() {
	c, err := momoconf.Open(context.Background(), "testdata/two-tier", momoconf.Options{Cluster: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.AddNode(momoconf.Node{Host: "analytics3.int.example.com", Role: momoconf.RoleAnalytics}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range p.Files {
		if f.Changed() && strings.HasPrefix(f.Path, "node2/") {
			fmt.Println(f.Path, f.Changes)
		}
	}
	for _, st := range p.Steps {
		fmt.Println(st.Step, st.Hosts, strings.SplitN(st.Command, "\n", 2)[0])
	}
	// Output:
	// node2/opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf [added server analytics3.int.example.com:2084 to upstream api_webhooks]
	// node2/opt/msys/app/metrics-etl/config/production.json [added analytics3.int.example.com to vertica.hosts]
	// node2/opt/msys/app/webhooks-etl/config/production.json [added analytics3.int.example.com to vertica.hosts]
	// node2/opt/msys/app/adaptive-delivery-etl/config/production.json [added analytics3.int.example.com to vertica.hosts]
	// 1 [analytics3.int.example.com] tar -zxf "$BUNDLE" -C /var/tmp
	// 2 [analytics1.int.example.com] /opt/vertica/sbin/install_vertica --add-hosts analytics3.int.example.com -z silent_install
	// 3 [analytics1.int.example.com] adminTools --tool db_add_node --database msys --add=analytics3.int.example.com
	// 4 [analytics1.int.example.com] ADDR=$(getent ahostsv4 analytics3.int.example.com | awk '{ print $1; exit }')
	// 5 [analytics1.int.example.com analytics2.int.example.com] service msys-app-metrics-api restart
	// 6 [analytics1.int.example.com] for f in $(find /opt/msys/app/ -name production.json); do scp -p "$f" "analytics3.int.example.com:$f"; done
	// 7 [analytics3.int.example.com] f=/opt/msys/app/webui/scripts/config/production.json
	// 8 [analytics3.int.example.com] service msys-app-metrics-api start
	// 9 [node1.int.example.com node2.int.example.com node3.int.example.com] service msys-app-metrics-etl restart
}

// Open the example cluster under its lock (waiting up to ten seconds for
// another run), plan on it and, in a real run, apply with p.Apply
// before Close: the plan is made and applied under one lock, so concurrent
// runs take turns instead of failing.
func ExampleOpen() {
	ctx := context.Background()
	c, err := momoconf.Open(ctx, "testdata/cluster", momoconf.Options{Cluster: true, Wait: 10 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	fmt.Println("unfinished changes rolled back:", len(c.Recovered()))
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("mta_id:", p.Node.MTAID, "changes:", p.Changed())
	// Output:
	// unfinished changes rolled back: 0
	// mta_id: 5 changes: true
}
