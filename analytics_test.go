package momoconf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/golden"
)

// twoTier copies testdata/two-tier to a fresh folder.
func twoTier(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "two-tier")
	require.NoError(t, golden.CopyTree(filepath.Join("testdata", "two-tier"), dir))
	return dir
}

var analytics3 = Node{Host: "analytics3.int.example.com", Role: RoleAnalytics}

// codesOf returns the warnings' codes.
func codesOf(ws []Warning) []codes.Code {
	var out []codes.Code
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

// TestTwoTierAddAnalytics3 adds analytics3, copied from analytics2 (whose
// webui auth settings are not false), and compares the whole cluster
// after the change with a golden copy.
func TestTwoTierAddAnalytics3(t *testing.T) {
	dir := twoTier(t)
	opts := testOptions{Cluster: true, NewNodeDir: "analytics3", From: "analytics2"}
	p, err := addNodeAt(dir, analytics3, opts)
	require.NoError(t, err)
	assert.Equal(t, []codes.Code{codes.WebuiAuth, codes.WebuiAuth}, codesOf(p.Warnings))
	assert.Contains(t, p.Warnings[0].String(), "analytics2/opt/msys/app/webui/scripts/config/production.json: auth.apiPort is 2085, not false")
	assert.Contains(t, p.Warnings[1].String(), `auth.apiHost is "analytics1.int.example.com", not false`)
	for _, f := range p.Files {
		if f.Created {
			continue // the new tree copies momo_upstream.conf too
		}
		assert.NotContains(t, []filekind.Kind{filekind.MsgGen, filekind.MsgcServer, filekind.ClickProxy, filekind.MomoUpstream, filekind.CassandraYAML}, f.Kind,
			"an Analytics change lists no Platform-only file: %s", f.Path)
		if f.Changed() {
			assert.NotContains(t, f.Path, "users-api", "no users-api file here has vertica.hosts")
		}
	}
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	checkTree(t, dir, "two-tier-after-add-analytics3")

	again, err := addNodeAt(dir, analytics3, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.False(t, again.Changed(), "a second AddNode must change nothing:\n%s", again.Diff())
	assert.Empty(t, again.Steps, "nothing changes, so no step")
}

// TestTwoTierRemoveAnalytics2 removes analytics2: its own tree is found by
// its folder name and left alone, and both Vertica warnings are given.
func TestTwoTierRemoveAnalytics2(t *testing.T) {
	dir := twoTier(t)
	node := Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}
	p, err := removeNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, []codes.Code{codes.KSafety, codes.AnalyticsFew}, codesOf(p.Warnings))
	assert.Contains(t, p.Warnings[1].String(), "1 Analytics node(s) would remain")
	assert.Equal(t, []string{"analytics2: skipped, it is the node being removed (by its folder name)"}, p.Skipped)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	checkTree(t, dir, "two-tier-after-remove-analytics2")

	again, err := removeNodeAt(dir, node, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.False(t, again.Changed(), "a second RemoveNode must change nothing:\n%s", again.Diff())

	// Its tree, which still lists it, is a removed node's: not counted.
	st, err := statusAt(dir, Options{Cluster: true})
	require.NoError(t, err)
	assert.NotContains(t, hostsOf(st.Members), node.Host)
	assert.Empty(t, st.Drift)
	assert.Contains(t, st.Trees, TreeStatus{Tree: "analytics2", Role: RoleAnalytics, Node: node.Host, Removed: true})
	assert.Contains(t, st.Table(), "tree analytics2 is node analytics2.int.example.com (by its folder name), which the other trees no longer list")
}

// TestRemoveAnalyticsWithoutOwnTree: when no folder is named for the
// node, every tree is edited and a warning says so.
func TestRemoveAnalyticsWithoutOwnTree(t *testing.T) {
	dir := twoTier(t)
	require.NoError(t, os.Rename(filepath.Join(dir, "analytics2"), filepath.Join(dir, "vertica-b")))
	p, err := removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Empty(t, p.Skipped)
	assert.Equal(t, []codes.Code{codes.NoOwnTree, codes.KSafety, codes.AnalyticsFew}, codesOf(p.Warnings))
	assert.Contains(t, p.Diff(), "--- a/vertica-b/opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf")
}

// TestPlatformChangeLeavesAnalyticsLists: adding and removing a Platform
// node on the two-tier cluster edits no list of Analytics hosts.
func TestPlatformChangeLeavesAnalyticsLists(t *testing.T) {
	dir := twoTier(t)
	add, err := addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, testOptions{Cluster: true})
	require.NoError(t, err)
	remove, err := removeNodeAt(dir, Node{Host: "node2.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	for _, p := range []*Plan{add, remove} {
		require.True(t, p.Changed())
		for _, f := range p.Files {
			if f.Changed() {
				for _, change := range f.Changes {
					assert.NotContains(t, change, "vertica.hosts", "%s: %s edits %s", p.Op, p.Node.Host, f.Path)
				}
				assert.False(t, strings.Contains(f.Path, "etl") || strings.Contains(f.Path, "api_") || strings.Contains(f.Path, "webui"),
					"%s: %s edits %s", p.Op, p.Node.Host, f.Path)
			}
		}
	}
}

// writeFile replaces a file below dir.
func writeFile(t *testing.T, dir, rel, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(text), 0o644))
}

