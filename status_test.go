package momoconf

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusCluster returns the files of a cluster of three Platform trees
// (n1..n3, named for the first label of their node's host, each listing
// the three nodes) and an Analytics tree, as
// tree/path → content, for a test to change before writing.
func statusCluster() map[string]string {
	files := map[string]string{}
	for i := 1; i <= 3; i++ {
		tree := fmt.Sprintf("n%d/", i)
		files[tree+msgGenPath] = "cassandra_client {\n  uri = (\n" +
			"    \"name=cassandra_db;host=n1.example.com;port=9160\"\n" +
			"    \"name=cassandra_db;host=n2.example.com;port=9160\"\n" +
			"    \"name=cassandra_db;host=n3.example.com;port=9160\"\n  )\n}\n" +
			"msg_gen {\n  quorum = 2\n" +
			"  node n1.example.com { mta_id = 1  votes = 1 }\n" +
			"  node n2.example.com { mta_id = 2  votes = 1 }\n" +
			"  node n3.example.com { mta_id = 3  votes = 1 }\n}\n"
		files[tree+msgcPath] = "msgc_server {\n  peers = [\n" +
			"    n1.example.com = \"10.0.0.1\"\n    n2.example.com = \"10.0.0.2\"\n    n3.example.com = \"10.0.0.3\"\n  ]\n}\n"
		files[tree+clickPath] = "upstream click_proxy {\n  server n1.example.com:2081;\n  server n2.example.com:2081;\n  server n3.example.com:2081;\n}\n"
		files[tree+yamlPath] = fmt.Sprintf("seed_provider:\n- class_name: org.apache.cassandra.locator.SimpleSeedProvider\n  parameters:\n  - seeds: \"n1.example.com,n2.example.com,n3.example.com\"\nlisten_address: 10.0.0.%d\n", i)
	}
	files["analytics1/"+usersPath] = "{\"cassandra\": {\"hosts\": [\"n1.example.com\", \"n2.example.com\", \"n3.example.com\"]}}\n"
	return files
}

// replaceIn replaces old with new in the named files (every Platform
// tree's copy when tree is "").
func replaceIn(files map[string]string, tree, path, old, new string) {
	for name, content := range files {
		if strings.HasSuffix(name, "/"+path) && (tree == "" || strings.HasPrefix(name, tree+"/")) {
			files[name] = strings.Replace(content, old, new, 1)
		}
	}
}

const aggregatorPeer = "    agg.example.com = \"10.0.0.9\"\n  ]"

var statusTests = []struct {
	desc   string
	change func(files map[string]string)
	drift  []string
	roles  map[string]Role // member → role, where the case is about roles
}{
	{
		desc:   "agreeing cluster",
		change: func(map[string]string) {},
		drift:  []string{},
		roles:  map[string]Role{"n1.example.com": RolePlatform, "n2.example.com": RolePlatform, "n3.example.com": RolePlatform},
	},
	{
		desc:   "aggregator peer in every peers list is no drift",
		change: func(f map[string]string) { replaceIn(f, "", msgcPath, "  ]", aggregatorPeer) },
		drift:  []string{},
		roles:  map[string]Role{"agg.example.com": RolePeer, "n1.example.com": RolePlatform},
	},
	{
		desc: "aggregator peer missing from one peers list",
		change: func(f map[string]string) {
			replaceIn(f, "n1", msgcPath, "  ]", aggregatorPeer)
			replaceIn(f, "n2", msgcPath, "  ]", aggregatorPeer)
		},
		drift: []string{"n3/" + msgcPath + " (msgc_server peers) does not list agg.example.com"},
		roles: map[string]Role{"agg.example.com": RolePeer},
	},
	{
		desc:   "n missing from one list",
		change: func(f map[string]string) { replaceIn(f, "n2", clickPath, "  server n3.example.com:2081;\n", "") },
		drift:  []string{"n2/" + clickPath + " (upstream click_proxy) does not list n3.example.com"},
	},
	{
		desc:   "seed that is not a member",
		change: func(f map[string]string) { replaceIn(f, "n1", yamlPath, "n3.example.com\"", "n9.example.com\"") },
		drift:  []string{"n1/" + yamlPath + ": seed n9.example.com is not a Platform member of the cluster"},
	},
	{
		desc:   "fewer than three seeds",
		change: func(f map[string]string) { replaceIn(f, "", yamlPath, ",n3.example.com\"", "\"") },
		drift: []string{
			"n1/" + yamlPath + ": seeds list 2 host(s); three are recommended",
			"n2/" + yamlPath + ": seeds list 2 host(s); three are recommended",
			"n3/" + yamlPath + ": seeds list 2 host(s); three are recommended",
		},
	},
	{
		desc:   "duplicate mta_id",
		change: func(f map[string]string) { replaceIn(f, "n3", msgGenPath, "mta_id = 3", "mta_id = 2") },
		drift: []string{
			"n3.example.com: msg_gen node differs: mta_id 2 in n3/" + msgGenPath + "; mta_id 3 in n1/" + msgGenPath + ", n2/" + msgGenPath,
			"n3/" + msgGenPath + ": mta_id 2 is given to 2 nodes: n2.example.com, n3.example.com",
		},
	},
	{
		desc:   "quorum above the votes",
		change: func(f map[string]string) { replaceIn(f, "n1", msgGenPath, "quorum = 2", "quorum = 4") },
		drift:  []string{"n1/" + msgGenPath + ": quorum = 4 is more than the 3 vote(s) of its nodes; msg_gen cannot reach it"},
	},
	{
		desc:   "peer address differs",
		change: func(f map[string]string) { replaceIn(f, "n2", msgcPath, "\"10.0.0.3\"", "\"10.0.0.33\"") },
		drift: []string{
			"n3.example.com: msgc_server peers differs: 10.0.0.3 in n1/" + msgcPath + ", n3/" + msgcPath + "; 10.0.0.33 in n2/" + msgcPath,
		},
	},
	{
		desc: "mistyped listen_address: the tree counts, and its drift shows",
		change: func(f map[string]string) {
			replaceIn(f, "n3", yamlPath, "10.0.0.3", "10.0.0.99")
			replaceIn(f, "n3", clickPath, "  server n1.example.com:2081;\n", "")
		},
		drift: []string{
			"n3/" + clickPath + " (upstream click_proxy) does not list n1.example.com",
			"tree n3: cassandra.yaml listen_address is 10.0.0.99, but the peers give n3.example.com (the tree's name) the address 10.0.0.3",
		},
	},
	{
		desc:   "two trees listen as one member",
		change: func(f map[string]string) { replaceIn(f, "n1", yamlPath, "10.0.0.1", "10.0.0.2") },
		drift:  []string{"trees n1, n2 all listen on the address of n2.example.com; one tree is a node's"},
	},
	{
		desc: "a member file missing from one tree",
		change: func(f map[string]string) {
			delete(f, "n2/"+clickPath)
		},
		drift: []string{"tree n2 has no click_proxy_upstream file, which n1, n3 hold(s)"},
	},
	{
		desc: "every list names a member whose tree is gone",
		change: func(f map[string]string) {
			for name := range f {
				if strings.HasPrefix(name, "n3/") {
					delete(f, name)
				}
			}
		},
		drift: []string{"member n3.example.com has no tree in the cluster folder, though the lists name it and the folder holds the trees of the other platform members"},
	},
	{
		desc: "a member without a tree, where a tree is no member's for sure, is not called treeless",
		change: func(f map[string]string) {
			for name := range f {
				if strings.HasPrefix(name, "n3/") {
					delete(f, name)
				}
			}
			replaceIn(f, "n2", yamlPath, "10.0.0.2", "10.0.0.77")
		},
		drift: []string{"tree n2: cassandra.yaml listen_address is 10.0.0.77, but the peers give n2.example.com (the tree's name) the address 10.0.0.2"},
	},
	{
		desc: "Analytics members none of whose trees the folder holds are not treeless",
		change: func(f map[string]string) {
			f["analytics1/"+webuiPath] = webuiUpstream("va.example.com", "vb.example.com")
		},
		drift: []string{},
		roles: map[string]Role{"va.example.com": RoleAnalytics, "vb.example.com": RoleAnalytics},
	},
	{
		desc: "an Analytics member whose tree is gone while the other's is here",
		change: func(f map[string]string) {
			f["analytics1/"+webuiPath] = webuiUpstream("analytics1.example.com", "analytics2.example.com")
		},
		drift: []string{"member analytics2.example.com has no tree in the cluster folder, though the lists name it and the folder holds the trees of the other analytics members"},
	},
}

