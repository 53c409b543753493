package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
)

const (
	msgGenPath = "opt/msys/ecelerity/etc/conf/default/msg_gen.conf"
	msgcPath   = "opt/msys/ecelerity/etc/conf/global/msgc_server.conf"
	clickPath  = "opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"
	usersPath  = "opt/msys/app/users-api/config/production.json"
	yamlPath   = "opt/msys/3rdParty/cassandra/conf/cassandra.yaml"
)

// writeTree writes files (slash path → content) below a new folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// msgGen returns a msg_gen.conf with the given node stanza lines.
func msgGen(nodes ...string) string {
	return "cassandra_client {\n  uri = ( \"name=cassandra_db;host=node1;port=9160\" )\n}\nmsg_gen {\n  quorum = 2\n" +
		strings.Join(nodes, "\n") + "\n}\n"
}

var mtaIDTests = []struct {
	desc    string
	trees   map[string]string // tree name → msg_gen.conf
	given   int
	want    int
	warning string
	err     string
}{
	{desc: "next above the highest", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }", "node n2 { mta_id = 7 votes = 1 }")}, want: 8},
	{desc: "past retired ids", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }", "# node n2 { mta_id = 2 votes = 1 }", "# node n3 { mta_id = 3  votes = 1 }")}, want: 4},
	{desc: "first node", trees: map[string]string{"a": msgGen()}, want: 1},
	{desc: "given and free", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }")}, given: 9, want: 9},
	{desc: "given and taken", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }")}, given: 1, err: "mta_id 1 is already node n1's"},
	{desc: "given and retired", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }", "# node n2 { mta_id = 2 votes = 1 }")}, given: 2, want: 2, warning: "mta_id 2 is shown by a commented-out node stanza"},
	{desc: "already listed keeps its id", trees: map[string]string{"a": msgGen("node node4.int.example.com { mta_id = 6 votes = 1 }")}, want: 6},
	{desc: "already listed, other id given", trees: map[string]string{"a": msgGen("node node4.int.example.com { mta_id = 6 votes = 1 }")}, given: 3, err: "already has mta_id 6"},
	{desc: "none left", trees: map[string]string{"a": msgGen("node n1 { mta_id = 254 votes = 1 }")}, err: "no mta_id left"},
	{desc: "trees agree", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }"), "b": msgGen("node n1 {\n mta_id = 1\n votes = 1\n}")}, want: 2},
	{desc: "trees disagree on an id", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }"), "b": msgGen("node n1 { mta_id = 2 votes = 1 }")}, err: "node n1 has mta_id 1 in a/" + msgGenPath + " but 2 in b/" + msgGenPath},
	{desc: "trees disagree on members", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }"), "b": msgGen()}, err: "node n1 (mta_id 1) is in a/" + msgGenPath + " but not in b/" + msgGenPath},
	{desc: "the node half added is no disagreement", trees: map[string]string{"a": msgGen("node n1 { mta_id = 1 votes = 1 }", "node node4.int.example.com { mta_id = 2 votes = 1 }"), "b": msgGen("node n1 { mta_id = 1 votes = 1 }")}, want: 2},
}

func TestMTAID(t *testing.T) {
	for _, tt := range mtaIDTests {
		t.Run(tt.desc, func(t *testing.T) {
			files := map[string]string{}
			for tree, content := range tt.trees {
				files[tree+"/"+msgGenPath] = content
			}
			dir := writeTree(t, files)
			p, err := addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.0.0.4", MTAID: tt.given}, testOptions{Cluster: true})
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Node.MTAID)
			warnings := warningsBut(p, codes.HostForm) // the fixtures' members have short names
			if tt.warning != "" {
				require.Len(t, warnings, 1)
				assert.Contains(t, warnings[0], tt.warning)
			} else {
				assert.Empty(t, warnings)
			}
			require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
			again, err := addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.0.0.4"}, testOptions{Cluster: true})
			require.NoError(t, err)
			assert.False(t, again.Changed())
			assert.Equal(t, tt.want, again.Node.MTAID)
		})
	}
}