const relAPIUsers = "opt/msys/3rdParty/nginx/conf.d/api_users_upstream.conf"

func TestAnalyticsRefusals(t *testing.T) {
	t.Run("add to a single Analytics node", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "opt/msys/3rdParty/nginx/conf.d"), 0o755))
		writeFile(t, dir, relAPIUsers, "upstream api_users {\n  server analytics1.int.example.com:2085;\n}\n")
		_, err := addNodeAt(dir, analytics3, testOptions{})
		require.ErrorIs(t, err, codes.TooFew)
		assert.Contains(t, err.Error(), "api_users_upstream.conf upstream api_users lists 1")
	})
	t.Run("removal that empties an upstream", func(t *testing.T) {
		dir := twoTier(t)
		writeFile(t, dir, "analytics1/"+relAPIUsers, "upstream api_users {\n   server analytics2.int.example.com:2085;\n   least_conn;\n}\n")
		_, err := removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
		require.ErrorIs(t, err, codes.LastEntry)
		assert.Contains(t, err.Error(), filepath.Join("analytics1", relAPIUsers))
		assert.Contains(t, err.Error(), "would leave upstream api_users without a server")
	})
	t.Run("removal that empties vertica.hosts", func(t *testing.T) {
		dir := twoTier(t)
		writeFile(t, dir, "node2/opt/msys/app/metrics-etl/config/production.json", `{"vertica": {"hosts": ["analytics2.int.example.com"]}}`)
		_, err := removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
		require.ErrorIs(t, err, codes.LastEntry)
		assert.Contains(t, err.Error(), "node2/opt/msys/app/metrics-etl/config/production.json")
	})
	t.Run("IP list without an IP", func(t *testing.T) {
		dir := twoTier(t)
		rel := "node3/opt/msys/app/metrics-etl/config/production.json"
		writeFile(t, dir, rel, "{\"vertica\": {\"hosts\": [\"10.77.1.1\", \"10.77.1.2\"]}}\n")
		_, err := addNodeAt(dir, analytics3, testOptions{Cluster: true})
		require.ErrorIs(t, err, codes.NeedIP)
		assert.Contains(t, err.Error(), rel)
		p, err := addNodeAt(dir, Node{Host: analytics3.Host, IP: "10.77.1.3", Role: RoleAnalytics}, testOptions{Cluster: true})
		require.NoError(t, err)
		assert.Contains(t, p.Diff(), `+{"vertica": {"hosts": ["10.77.1.1", "10.77.1.2", "10.77.1.3"]}}`)

		_, err = removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
		require.ErrorIs(t, err, codes.NeedIP, "a removal cannot match an IP list without the address either")
		p, err = removeNodeAt(dir, Node{Host: "analytics2.int.example.com", IP: "10.77.1.2", Role: RoleAnalytics}, testOptions{Cluster: true})
		require.NoError(t, err)
		assert.Contains(t, p.Diff(), `+{"vertica": {"hosts": ["10.77.1.1"]}}`)
	})
	t.Run("mta_id", func(t *testing.T) {
		_, err := addNodeAt(twoTier(t), Node{Host: analytics3.Host, MTAID: 7, Role: RoleAnalytics}, testOptions{Cluster: true})
		assert.ErrorContains(t, err, "an Analytics node has no mta_id")
	})
	t.Run("copy from a Platform tree", func(t *testing.T) {
		_, err := addNodeAt(twoTier(t), analytics3, testOptions{Cluster: true, NewNodeDir: "analytics3", From: "node1"})
		require.ErrorIs(t, err, codes.NotMember)
		assert.ErrorContains(t, err, "is not an Analytics node's tree")
	})
	t.Run("copy into an existing folder", func(t *testing.T) {
		_, err := addNodeAt(twoTier(t), analytics3, testOptions{Cluster: true, NewNodeDir: "analytics1", From: "analytics2"})
		require.ErrorIs(t, err, codes.Conflict)
		assert.ErrorContains(t, err, "is the tree of member analytics1.int.example.com")
	})
}