const webuiPath = "opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf"

// webuiUpstream returns a webui_upstream.conf naming hosts.
func webuiUpstream(hosts ...string) string {
	var b strings.Builder
	b.WriteString("upstream webui {\n")
	for _, h := range hosts {
		b.WriteString("  server " + h + ":2082;\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestStatusDrift runs status over crafted clusters, one kind of drift
// each, and compares the drift found, line for line.
func TestStatusDrift(t *testing.T) {
	for _, tt := range statusTests {
		t.Run(tt.desc, func(t *testing.T) {
			files := statusCluster()
			tt.change(files)
			st, err := statusAt(writeTree(t, files), Options{Cluster: true})
			require.NoError(t, err)
			assert.Equal(t, tt.drift, st.Drift)
			assert.NotNil(t, st.Drift, "drift is never nil, so that JSON always carries it")
			roles := map[string][]Role{}
			for _, m := range st.Members {
				roles[m.Host] = m.Roles
			}
			for host, role := range tt.roles {
				assert.Equal(t, []Role{role}, roles[host], host)
			}
			for _, ts := range st.Trees {
				assert.False(t, ts.Removed, "no tree is a removed node's: %s", ts.Tree)
			}
		})
	}
}

// TestStatusSharedListsCountAsCopies checks that the table and the drift
// counted through the lists identical files share are those of every
// list counted on its own (each list given a map of its own, no sharing).
func TestStatusSharedListsCountAsCopies(t *testing.T) {
	files := statusCluster()
	replaceIn(files, "n2", clickPath, "  server n3.example.com:2081;\n", "")
	replaceIn(files, "n3", msgcPath, "\"10.0.0.3\"", "\"10.0.0.33\"")
	st, err := statusAt(writeTree(t, files), Options{Cluster: true})
	require.NoError(t, err)
	shared := 0
	for i := range st.Lists {
		for j := range i {
			if st.Lists[i].group != nil && st.Lists[i].group == st.Lists[j].group {
				shared++
			}
		}
	}
	require.Positive(t, shared, "identical files share their lists")
	apart := *st
	apart.Lists = nil
	for _, l := range st.Lists {
		l.group = nil
		l.Members = maps.Clone(l.Members)
		apart.Lists = append(apart.Lists, l)
	}
	assert.Equal(t, apart.Table(), st.Table())
	assert.Equal(t, missing(&apart), missing(st))
	assert.Equal(t, conflicts(&apart, "msgc_server peers"), conflicts(st, "msgc_server peers"))
	assert.Contains(t, st.Table(), "2/3", "n3 is missing from one click_proxy list of three")
}