// TestNamesFollowNeighbours: lists of IP literals get the node's IP, and
// the upstream port comes from the neighbours.
func TestNamesFollowNeighbours(t *testing.T) {
	dir := writeTree(t, map[string]string{
		msgGenPath: "cassandra_client {\n  uri = (\"name=cassandra_db;host=192.168.1.204;port=9160\"\n         \"name=cassandra_db;host=192.168.1.206;port=9160\")\n}\nmsg_gen {\n  node node1.lan {\n    mta_id = 1\n    votes = 1\n  }\n}\n",
		clickPath:  "upstream click_proxy {\n  server 192.168.1.204:8081 weight=2;\n}\n",
		usersPath:  "{\"cassandra\": {\"hosts\": [\"192.168.1.204\"]}}\n",
	})
	p, err := addNodeAt(dir, Node{Host: "node4.lan", IP: "192.168.1.207"}, testOptions{})
	require.NoError(t, err)
	files := map[string]string{}
	for _, f := range p.Files {
		files[f.Path] = string(f.New)
	}
	assert.Equal(t, "cassandra_client {\n  uri = (\"name=cassandra_db;host=192.168.1.204;port=9160\"\n         \"name=cassandra_db;host=192.168.1.206;port=9160\"\n         \"name=cassandra_db;host=192.168.1.207;port=9160\")\n}\nmsg_gen {\n  node node1.lan {\n    mta_id = 1\n    votes = 1\n  }\n  node node4.lan {\n    mta_id = 2\n    votes = 1\n  }\n}\n", files[msgGenPath])
	assert.Equal(t, "upstream click_proxy {\n  server 192.168.1.204:8081 weight=2;\n  server 192.168.1.207:8081 weight=2;\n}\n", files[clickPath])
	assert.Equal(t, "{\"cassandra\": {\"hosts\": [\"192.168.1.204\", \"192.168.1.207\"]}}\n", files[usersPath])

	// Removing matches the IP entries.
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	p, err = removeNodeAt(dir, Node{Host: "node4.lan", IP: "192.168.1.207"}, testOptions{})
	require.NoError(t, err)
	for _, f := range p.Files {
		assert.NotContains(t, string(f.New), "192.168.1.207", f.Path)
		assert.NotContains(t, string(f.New), "node4.lan", f.Path)
	}
}

func TestRemoveWarnsOnQuorumAndSeeds(t *testing.T) {
	yaml := "seed_provider:\n    - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n      parameters:\n          - seeds: \"n1, n2, n3\"\nlisten_address: 10.0.0.1\n"
	dir := writeTree(t, map[string]string{
		msgGenPath: "msg_gen {\n  quorum = 3\n  node n1 { mta_id = 1 votes = 1 }\n  node n2 { mta_id = 2 votes = 1 }\n  node n3 { mta_id = 3 votes = 1 }\n}\n",
		msgcPath:   "msgc_server {\n  peers = [\n    n1 = \"10.0.0.1\"\n    n2 = \"10.0.0.2\"\n    n3 = \"10.0.0.3\"\n    n4 = \"10.0.0.4\"\n  ]\n}\n",
		yamlPath:   yaml,
	})
	p, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{})
	require.NoError(t, err)
	assert.Equal(t, "10.0.0.2", p.Node.IP)
	assert.Equal(t, []string{
		msgGenPath + ": quorum = 3 is more than the 2 node(s) left; msg_gen cannot reach it",
		yamlPath + ": seeds now list 2 host(s) (n1, n3); three are recommended; candidates: n4",
	}, texts(p.Warnings))
	for _, f := range p.Files {
		if f.Path == yamlPath {
			assert.Equal(t, strings.Replace(yaml, "n1, n2, n3", "n1, n3", 1), string(f.New))
		}
	}
}

