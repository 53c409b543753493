package momoconf

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
)

// plantLink replaces (or makes) the file rel of the cluster at dir with a
// symbolic link to a copy of its content kept outside the cluster, owned
// by uid 4242 as an account with write access to the host tree would
// make it. It returns the outside file.
func plantLink(t *testing.T, dir, rel string) string {
	t.Helper()
	victim := filepath.Join(t.TempDir(), "outside.conf")
	file := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(file)
	if err != nil {
		data = []byte("upstream other { server 192.0.2.1; }\n")
	}
	require.NoError(t, os.WriteFile(victim, data, 0o644))
	_ = os.Remove(file)
	require.NoError(t, os.Symlink(victim, file))
	require.NoError(t, os.Lchown(file, 4242, 4242))
	return victim
}

// An account that can write one host tree must not steer a root run to a
// file outside the cluster through a symbolic link: a link owned by
// another account, as a member-listing file, as a host folder, or inside
// the tree a new node copies, is refused (codes.Untrusted, naming the link
// and its owner) by every verb, and nothing is written, outside or in.
func TestLinkOfAnotherAccountRefused(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: a link owned by another account needs lchown")
	}
	cases := []struct {
		name  string
		plant func(t *testing.T, dir string) (link, victim string)
		opts  AddOptions
	}{
		{"a listed file", func(t *testing.T, dir string) (string, string) {
			rel := "node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"
			return filepath.Join(dir, rel), plantLink(t, dir, rel)
		}, AddOptions{}},
		{"a host folder", func(t *testing.T, dir string) (string, string) {
			outside := filepath.Join(t.TempDir(), "tree")
			require.NoError(t, golden.CopyTree(filepath.Join(dir, "node3"), outside))
			require.NoError(t, os.RemoveAll(filepath.Join(dir, "node3")))
			link := filepath.Join(dir, "node3")
			require.NoError(t, os.Symlink(outside, link))
			require.NoError(t, os.Lchown(link, 4242, 4242))
			return link, filepath.Join(outside, "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
		}, AddOptions{}},
		{"a file the new node copies", func(t *testing.T, dir string) (string, string) {
			rel := "node1/opt/msys/ecelerity/etc/conf/default/extra.conf"
			return filepath.Join(dir, rel), plantLink(t, dir, rel)
		}, AddOptions{NewNodeDir: "node4", From: "node1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := exampleCluster(t)
			link, victim := c.plant(t, dir)
			before, err := os.ReadFile(victim)
			require.NoError(t, err)
			tree := snapshotLinks(t, dir)

			c1, err := Open(context.Background(), dir, Options{Cluster: true})
			if err == nil {
				_, err = c1.AddNode(Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, c.opts)
				c1.Close()
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, codes.Untrusted)
			assert.Contains(t, err.Error(), link+" (owner uid 4242): not trusted: a symbolic link owned by another account")

			after, err := os.ReadFile(victim)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "the file outside the cluster")
			assert.Empty(t, golden.TreeDiff(tree, snapshotLinks(t, dir)), "the cluster")
		})
	}
}

// The same links owned by root or by the account running the test are
// followed: the file they name is edited, and the link stays a link.
func TestLinkOfOwnAccountFollowed(t *testing.T) {
	dir := exampleCluster(t)
	rel := "node2/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"
	file := filepath.Join(dir, filepath.FromSlash(rel))
	victim := plantLinkOwn(t, dir, rel)
	p, err := addNodeAt(dir, Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, testOptions{Cluster: true})
	require.NoError(t, err)
	require.NoError(t, p.Apply(context.Background(), ApplyOptions{}))
	data, err := os.ReadFile(victim)
	require.NoError(t, err)
	assert.Contains(t, string(data), "server node4.int.example.com:2081;")
	info, err := os.Lstat(file)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")
}

// snapshotLinks reads every file below dir, and each symbolic link as
// the path it names (not followed), keyed by slash path.
func snapshotLinks(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		var data []byte
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			data = []byte("-> " + target)
			if err != nil {
				return err
			}
		} else if data, err = os.ReadFile(p); err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	require.NoError(t, err)
	return files
}

