package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupFailure makes the naming of a backup fail after the change is
// applied: the result says the files changed and the backup failed, and
// no temporary file is left behind.
func TestBackupFailure(t *testing.T) {
	cluster := copyCluster(t)
	root := filepath.Join(cluster, "node1")
	defer func(saved func(string, string) error) { link = saved }(link)
	link = func(old, new string) error {
		return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EROFS}
	}
	args := addNode4(root)
	args["backup"] = true
	data, err := json.Marshal(args)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, data, 0o600))

	var stdout bytes.Buffer
	code := run([]string{path}, &stdout)
	var r result
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &r), stdout.String())
	assert.Equal(t, 1, code)
	assert.True(t, r.Failed)
	assert.True(t, r.Changed, "the files were changed before the backup failed")
	assert.True(t, strings.HasPrefix(r.Msg, "the files were changed, but keeping a backup failed: "+r.Files[0]+": link "), r.Msg)
	assert.Contains(t, r.Msg, "read-only file system")
	assert.Empty(t, r.BackupFiles)

	want := readTree(t, afterAddDir)
	got := readTree(t, cluster)
	for _, rel := range []string{"ecelerity/etc/conf/default/msg_gen.conf", "ecelerity/etc/conf/global/msgc_server.conf", "3rdParty/nginx/conf.d/click_proxy_upstream.conf"} {
		rel = "node1/opt/msys/" + rel
		assert.Equal(t, string(want[rel]), string(got[rel]), rel)
	}
	for p := range got {
		assert.NotContains(t, p, ".backup-", "a temporary backup file is left: %s", p)
	}
}