func TestRemoveSkipsTheNodesOwnTree(t *testing.T) {
	peers := "msgc_server {\n  peers = [\n    n1 = \"10.0.0.1\"\n    n2 = \"10.0.0.2\"\n  ]\n}\n"
	dir := writeTree(t, map[string]string{
		"n1/" + msgcPath: peers, "n1/" + yamlPath: "listen_address: 10.0.0.1\n",
		"n2/" + msgcPath: peers, "n2/" + yamlPath: "listen_address: 10.0.0.2\n",
	})
	p, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"n2: skipped, it is the node being removed (listen_address 10.0.0.2)"}, p.Skipped)
	for _, f := range p.Files {
		assert.NotContains(t, f.Path, "n2/")
	}
}

func TestRemovePeersDisagree(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/" + msgcPath: "msgc_server { peers = [ n2 = \"10.0.0.2\" ] }\n",
		"b/" + msgcPath: "msgc_server { peers = [ n2 = \"10.0.0.9\" ] }\n",
	})
	_, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{Cluster: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "peers disagree on n2's address")
}

// TestAddRefusesPeerWithOtherAddress: a host the peers give another
// address is refused, not half added with a warning.
func TestAddRefusesPeerWithOtherAddress(t *testing.T) {
	dir := writeTree(t, map[string]string{msgcPath: "msgc_server { peers = [ n4 = \"10.0.0.9\" ] }\n"})
	_, err := addNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.ErrorIs(t, err, codes.Conflict)
	assert.EqualError(t, err, `n4 is already a member, at another address than 10.0.0.4: n4 = "10.0.0.9" in `+msgcPath+`; nothing written`)
}

func TestAddNeedsTheUpstreamBlock(t *testing.T) {
	dir := writeTree(t, map[string]string{clickPath: "upstream a { server a:1; }\nupstream b { server b:1; }\n"})
	_, err := addNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), clickPath+": no upstream click_proxy in the file (found 2 other upstream blocks)")
}

// TestAddToTheOnlyUpstream: a file named for an upstream but holding a
// single block under another name gets the edit in that block.
func TestAddToTheOnlyUpstream(t *testing.T) {
	dir := writeTree(t, map[string]string{clickPath: "upstream clicks {\n  server n1:2081;\n}\n"})
	p, err := addNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.NoError(t, err)
	require.Len(t, p.Files, 1)
	assert.Equal(t, "upstream clicks {\n  server n1:2081;\n  server n4:2081;\n}\n", string(p.Files[0].New))
	assert.Equal(t, []string{"added server n4:2081 to upstream clicks"}, p.Files[0].Changes)
}

// TestJSONWithoutTheList: a production.json without the list is left
// alone with a warning on add, and quietly on remove.
func TestJSONWithoutTheList(t *testing.T) {
	dir := writeTree(t, map[string]string{usersPath: "{\"cassandra\": {}}\n"})
	p, err := addNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.NoError(t, err)
	assert.False(t, p.Changed())
	assert.Equal(t, []string{usersPath + ": has no cassandra.hosts; left as it is"}, texts(p.Warnings))
	p, err = removeNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.NoError(t, err)
	assert.False(t, p.Changed())
	assert.Empty(t, p.Warnings)
}

func TestParseErrorsAreAllReported(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/" + usersPath: "{\"cassandra\": {\"hosts\": [\"n1\",]}}\n",
		"b/" + clickPath: "upstream click_proxy {\n  server n1:2081\n",
	})
	_, err := addNodeAt(dir, Node{Host: "n4", IP: "10.0.0.4"}, testOptions{Cluster: true})
	require.Error(t, err)
	assert.Regexp(t, `a/`+usersPath+`:1:\d+: `, err.Error())
	assert.Regexp(t, `b/`+clickPath+`:\d+:\d+: `, err.Error())
}

