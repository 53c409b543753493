package momoconf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/golden"
)

// generatedCluster writes a cluster of platform Platform hosts and
// analytics Analytics hosts, each listing every Platform node, and returns
// its folder.
func generatedCluster(b *testing.B, platform, analytics int) string {
	b.Helper()
	var uris, nodes, peers, servers, hosts []string
	for i := 1; i <= platform; i++ {
		h := fmt.Sprintf("node%d.int.example.com", i)
		uris = append(uris, fmt.Sprintf("    \"name=cassandra_db;host=%s;port=9160\"\n", h))
		nodes = append(nodes, fmt.Sprintf("  node %s { mta_id = %d  votes = 1 }\n", h, i))
		peers = append(peers, fmt.Sprintf("     %s = \"10.77.%d.%d\"\n", h, i/250, i%250+1))
		servers = append(servers, fmt.Sprintf("     server %s:2081;\n", h))
		hosts = append(hosts, fmt.Sprintf("      %q", h))
	}
	msgGen := "cassandra_client {\n  uri = (\n" + strings.Join(uris, "") + "  )\n}\n\nmsg_gen {\n  quorum = 2\n" + strings.Join(nodes, "") + "}\n"
	msgc := "msgc_server {\n   peers = [\n" + strings.Join(peers, "") + "   ]\n}\n"
	upstream := func(name string) string {
		return "upstream " + name + " {\n" + strings.Join(servers, "") + "     least_conn;\n}\n"
	}
	jsonList := "{\n  \"cassandra\": {\n    \"hosts\": [\n" + strings.Join(hosts, ",\n") + "\n    ]\n  },\n  \"cql\": {\n    \"contactPoints\": [\n" + strings.Join(hosts, ",\n") + "\n    ]\n  }\n}\n"
	dir := b.TempDir()
	write := func(tree, rel, content string) {
		p := filepath.Join(dir, tree, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; i <= platform; i++ {
		tree := fmt.Sprintf("node%d", i)
		write(tree, msgGenPath, msgGen)
		write(tree, msgcPath, msgc)
		write(tree, clickPath, upstream("click_proxy"))
		write(tree, yamlPath, fmt.Sprintf("seed_provider:\n- class_name: org.apache.cassandra.locator.SimpleSeedProvider\n  parameters:\n  - seeds: \"node1.int.example.com,node2.int.example.com,node3.int.example.com\"\nlisten_address: 10.77.%d.%d\n", i/250, i%250+1))
	}
	for i := 1; i <= analytics; i++ {
		tree := fmt.Sprintf("analytics%d", i)
		write(tree, "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf", upstream("momo-rest"))
		write(tree, usersPath, jsonList)
		write(tree, "opt/msys/app/webhooks-api/config/production.json", jsonList)
	}
	return dir
}

func benchmarkAddNode(b *testing.B, dir string, apply bool) {
	node := Node{Host: "nodenew.int.example.com", IP: "10.77.9.9"}
	work := filepath.Join(b.TempDir(), "work")
	b.ReportAllocs()
	for b.Loop() {
		target := dir
		if apply {
			b.StopTimer()
			if err := os.RemoveAll(work); err != nil {
				b.Fatal(err)
			}
			if err := golden.CopyTree(dir, work); err != nil {
				b.Fatal(err)
			}
			target = work
			b.StartTimer()
		}
		p, err := AddNode(target, node, Options{Cluster: true})
		if err != nil {
			b.Fatal(err)
		}
		if apply {
			if err := p.Apply(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAddNode times a whole node addition (read, parse, plan, and
// with apply the atomic writes) on the example cluster and on generated
// clusters of 10 and 50 Platform hosts.
func BenchmarkAddNode(b *testing.B) {
	clusters := map[string]func() string{
		"example":  func() string { return filepath.Join("testdata", "cluster") },
		"hosts=10": func() string { return generatedCluster(b, 10, 2) },
		"hosts=50": func() string { return generatedCluster(b, 50, 5) },
	}
	for _, name := range []string{"example", "hosts=10", "hosts=50"} {
		dir := clusters[name]()
		b.Run(name+"/plan", func(b *testing.B) { benchmarkAddNode(b, dir, false) })
		b.Run(name+"/plan+apply", func(b *testing.B) { benchmarkAddNode(b, dir, true) })
	}
}

// BenchmarkJournalCost adds a node to a generated cluster of 5 Platform
// hosts (plan and apply), with the journal and without it in turn in one
// loop, so that drift in the disk's speed hits both alike, and reports the
// journal's cost as overhead-% (with against without).
func BenchmarkJournalCost(b *testing.B) {
	dir := generatedCluster(b, 5, 1)
	node := Node{Host: "nodenew.int.example.com", IP: "10.77.9.9"}
	work := filepath.Join(b.TempDir(), "work")
	defer func() { benchNoJournal = false }()
	var spent [2]time.Duration
	var runs [2]int
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		if err := os.RemoveAll(work); err != nil {
			b.Fatal(err)
		}
		if err := golden.CopyTree(dir, work); err != nil {
			b.Fatal(err)
		}
		mode := i % 2
		benchNoJournal = mode == 1
		b.StartTimer()
		start := time.Now()
		p, err := AddNode(work, node, Options{Cluster: true})
		if err == nil {
			err = p.Apply()
		}
		if err != nil {
			b.Fatal(err)
		}
		spent[mode] += time.Since(start)
		runs[mode]++
	}
	if runs[0] > 0 && runs[1] > 0 {
		with, without := float64(spent[0])/float64(runs[0]), float64(spent[1])/float64(runs[1])
		b.ReportMetric(100*(with-without)/without, "overhead-%")
	}
}
