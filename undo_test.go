package momoconf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/history"
)

// openCluster opens dir as a cluster folder and closes it at the end.
func openCluster(t *testing.T, dir string) *Cluster {
	t.Helper()
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// undoLatest undoes the latest change of the cluster dir and returns the
// plan applied.
func undoLatest(t *testing.T, dir string) *Plan {
	t.Helper()
	c := openCluster(t, dir)
	p, err := c.Undo("")
	require.NoError(t, err)
	require.True(t, p.Changed())
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	require.NoError(t, c.Close())
	return p
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := golden.ReadTree(dir)
	require.NoError(t, err)
	return files
}

// roundTrips are the golden round trips: the change, from the example
// tree, leads to the golden tree after; undoing it gives back the example
// tree byte for byte, and undoing the undo the tree after.
var roundTrips = []struct {
	desc, from, after string
	change            func(dir string) (*Plan, error)
}{
	{"add node4 with its tree", "cluster", "cluster-after-add-node4", func(dir string) (*Plan, error) {
		return addNodeAt(dir, node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	}},
	{"remove node2", "cluster", "cluster-after-remove-node2", func(dir string) (*Plan, error) {
		return removeNodeAt(dir, Node{Host: "node2.int.example.com"}, testOptions{Cluster: true})
	}},
	{"add analytics3 with its tree", "two-tier", "two-tier-after-add-analytics3", func(dir string) (*Plan, error) {
		return addNodeAt(dir, analytics3, testOptions{Cluster: true, NewNodeDir: "analytics3", From: "analytics2"})
	}},
	{"remove analytics2", "two-tier", "two-tier-after-remove-analytics2", func(dir string) (*Plan, error) {
		return removeNodeAt(dir, Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	}},
}

func TestUndoRoundTrips(t *testing.T) {
	for _, tt := range roundTrips {
		t.Run(tt.desc, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "c")
			require.NoError(t, golden.CopyTree(filepath.Join("testdata", tt.from), dir))
			before := readTree(t, dir)
			p, err := tt.change(dir)
			require.NoError(t, err)
			require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
			checkTree(t, dir, tt.after)

			undo := undoLatest(t, dir)
			assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "undo gives back the tree before, byte for byte")
			if strings.HasPrefix(tt.desc, "add") {
				assert.Contains(t, undo.Diff(), "+++ /dev/null", "the new tree's files go")
				assert.NoDirExists(t, filepath.Join(dir, strings.Fields(tt.desc)[1]), "and its folders")
			}

			undoLatest(t, dir)
			checkTree(t, dir, tt.after)
			hist, err := openCluster(t, dir).History()
			require.NoError(t, err)
			require.Len(t, hist, 3)
			assert.Equal(t, []string{"undo 2", "undo 1", p.Op + " " + p.Node.Host}, []string{hist[0].Command, hist[1].Command, strings.TrimSuffix(hist[2].Command, " (analytics)")})
		})
	}
}

// TestUndoDryRunDiff: the diff of undoing add node4 is the reverse of the
// change: golden testdata/undo-add-node4.diff.
func TestUndoDryRunDiff(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"}).Apply(context.Background(), ApplyOptions{}))
	after := readTree(t, dir)
	p, err := openCluster(t, dir).Undo("1")
	require.NoError(t, err)
	checkText(t, "undo-add-node4.diff", p.Diff())
	assert.Contains(t, p.Summary(), "node4/opt/msys/ecelerity/etc/conf/default/msg_gen.conf: removed: change 1 created it")
	assert.Empty(t, golden.TreeDiff(after, readTree(t, dir)), "planning writes nothing")
}

// historyFiles returns the names in the history folder of dir.
func historyFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(history.DirOf(dir))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestUndoRefusesHandEdit: a file edited by hand after the change makes
// the undo refuse, naming it, and nothing is written.
func TestUndoRefusesHandEdit(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"}).Apply(context.Background(), ApplyOptions{}))
	edited := filepath.Join(dir, "node2", msgGenPath)
	f, err := os.OpenFile(edited, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("# by hand\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	before := readTree(t, dir)

	_, err = openCluster(t, dir).Undo("")
	require.ErrorIs(t, err, codes.UndoRefused)
	assert.Contains(t, err.Error(), "node2/"+msgGenPath+" (edited since)")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
	assert.Equal(t, []string{"1.json"}, historyFiles(t, dir))
}

// TestUndoRefusesAnOlderChange: a second change to the same files makes
// the undo of the first refuse, naming the second.
func TestUndoRefusesAnOlderChange(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{}).Apply(context.Background(), ApplyOptions{}))
	p, err := addNodeAt(dir, Node{Host: "node5.int.example.com", IP: "10.77.0.98"}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	before := readTree(t, dir)

	c := openCluster(t, dir)
	_, err = c.Undo("1")
	require.ErrorIs(t, err, codes.UndoRefused)
	assert.Contains(t, err.Error(), "change 2 (add-node node5.int.example.com, ")
	assert.Contains(t, err.Error(), "undo change 2 first")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))

	_, err = c.Undo("7")
	require.ErrorIs(t, err, codes.UndoRefused)
	assert.Contains(t, err.Error(), "no change 7 in the history")
}

// TestUndoRefusesAFolderWithOtherFiles: a file put into the new node's
// tree after the change keeps the undo from removing the tree.
func TestUndoRefusesAFolderWithOtherFiles(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"}).Apply(context.Background(), ApplyOptions{}))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "node4", "opt", "notes"), []byte("mine\n"), 0o644))
	_, err := openCluster(t, dir).Undo("")
	require.ErrorIs(t, err, codes.UndoRefused)
	assert.Contains(t, err.Error(), "node4/opt, which now holds node4/opt/notes")
}