// TestSymlinkedFileStaysALink: a configuration file that is a symbolic
// link is edited through the link; the link stays.
func TestSymlinkedFileStaysALink(t *testing.T) {
	dir := writeTree(t, map[string]string{"shared/click.conf": "upstream click_proxy {\n  server n1:2081;\n}\n"})
	link := filepath.Join(dir, "host", filepath.FromSlash(clickPath))
	require.NoError(t, os.MkdirAll(filepath.Dir(link), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(dir, "shared", "click.conf"), link))
	p, err := addNodeAt(filepath.Join(dir, "host"), Node{Host: "n4", IP: "10.0.0.4"}, testOptions{})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, info.Mode().Type(), "the link must stay a link")
	got, err := os.ReadFile(filepath.Join(dir, "shared", "click.conf"))
	require.NoError(t, err)
	assert.Equal(t, "upstream click_proxy {\n  server n1:2081;\n  server n4:2081;\n}\n", string(got))
}

// TestRemoveWarnsOnDuraVIPPreference: a binding that prefers the removed
// node is reported with its position; the file is not edited.
func TestRemoveWarnsOnDuraVIPPreference(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/opt/msys/ecelerity/etc/conf/default/ecelerity.conf": "binding_group \"g\" {\n  binding \"b1\" {\n    Duravip_Preference = \"n2\"\n  }\n  binding \"b2\" { duravip_preference = n1 }\n}\n",
		"a/" + msgcPath: "msgc_server { peers = [ n1 = \"10.0.0.1\" n2 = \"10.0.0.2\" ] }\n",
	})
	p, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"a/opt/msys/ecelerity/etc/conf/default/ecelerity.conf:3:5: Duravip_Preference names n2, which is being removed; choose another node for it"}, texts(p.Warnings))
	for _, f := range p.Files {
		assert.NotContains(t, f.Path, "ecelerity.conf")
	}
}

// TestStatusIgnoresAFileWithoutTheList: a production.json without the
// list of Platform hosts is not drift.
func TestStatusIgnoresAFileWithoutTheList(t *testing.T) {
	dir := writeTree(t, map[string]string{
		usersPath: "{\"cassandra\": {}}\n",
		clickPath: "upstream click_proxy {\n  server n1:2081;\n}\n",
	})
	st, err := statusAt(dir, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"n1"}, hostsOf(st.Members))
	require.Len(t, st.Lists, 1)
	assert.Equal(t, "upstream click_proxy", st.Lists[0].Field)
	assert.Empty(t, st.Drift)
}

// TestStatusCountsAListThatIsNoList: a production.json whose list of hosts
// is something else (a number, an array of arrays), and an nginx file
// without its upstream block, are drift, named by file; the same files
// with the lists in place are not.
func TestStatusCountsAListThatIsNoList(t *testing.T) {
	for _, tc := range []struct {
		name, users, click, want string
	}{
		{"number", "{\"cassandra\": {\"hosts\": 5}}\n", "upstream click_proxy {\n  server n1:2081;\n}\n", usersPath + ": cassandra.hosts is not a list of host names"},
		{"nested arrays", "{\"cassandra\": {\"hosts\": [[\"n1\"]]}}\n", "upstream click_proxy {\n  server n1:2081;\n}\n", usersPath + ": cassandra.hosts is not a list of host names"},
		{"no upstream", "{\"cassandra\": {\"hosts\": [\"n1\"]}}\n", "upstream a {\n  server n1:2081;\n}\nupstream b {\n  server n1:2081;\n}\n", clickPath + ": no upstream click_proxy in the file"},
		{"in place", "{\"cassandra\": {\"hosts\": [\"n1\"]}}\n", "upstream click_proxy {\n  server n1:2081;\n}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{usersPath: tc.users, clickPath: tc.click})
			st, err := statusAt(dir, Options{})
			require.NoError(t, err)
			if tc.want == "" {
				assert.Empty(t, st.Drift)
				return
			}
			require.NotEmpty(t, st.Drift)
			assert.Contains(t, strings.Join(st.Drift, "\n"), tc.want)
		})
	}
}