// plantLinkOwn is plantLink with the link left to the running account.
func plantLinkOwn(t *testing.T, dir, rel string) string {
	t.Helper()
	victim := filepath.Join(t.TempDir(), "outside.conf")
	file := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(victim, data, 0o644))
	require.NoError(t, os.Remove(file))
	require.NoError(t, os.Symlink(victim, file))
	return victim
}

// A link of another account among the ecelerity files a removal scans for
// Duravip_Preference is not followed: the file it names is reported as not
// checked, its content is not read into any message.
func TestDuraVIPScanSkipsLinkOfAnotherAccount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: a link owned by another account needs lchown")
	}
	dir := exampleCluster(t)
	secret := filepath.Join(t.TempDir(), "secret.conf")
	require.NoError(t, os.WriteFile(secret, []byte("Duravip_Preference = node3.int.example.com\nsecret-token-xyz {\n"), 0o600))
	link := filepath.Join(dir, "node1", "opt/msys/ecelerity/etc/conf/default/vip.conf")
	require.NoError(t, os.Symlink(secret, link))
	require.NoError(t, os.Lchown(link, 4242, 4242))
	p, err := removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	var notChecked []string
	for _, w := range p.Warnings {
		assert.NotContains(t, w.Message, "secret-token-xyz")
		assert.NotEqual(t, codes.DuraVIP, w.Code, "the linked file was read: %s", w)
		if w.Code == codes.NotChecked {
			notChecked = append(notChecked, w.Message)
		}
	}
	require.Len(t, notChecked, 1)
	assert.Contains(t, notChecked[0], link+" (owner uid 4242): not trusted: a symbolic link owned by another account")
}

// A member-listing file larger than any parser takes (sparse here) is
// refused by its size before it is read: Open fails naming it, so a file
// planted in one host tree cannot make a run read gigabytes.
func TestHugeFileRefusedBeforeReading(t *testing.T) {
	dir := exampleCluster(t)
	file := filepath.Join(dir, "node2", "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	require.NoError(t, os.Truncate(file, 8<<30))
	c, err := Open(context.Background(), dir, Options{Cluster: true})
	if err == nil {
		c.Close()
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), file+": 8589934592 bytes, more than the 67108864 a file may hold to be read; not read")
}

// Every link of a chain must be trusted, not just the first: a link the
// operator (root) made to a link another account owns is not followed
// past the second one, so the Duravip_Preference scan does not read the
// file that account points it at.
func TestDuraVIPScanChecksEveryLinkOfAChain(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: a link owned by another account needs lchown")
	}
	dir := exampleCluster(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.conf")
	require.NoError(t, os.WriteFile(secret, []byte("Duravip_Preference = node3.int.example.com\nsecret-token-xyz {\n"), 0o600))
	theirs := filepath.Join(outside, "theirs.conf")
	require.NoError(t, os.Symlink(secret, theirs))
	require.NoError(t, os.Lchown(theirs, 4242, 4242))
	mine := filepath.Join(dir, "node1", "opt/msys/ecelerity/etc/conf/default/vip.conf")
	require.NoError(t, os.Symlink(theirs, mine)) // root's own link
	p, err := removeNodeAt(dir, Node{Host: "node3.int.example.com"}, testOptions{Cluster: true})
	require.NoError(t, err)
	var notChecked []string
	for _, w := range p.Warnings {
		assert.NotContains(t, w.Message, "secret-token-xyz")
		assert.NotEqual(t, codes.DuraVIP, w.Code, "the file at the end of the chain was read: %s", w)
		if w.Code == codes.NotChecked {
			notChecked = append(notChecked, w.Message)
		}
	}
	require.Len(t, notChecked, 1)
	assert.Contains(t, notChecked[0], theirs+" (owner uid 4242): not trusted: a symbolic link owned by another account")
}
