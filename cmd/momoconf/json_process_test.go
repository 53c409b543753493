package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeJSONError parses the {"error": {...}} a --json run printed.
func decodeJSONError(t *testing.T, stdout []byte) jsonErrorBody {
	t.Helper()
	var e jsonError
	require.NoError(t, json.Unmarshal(stdout, &e), "stdout: %s", stdout)
	return e.Error
}

// TestJSONErrorInterrupted sends a real SIGINT to a --json run paused
// mid-apply: it rolls back, exits 130 as without --json, and prints the
// error as JSON with the code "interrupted".
func TestJSONErrorInterrupted(t *testing.T) {
	dir := copyExampleCluster(t)
	before := readTree(t, dir)
	cmd, stdout, stderr := startPausedArgs(t, 2, append(addNode4(dir), "--json")...)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitCode(t, cmd.Wait()), stderr.String())
	e := decodeJSONError(t, stdout.Bytes())
	assert.Equal(t, "interrupted", e.Code)
	assert.Contains(t, e.Message, "nothing was changed")
	assert.Contains(t, stderr.String(), "interrupted")
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)))
}

// TestJSONErrorRollbackFailed makes the rollback of a --json run fail for
// real (its folder unwritable when SIGTERM arrives): exit 3 as without
// --json, and the JSON error has the code "rollback-failed", the file left
// changed and the journal.
func TestJSONErrorRollbackFailed(t *testing.T) {
	dir := copyExampleCluster(t)
	folder := filepath.Join(dir, "analytics1/opt/msys/3rdParty/nginx/conf.d")
	cmd, stdout, stderr := startPausedArgs(t, 1, append(addNode4(dir), "--json")...)
	lockFolder(t, folder)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	code := exitCode(t, cmd.Wait())
	unlockFolder(t, folder)

	assert.Equal(t, 3, code, stderr.String())
	e := decodeJSONError(t, stdout.Bytes())
	assert.Equal(t, codeRollbackFailed, e.Code)
	assert.Equal(t, []string{"analytics1/opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf"}, e.Changed)
	assert.Equal(t, filepath.Join(dir, ".momoconf-journal"), e.Journal)
}

// TestJSONErrorInterruptedWaitingForLock sends a real SIGINT to a --json
// run waiting for a lock this test holds: exit 130, and the JSON error
// has the code "interrupted", not "locked".
func TestJSONErrorInterruptedWaitingForLock(t *testing.T) {
	dir := copyExampleCluster(t)
	lock, err := txn.Acquire(context.Background(), []string{dir}, 0)
	require.NoError(t, err)
	defer lock.Release()
	cmd, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir, "--wait", "30s", "--json")
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	time.Sleep(300 * time.Millisecond) // let it reach the lock
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitCode(t, cmd.Wait()), stderr.String())
	e := decodeJSONError(t, stdout.Bytes())
	assert.Equal(t, "interrupted", e.Code, e.Message)
}