// TestAnalyticsNewTreeCopies: the new tree holds every production.json
// below opt/msys/app and the plain files directly in conf.d, nothing
// else; webui's missing keys are warned about, not added.
func TestAnalyticsNewTreeCopies(t *testing.T) {
	dir := twoTier(t)
	src := filepath.Join(dir, "analytics1")
	confd := filepath.Join(src, "opt/msys/3rdParty/nginx/conf.d")
	require.NoError(t, os.MkdirAll(filepath.Join(confd, "sub"), 0o755))
	writeFile(t, src, "opt/msys/3rdParty/nginx/conf.d/.hidden", "x\n")
	writeFile(t, src, "opt/msys/3rdParty/nginx/conf.d/sub/deep.conf", "x\n")
	writeFile(t, src, "opt/msys/3rdParty/nginx/conf.d/web_proxy.conf", "proxy\n")
	require.NoError(t, os.Symlink("web_proxy.conf", filepath.Join(confd, "link.conf")))
	writeFile(t, src, "opt/msys/app/webhooks-api/config/default.json", "{}\n")
	writeFile(t, src, "opt/msys/app/webui/scripts/config/production.json", "{\"auth\": {\"apiPort\": false}}\n")
	p, err := addNodeAt(dir, analytics3, testOptions{Cluster: true, NewNodeDir: "analytics3", From: "analytics1"})
	require.NoError(t, err)
	var created []string
	for _, f := range p.Files {
		if f.Created {
			created = append(created, strings.TrimPrefix(f.Path, "analytics3/"))
		}
	}
	assert.Contains(t, created, "opt/msys/3rdParty/nginx/conf.d/web_proxy.conf")
	assert.Contains(t, created, "opt/msys/3rdParty/nginx/conf.d/link.conf")
	assert.Contains(t, created, "opt/msys/app/metrics-api/cron/config/production.json")
	for _, rel := range created {
		assert.True(t, strings.HasSuffix(rel, "/production.json") || strings.HasPrefix(rel, "opt/msys/3rdParty/nginx/conf.d/"), rel)
		assert.NotContains(t, rel, "sub/")
		assert.NotContains(t, rel, ".hidden")
	}
	assert.Equal(t, []codes.Code{codes.WebuiAuth}, codesOf(p.Warnings))
	assert.Contains(t, p.Warnings[0].String(), "has no auth.apiHost; not added")
}

