package momoconf

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

// TestTypedErrors makes each refusal really happen and tells it apart
// with errors.Is.
func TestTypedErrors(t *testing.T) {
	dir := exampleCluster(t)
	node2 := Node{Host: "node2.int.example.com", IP: "10.77.0.95"}
	_, err := removeNodeAt(dir, node2, testOptions{Cluster: true})
	var conflict *conflictError
	require.ErrorAs(t, err, &conflict)
	assert.ErrorIs(t, err, codes.Conflict)
	assert.Equal(t, "node3.int.example.com", conflict.member)

	_, err = addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 3}, testOptions{Cluster: true})
	assert.ErrorIs(t, err, codes.MTAIDTaken)

	_, err = addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "analytics1"})
	assert.ErrorIs(t, err, codes.NotMember)

	_, err = statusAt(filepath.Join(dir, "node1"), Options{Cluster: true})
	assert.ErrorIs(t, err, codes.TargetEmpty)
	_, err = statusAt(t.TempDir(), Options{})
	assert.ErrorIs(t, err, codes.TargetEmpty)

	p, err := addNodeAt(dir, node4, testOptions{Cluster: true})
	require.NoError(t, err)
	file := filepath.Join(dir, "node1", filepath.FromSlash(clickPath))
	require.NoError(t, os.WriteFile(file, []byte("upstream click_proxy { }\n"), 0o644))
	err = p.Apply(context.Background(), ApplyOptions{})
	assert.ErrorIs(t, err, codes.PlanStale)
	assert.False(t, errors.Is(err, codes.Conflict))
}

// TestClusterPlansLeaveTheModel: a loaded cluster plans more than once,
// each plan from the files as read, and identical files share one parse.
func TestClusterPlansLeaveTheModel(t *testing.T) {
	c, err := load(exampleCluster(t), Options{Cluster: true})
	require.NoError(t, err)
	add, err := c.AddNode(node4, AddOptions{})
	require.NoError(t, err)
	require.True(t, add.Changed())
	again, err := c.AddNode(node4, AddOptions{})
	require.NoError(t, err)
	assert.Equal(t, add.Diff(), again.Diff(), "the first plan must not change the model")
	remove, err := c.RemoveNode(node4, RemoveOptions{})
	require.NoError(t, err)
	assert.False(t, remove.Changed(), "node4 is in no file as read")

	n1, _ := c.treeNamed("node1")
	n3, _ := c.treeNamed("node3")
	assert.Same(t, n1.doc(filekind.MsgGen).view(), n3.doc(filekind.MsgGen).view(), "identical files are parsed once")
	assert.Equal(t, []Member{
		{Host: "analytics1.int.example.com", Roles: []Role{RoleAnalytics}, Tree: "analytics1"},
		{Host: "node1.int.example.com", IP: "10.77.0.93", MTAID: 1, Roles: []Role{RolePlatform}, Tree: "node1"},
		{Host: "node2.int.example.com", IP: "10.77.0.94", MTAID: 2, Roles: []Role{RolePlatform}, Tree: "node2"},
		{Host: "node3.int.example.com", IP: "10.77.0.95", MTAID: 3, Roles: []Role{RolePlatform}, Tree: "node3"},
	}, c.sortedMembers())
}

var warningStringTests = []struct {
	desc string
	w    Warning
	want string
}{
	{"file, line and column", Warning{Position: srcpos.Position{Filename: "a/b.conf", Line: 3, Column: 5}, Message: "m"}, "a/b.conf:3:5: m"},
	{"file and line", Warning{Position: srcpos.Position{Filename: "a/b.conf", Line: 3}, Message: "m"}, "a/b.conf:3: m"},
	{"file only", Warning{Position: srcpos.Position{Filename: "a/b.conf"}, Message: "m"}, "a/b.conf: m"},
	{"no place", Warning{Message: "m"}, "m"},
	{"a line without a file", Warning{Position: srcpos.Position{Line: 3, Column: 5}, Message: "m"}, "m"},
}

func TestWarningString(t *testing.T) {
	for _, tt := range warningStringTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.w.String())
		})
	}
}

// TestWarningJSON: a warning's JSON is flat, the place spelt as every
// place is (file, line, column, each left out when unknown), and it reads
// back to the same warning.
func TestWarningJSON(t *testing.T) {
	tests := []struct {
		w    Warning
		want string
	}{
		{Warning{Code: codes.DuraVIP, Position: srcpos.Position{Filename: "a/b.conf", Line: 3, Column: 5}, Message: "m"},
			`{"code":"duravip","file":"a/b.conf","line":3,"column":5,"message":"m"}`},
		{Warning{Code: codes.CopyMentions, Position: srcpos.Position{Filename: "a/b.conf", Line: 3}, Message: "m"},
			`{"code":"copy-mentions","file":"a/b.conf","line":3,"message":"m"}`},
		{Warning{Code: codes.Quorum, Position: srcpos.Position{Filename: "a/b.conf"}, Message: "m"},
			`{"code":"quorum","file":"a/b.conf","message":"m"}`},
		{Warning{Code: codes.Recovered, Message: "m"}, `{"code":"recovered","message":"m"}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.w)
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(got))
		var back Warning
		require.NoError(t, json.Unmarshal(got, &back))
		assert.Equal(t, tt.w, back)
	}
}

// TestCopiesTakeTheFirstEdit: identical files in several trees are edited
// once; each copy gets the same bytes and notes, and the warnings name it.
func TestCopiesTakeTheFirstEdit(t *testing.T) {
	msgGen := "msg_gen {\n  quorum = 3\n  node n1 { mta_id = 1 votes = 1 }\n  node n2 { mta_id = 2 votes = 1 }\n  node n3 { mta_id = 3 votes = 1 }\n}\n"
	dir := writeTree(t, map[string]string{"a/" + msgGenPath: msgGen, "b/" + msgGenPath: msgGen, "c/" + msgGenPath: msgGen + "# c\n"})
	p, err := removeNodeAt(dir, Node{Host: "n2"}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.Len(t, p.Files, 3)
	for _, f := range p.Files {
		assert.Equal(t, []string{"removed node n2 (mta_id 2) from msg_gen"}, f.Changes, f.Path)
		assert.NotContains(t, string(f.New), "n2", f.Path)
	}
	assert.Equal(t, p.Files[0].New, p.Files[1].New)
	var files []string
	for _, w := range p.Warnings {
		assert.Equal(t, codes.Quorum, w.Code)
		files = append(files, w.Filename)
	}
	assert.Equal(t, []string{"a/" + msgGenPath, "b/" + msgGenPath, "c/" + msgGenPath}, files)
}

// TestMistypedListenAddress: a tree whose listen_address is no member's
// is still its folder's node's: removing that node skips it, and adding
// another node with that address is refused.
func TestMistypedListenAddress(t *testing.T) {
	dir := exampleCluster(t)
	yaml := filepath.Join(dir, "node3", filepath.FromSlash(yamlPath))
	src, err := os.ReadFile(yaml)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(yaml, []byte(strings.Replace(string(src), "listen_address: 10.77.0.95", "listen_address: 10.77.0.59", 1)), 0o644))

	p, err := removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"node3: skipped, it is the node being removed (by its folder name; its listen_address 10.77.0.59 is no member's)"}, p.Skipped)

	_, err = addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.77.0.59"}, testOptions{Cluster: true})
	require.ErrorIs(t, err, codes.Conflict)
	assert.Contains(t, err.Error(), "10.77.0.59 is the address of node3.int.example.com, not of node4.int.example.com: tree node3 listens on 10.77.0.59")
}
