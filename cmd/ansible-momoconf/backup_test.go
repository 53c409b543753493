package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupRolledBackWithTheChange makes the change fail after the first
// file and its backup are in place: a hand edit of the last file, made
// while the module writes, stops the change. The backups are part of the
// same transaction, so the rollback removes them with the edits: the
// result says nothing changed, and the tree holds only the hand edit.
func TestBackupRolledBackWithTheChange(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	last := filepath.Join(root, "opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf")
	before := readTree(t, cluster)
	handEdit := append(bytes.Clone(before["node1/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"]), "# hand edit\n"...)
	txn.SetTestHookAfterRename(func(n int) {
		if n == 2 { // the first file and its backup
			require.NoError(t, os.WriteFile(last, handEdit, 0o644))
		}
	})
	defer txn.SetTestHookAfterRename(nil)

	args := addNode4(root)
	args["backup"] = true
	r, code := runInProcess(t, args)

	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.False(t, r.Changed, "rolled back: nothing changed")
	assert.Contains(t, r.Msg, "click_proxy_upstream.conf: edited meanwhile: changed since it was read")
	assert.Contains(t, r.Msg, "nothing was changed")
	assert.Empty(t, r.BackupFiles)
	after := readTree(t, cluster)
	before["node1/opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"] = handEdit
	assert.Empty(t, golden.TreeDiff(before, after), "only the hand edit remains")
	for p := range after {
		assert.False(t, strings.HasSuffix(p, "~") || strings.Contains(p, ".momoconf"), "left behind: %s", p)
	}
}