func TestSetFalse(t *testing.T) {
	tests := []struct {
		name, src, key, want, old string
		err                       error
	}{
		{"number", `{"auth": {"apiPort": 80, "x": 1}}`, "auth.apiPort", `{"auth": {"apiPort": false, "x": 1}}`, "80", nil},
		{"string", "{\r\n  \"auth\": {\r\n    \"apiHost\": \"h.example.com\"\r\n  }\r\n}\r\n", "auth.apiHost",
			"{\r\n  \"auth\": {\r\n    \"apiHost\": false\r\n  }\r\n}\r\n", `"h.example.com"`, nil},
		{"already false", `{"auth":{"apiHost":false}}`, "auth.apiHost", `{"auth":{"apiHost":false}}`, "false", nil},
		{"with a BOM", "\xef\xbb\xbf{\"auth\":{\"apiPort\":null}}", "auth.apiPort", "\xef\xbb\xbf{\"auth\":{\"apiPort\":false}}", "null", nil},
		{"missing key", `{"auth":{}}`, "auth.apiPort", "", "", errNoKey},
		{"missing object", `{"adaptiveDelivery":{"apiPort":1}}`, "auth.apiPort", "", "", errNoKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, old, err := setFalse([]byte(tt.src), tt.key)
			if tt.err != nil {
				assert.True(t, errors.Is(err, tt.err), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.old, old)
		})
	}
}

func TestFilesRole(t *testing.T) {
	ref := func(p string) FileRef { return FileRef{Path: p} }
	assert.Equal(t, RoleAnalytics, filesRole([]FileRef{ref("conf.d/webui_upstream.conf"), ref("/opt/msys/app/metrics-etl/config/production.json")}, ""))
	assert.Equal(t, Role(""), filesRole([]FileRef{ref("conf.d/webui_upstream.conf"), ref("/opt/msys/app/users-api/config/production.json")}, ""),
		"users-api lists both roles: no guess")
	assert.Equal(t, RolePlatform, filesRole([]FileRef{ref("conf.d/webui_upstream.conf")}, RolePlatform))
}