// TestUntrustedHistoryRefused: a history record another account owns (as
// root, chown), or one group-writable (any user), is refused with
// codes.Untrusted by History and Undo, and nothing is touched.
func TestUntrustedHistoryRefused(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		plant func(t *testing.T, rec string)
		want  string
	}{
		{"owned by another uid", func(t *testing.T, rec string) {
			if os.Geteuid() != 0 {
				t.Skip("not root: cannot give the record to another uid")
			}
			require.NoError(t, os.Chown(rec, 4242, 4242))
		}, " (owner uid 4242): not trusted: owned by another account"},
		{"group writable", func(t *testing.T, rec string) {
			require.NoError(t, os.Chmod(rec, 0o660))
		}, ": not trusted: writable by group or others (mode 0660)"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			dir := exampleCluster(t)
			require.NoError(t, planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"}).Apply(context.Background(), ApplyOptions{}))
			rec := filepath.Join(history.DirOf(dir), "1.json")
			tc.plant(t, rec)
			before := readTree(t, dir)
			c := openCluster(t, dir)
			_, err := c.History()
			require.ErrorIs(t, err, codes.Untrusted)
			assert.Contains(t, err.Error(), rec)
			assert.Contains(t, err.Error(), tc.want)
			_, err = c.Undo("")
			require.ErrorIs(t, err, codes.Untrusted)
			assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
		})
	}
}

// TestHistoryRecordConfined: a record naming a path outside the folder
// (planted by this very user, so trusted by owner) is refused by the
// parser, and one whose path passes through a link is refused on undo.
func TestHistoryRecordConfined(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{}).Apply(context.Background(), ApplyOptions{}))
	rec := filepath.Join(history.DirOf(dir), "1.json")
	data, err := os.ReadFile(rec)
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"node1/`+msgGenPath+`"`, `"../victim"`, 1)
	require.NoError(t, os.WriteFile(rec, []byte(bad), 0o600))
	_, err = openCluster(t, dir).Undo("")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `".." in path`)

	// A link inside a host tree, where a recorded file's folder was.
	victim := t.TempDir()
	require.NoError(t, os.WriteFile(rec, data, 0o600))
	conf := filepath.Join(dir, "node3", "opt", "msys", "ecelerity", "etc", "conf", "default")
	require.NoError(t, golden.CopyTree(conf, victim))
	require.NoError(t, os.RemoveAll(conf))
	require.NoError(t, os.Symlink(victim, conf))
	before := readTree(t, victim)
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	if err == nil {
		defer c.Close()
		_, err = c.Undo("")
	}
	require.Error(t, err)
	assert.Empty(t, golden.TreeDiff(before, readTree(t, victim)), "nothing written through the link")
}

// TestHistoryLimit: with a limit of 3, five changes leave the last three
// records; the oldest went first.
func TestHistoryLimit(t *testing.T) {
	dir := exampleCluster(t)
	for i := range 5 {
		var p *Plan
		var err error
		if i%2 == 0 {
			p, err = addNodeAt(dir, node4, testOptions{Cluster: true})
		} else {
			p, err = removeNodeAt(dir, node4, testOptions{Cluster: true})
		}
		require.NoError(t, err)
		require.NoError(t, p.Apply(context.Background(), ApplyOptions{History: 3}))
	}
	assert.Equal(t, []string{"3.json", "4.json", "5.json", history.PrunedName}, historyFiles(t, dir), "and the marker of how far back the history reaches")
	hist, err := openCluster(t, dir).History()
	require.NoError(t, err)
	assert.Equal(t, "5", hist[0].ID)
	assert.Equal(t, "add-node node4.int.example.com", hist[0].Command)
}

// TestHistoryRecordShape: a record is 0600, owned by the effective user,
// in 0700 folders; it names the command given and each file.
func TestHistoryRecordShape(t *testing.T) {
	dir := exampleCluster(t)
	p := planNode4(t, dir, testOptions{NewNodeDir: "node4", From: "node1"})
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{Command: "momoconf add-node --host node4"}))
	rec := filepath.Join(history.DirOf(dir), "1.json")
	for path, mode := range map[string]os.FileMode{rec: 0o600, history.DirOf(dir): 0o700 | os.ModeDir, filepath.Dir(history.DirOf(dir)): 0o700 | os.ModeDir} {
		info, err := os.Lstat(path)
		require.NoError(t, err)
		assert.Equal(t, mode, info.Mode(), path)
		assert.Equal(t, uint32(os.Geteuid()), info.Sys().(*syscall.Stat_t).Uid, path)
	}
	hist, err := openCluster(t, dir).History()
	require.NoError(t, err)
	require.Len(t, hist, 1)
	assert.Equal(t, "momoconf add-node --host node4", hist[0].Command)
	changes := map[string]string{}
	for _, f := range hist[0].Files {
		changes[f.Path] = f.Change
	}
	assert.Equal(t, "edited", changes["node1/"+msgGenPath])
	assert.Equal(t, "created", changes["node4/"+msgGenPath])
	assert.NotContains(t, changes, ".momoconf/history/1.json", "the record does not list itself")
}

// TestNoHistory: a negative limit records nothing.
func TestNoHistory(t *testing.T) {
	dir := exampleCluster(t)
	require.NoError(t, planNode4(t, dir, testOptions{}).Apply(context.Background(), ApplyOptions{History: -1}))
	assert.NoDirExists(t, filepath.Join(dir, ".momoconf", "history")) // .momoconf holds the commit record
}