// TestAnalyticsRoleOfAPlatformHost: a Platform member is no Analytics one;
// removing it as one changes nothing and says so, and adding it as one (a
// combined node) is not refused for its peer address.
func TestAnalyticsRoleOfAPlatformHost(t *testing.T) {
	dir := twoTier(t)
	node2 := Node{Host: "node2.int.example.com", Role: RoleAnalytics}
	p, err := removeNodeAt(dir, node2, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.False(t, p.Changed())
	assert.Equal(t, []codes.Code{codes.NotListed}, codesOf(p.Warnings))

	p, err = addNodeAt(dir, node2, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Contains(t, p.Diff(), "+   server node2.int.example.com:2084;")
	assert.NotContains(t, p.Diff(), "msg_gen.conf")
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))

	// Taking the Analytics role off again edits node2's own Platform tree
	// too: it is no Analytics node's tree, and it stays a member.
	p, err = removeNodeAt(dir, node2, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Empty(t, p.Skipped)
	assert.Contains(t, p.Diff(), "+++ b/node2/opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf")
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	st, err := statusAt(dir, Options{Cluster: true})
	require.NoError(t, err)
	assert.Empty(t, st.Drift, "the tree is as it was before the round trip")
}

// TestRemovedNodesTree: the tree of a node removed earlier is neither
// edited by a later addition nor copied for a new node.
func TestRemovedNodesTree(t *testing.T) {
	dir := twoTier(t)
	p, err := addNodeAt(dir, Node{Host: "analytics3.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	p, err = removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	before, err := os.ReadFile(filepath.Join(dir, "analytics2", "opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf"))
	require.NoError(t, err)

	p, err = addNodeAt(dir, Node{Host: "analytics4.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	after, err := os.ReadFile(filepath.Join(dir, "analytics2", "opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf"))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the removed node's tree is left alone")
	assert.Contains(t, strings.Join(p.Skipped, "\n"), "analytics2: skipped")

	_, err = addNodeAt(dir, Node{Host: "analytics5.int.example.com", Role: RoleAnalytics},
		testOptions{Cluster: true, NewNodeDir: "analytics5", From: "analytics2"})
	require.ErrorIs(t, err, codes.NotMember)
	assert.Contains(t, err.Error(), "no longer list")
	_, err = os.Stat(filepath.Join(dir, "analytics5"))
	assert.True(t, os.IsNotExist(err), "nothing written")
}

// TestStatusAnalyticsDrift: an Analytics list that lacks an Analytics
// member is drift, and the member's column shows it.
func TestStatusAnalyticsDrift(t *testing.T) {
	dir := twoTier(t)
	writeFile(t, dir, "node3/opt/msys/app/metrics-etl/config/production.json", "{\"vertica\": {\"hosts\": [\"analytics1.int.example.com\"]}}\n")
	st, err := statusAt(dir, Options{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"node3/opt/msys/app/metrics-etl/config/production.json (vertica.hosts) does not list analytics2.int.example.com"}, st.Drift)
	assert.Contains(t, st.Table(), "VERT  vertica.hosts (19 file(s))")
}

// FuzzSetFalse: for any JSON that holds the key, only the value's token
// changes and the result reads false there.
func FuzzSetFalse(f *testing.F) {
	for _, seed := range []string{`{"auth": {"apiPort": 80}}`, "{\r\n\"auth\":{\"apiPort\":\"x\",\"apiHost\":false}}", `{"auth":{"apiPort":[1,{"a":2}]}}`, `[]`, `{"auth":1}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, old, err := setFalse(src, "auth.apiPort")
		if err != nil {
			return
		}
		if old == "false" {
			assert.Equal(t, string(src), string(out))
			return
		}
		// out is src with one span, old, replaced by false.
		require.Equal(t, len(src)-len(old)+len("false"), len(out))
		p := 0
		for p < len(out) && p < len(src) && out[p] == src[p] {
			p++
		}
		p = min(p, len(src)-len(old))
		for p > 0 && string(src[p:p+len(old)]) != old {
			p--
		}
		assert.Equal(t, string(src[:p])+"false"+string(src[p+len(old):]), string(out))
		if gjson.ValidBytes(src) {
			assert.Equal(t, "false", gjson.GetBytes(out, "auth.apiPort").Raw, "%q", src)
		}
	})
}

// TestUsersAPIVerticaHosts: where users-api's production.json has a
// vertica.hosts, an Analytics change keeps it current and leaves its
// cassandra.hosts alone; a Platform change does the reverse.
func TestUsersAPIVerticaHosts(t *testing.T) {
	dir := twoTier(t)
	rel := "analytics1/opt/msys/app/users-api/config/production.json"
	writeFile(t, dir, rel, "{\n  \"cassandra\": {\"hosts\": [\"node1.int.example.com\", \"node2.int.example.com\"]},\n  \"vertica\": {\"hosts\": [\"analytics1.int.example.com\", \"analytics2.int.example.com\"]}\n}\n")
	p, err := addNodeAt(dir, analytics3, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Contains(t, p.Diff(), "+  \"vertica\": {\"hosts\": [\"analytics1.int.example.com\", \"analytics2.int.example.com\", \"analytics3.int.example.com\"]}\n")
	assert.NotContains(t, p.Diff(), "+  \"cassandra\"")
	p, err = addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Contains(t, p.Diff(), "+  \"cassandra\": {\"hosts\": [\"node1.int.example.com\", \"node2.int.example.com\", \"node4.int.example.com\"]},\n")
	assert.NotContains(t, p.Diff(), "+  \"vertica\"")
}
