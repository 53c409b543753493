package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func dirIdentity(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(dir, &st))
	return map[string]uint64{"dev": st.Dev, "ino": st.Ino}
}

// hostileJournal is what an attacker who may write the cluster folder
// plants there: a well-formed journal (anyone can compute its checksum)
// saying that victim, outside the cluster, was changed from "pwned" to
// what it holds now, so that a recovery would write "pwned" into it.
func hostileJournal(t *testing.T, dir, victim string) []byte {
	t.Helper()
	now, err := os.ReadFile(victim)
	require.NoError(t, err)
	old := []byte("pwned\n")
	root := dirIdentity(t, filepath.Dir(victim))
	body, err := json.Marshal(map[string]any{
		"id": strings.Repeat("66", 16), "time": "2026-12-07T05:00:00Z", "state": "applying", "seq": 1,
		"folder": dirIdentity(t, dir),
		"roots":  []any{map[string]any{"path": filepath.Dir(victim), "dev": root["dev"], "ino": root["ino"]}},
		"files":  []any{map[string]any{"root": 1, "path": filepath.Base(victim), "old_sha256": sha(old), "new_sha256": sha(now)}},
		"dirs":   []any{},
		"olds":   map[string][]byte{sha(old): old},
	})
	require.NoError(t, err)
	return append([]byte(fmt.Sprintf("momoconf-journal 3 sha256=%s length=%d\n", sha(body), len(body))), body...)
}

// A journal planted in the cluster folder by another account makes every
// run, status and --dry-run included, exit 2 naming the journal and its
// owner; the victim file outside the cluster and the cluster itself are
// untouched.
func TestPlantedJournalThroughTheCLI(t *testing.T) {
	for _, tt := range []struct {
		desc  string
		root  bool
		plant func(t *testing.T, path string)
		says  string
	}{
		{"owned by another uid", true, func(t *testing.T, path string) {
			require.NoError(t, os.Chown(path, 4242, 4242))
		}, "(owner uid 4242): not trusted: owned by another account"},
		{"writable by group", false, func(t *testing.T, path string) {
			require.NoError(t, os.Chmod(path, 0o660))
		}, "not trusted: writable by group or others (mode 0660)"},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			if tt.root && os.Geteuid() != 0 {
				t.Skip("needs root to give the journal to another uid (chown)")
			}
			dir := copyExampleCluster(t)
			victim := filepath.Join(t.TempDir(), "shadow")
			require.NoError(t, os.WriteFile(victim, []byte("root:secret\n"), 0o600))
			journal := filepath.Join(dir, ".momoconf-journal")
			require.NoError(t, os.WriteFile(journal, hostileJournal(t, dir, victim), 0o600))
			tt.plant(t, journal)
			before := readTree(t, dir)
			for _, args := range [][]string{
				{"status", "--cluster", dir},
				append(addNode4(dir), "--dry-run"),
				addNode4(dir),
				append(addNode4(dir), "--json"),
			} {
				cmd, stdout, stderr := momoconfCmd(t, nil, args...)
				assert.Equal(t, 2, exitCode(t, cmd.Run()), "%v: %s%s", args, stdout, stderr)
				assert.Contains(t, stderr.String(), "refusing the journal found in "+dir+": "+journal+" ", args)
				assert.Contains(t, stderr.String(), tt.says, args)
				if args[len(args)-1] == "--json" {
					assert.Contains(t, stdout.String(), `"code": "untrusted"`)
				}
				assert.Equal(t, "root:secret\n", readFile(t, victim), "the victim is untouched")
				assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "nothing touched")
			}
		})
	}
}

// A journal saved while a run was under way and put back after a later
// change committed is refused (exit 2): the later change is not undone.
func TestReplayedJournalThroughTheCLI(t *testing.T) {
	dir := copyExampleCluster(t)
	cmd, _ := startPaused(t, dir, 2)
	saved, err := os.ReadFile(filepath.Join(dir, ".momoconf-journal"))
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()

	again, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	require.Equal(t, 0, exitCode(t, again.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), "was rolled back", "the killed run's change is rolled back first")
	after := readTree(t, dir)
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster-after-add-node4"))
	require.Empty(t, golden.TreeDiff(want, after))

	require.NoError(t, os.WriteFile(filepath.Join(dir, ".momoconf-journal"), saved, 0o600))
	st, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
	assert.Equal(t, 2, exitCode(t, st.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stderr.String(), "an old journal put back after its change committed")
	delete(after, ".momoconf-journal")
	now := readTree(t, dir)
	delete(now, ".momoconf-journal")
	assert.Empty(t, golden.TreeDiff(after, now), "the committed change stands")
}

// While a change is prepared (two-phase commit), status works and shows
// it, a dry run works, and a write is refused with exit 4 and the code
// "prepared", naming the transaction and its time. Committed from another
// process later, the tree is the one add-node makes.
func TestPreparedChangeThroughTheCLI(t *testing.T) {
	dir := copyExampleCluster(t)
	opts := momoconf.Options{Cluster: true}
	c, err := momoconf.Open(context.Background(), dir, opts)
	require.NoError(t, err)
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, momoconf.AddOptions{NewNodeDir: "node4", From: "node1"})
	require.NoError(t, err)
	require.NoError(t, p.Prepare(context.Background(), "play-42", momoconf.ApplyOptions{}))
	require.NoError(t, c.Close())
	before := readTree(t, dir)

	st, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir)
	assert.Equal(t, 0, exitCode(t, st.Run()), "%s%s", stdout, stderr)
	assert.Regexp(t, `prepared: transaction play-42 \(add-node node4\.int\.example\.com 10\.77\.0\.97 mta_id \d+\), prepared 20\d\d-`, stderr.String())

	dry, stdout, stderr := momoconfCmd(t, nil, "remove-node", "--cluster", dir, "--host", "node3.int.example.com", "--dry-run")
	assert.Equal(t, 1, exitCode(t, dry.Run()), "a dry run works: %s%s", stdout, stderr)

	for _, json := range []bool{false, true} {
		args := []string{"remove-node", "--cluster", dir, "--host", "node3.int.example.com"}
		if json {
			args = append(args, "--json")
		}
		w, stdout, stderr := momoconfCmd(t, nil, args...)
		assert.Equal(t, 4, exitCode(t, w.Run()), "%s%s", stdout, stderr)
		assert.Contains(t, stderr.String(), "a prepared change waits here: transaction play-42")
		if json {
			assert.Contains(t, stdout.String(), `"code": "prepared"`)
		}
	}
	assert.Empty(t, golden.TreeDiff(before, readTree(t, dir)), "nothing written")

	require.NoError(t, momoconf.CommitPrepared(context.Background(), dir, opts, "play-42"))
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster-after-add-node4"))
	got := readTree(t, dir)
	assert.Empty(t, golden.TreeDiff(want, got))
	for path := range got {
		assert.NotContains(t, path, ".momoconf", "left behind: %s", path)
	}

	// The commit landed the change's history record, with its transaction.
	h, stdout, stderr := momoconfCmd(t, nil, "history", "--cluster", dir)
	assert.Equal(t, 0, exitCode(t, h.Run()), "%s%s", stdout, stderr)
	assert.Regexp(t, `(?m)^1  20\d\d-.*  add-node node4\.int\.example\.com  \(transaction play-42\)$`, stdout.String())
	hj, stdout, stderr := momoconfCmd(t, nil, "history", "--cluster", dir, "--json")
	assert.Equal(t, 0, exitCode(t, hj.Run()), "%s%s", stdout, stderr)
	assert.Contains(t, stdout.String(), `"txid": "play-42"`)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// On a read-only tree (a read-only bind mount in a private mount
// namespace), status and --dry-run work; a write fails saying "read-only
// file system" and claims nothing else.
func TestReadOnlyTreeThroughTheCLI(t *testing.T) {
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare(1) to make a private mount namespace")
	}
	args := []string{"--mount", "--propagation", "private"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	if out, err := exec.Command(unshare, append(args, "true")...).CombinedOutput(); err != nil {
		t.Skipf("cannot make a mount namespace here (%v: %s); internal/txn tests the seam", err, strings.TrimSpace(string(out)))
	}
	dir := copyExampleCluster(t)
	exe, err := os.Executable()
	require.NoError(t, err)
	script := `set -u
mount --bind -o ro "$1" "$1" || exit 99
"$2" status --cluster "$1"; echo "status=$?"
"$2" add-node --cluster "$1" --host node4.int.example.com --ip 10.77.0.97 --dry-run >/dev/null; echo "dry-run=$?"
"$2" add-node --cluster "$1" --host node4.int.example.com --ip 10.77.0.97; echo "write=$?"
`
	cmd := exec.Command(unshare, append(args, "sh", "-c", script, "sh", dir, exe)...)
	cmd.Env = append(os.Environ(), "MOMOCONF_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "status=0")
	assert.Contains(t, string(out), "dry-run=1", "a dry run with changes exits 1")
	assert.Contains(t, string(out), "write=2")
	assert.Regexp(t, `momoconf: .*\.momoconf-journal\.tmp: read-only file system \(nothing was changed\)\n`, string(out))
	assert.NotContains(t, string(out), "unfinished")
	assert.NotContains(t, string(out), "rolled back")
	want := readTree(t, filepath.Join("..", "..", "testdata", "cluster"))
	assert.Empty(t, golden.TreeDiff(want, readTree(t, dir)))
}

// A run that waits while another recovers (here: rolls back a killed
// add-node, removing the new node's tree the waiting run had counted as a
// host folder to lock) goes ahead within its --wait instead of failing on
// the folder that is gone.
func TestWaitWhileAnotherRunRecovers(t *testing.T) {
	dir := copyExampleCluster(t)
	killed, _ := startPaused(t, dir, 12)
	require.NoError(t, killed.Process.Signal(syscall.SIGKILL))
	_ = killed.Wait()
	require.DirExists(t, filepath.Join(dir, "node4"), "the killed run had created the new tree")

	// Lock what a recovering run locks: the cluster folder and every host
	// folder, node4 included (locks are taken in inode order, so holding
	// the cluster folder alone would let the waiter take node4 first).
	folders := []string{dir}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			folders = append(folders, filepath.Join(dir, e.Name()))
		}
	}
	lock, err := txn.Acquire(context.Background(), folders, 0)
	require.NoError(t, err)
	waiter, stdout, stderr := momoconfCmd(t, nil, "status", "--cluster", dir, "--wait", "30s")
	require.NoError(t, waiter.Start())
	time.Sleep(time.Second) // the waiter lists node4 among the folders to lock, then waits
	_, err = txn.Recover(context.Background(), lock, dir)
	require.NoError(t, err)
	require.NoDirExists(t, filepath.Join(dir, "node4"), "the recovery removed the new tree")
	lock.Release()
	assert.Equal(t, 0, exitCode(t, waiter.Wait()), "%s%s", stdout, stderr)
}

// The new node's folders copied from a --from tree that is a symbolic
// link take the mode of the link's target (0750 here), not the link's
// 0777.
func TestNewFoldersFromALinkedTree(t *testing.T) {
	dir := copyExampleCluster(t)
	real := filepath.Join(filepath.Dir(dir), "node1-real")
	require.NoError(t, os.Rename(filepath.Join(dir, "node1"), real))
	require.NoError(t, os.Symlink(real, filepath.Join(dir, "node1")))
	require.NoError(t, filepath.WalkDir(real, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = os.Chmod(p, 0o750)
		}
		return err
	}))
	cmd, stdout, stderr := momoconfCmd(t, nil, addNode4(dir)...)
	require.Equal(t, 0, exitCode(t, cmd.Run()), "%s%s", stdout, stderr)
	require.NoError(t, filepath.WalkDir(filepath.Join(dir, "node4"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			info, err := os.Stat(p)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o750), info.Mode().Perm(), p)
		}
		return err
	}))
}

// A symbolic link planted in a host tree by another account, naming a
// file outside the cluster, makes every run, status and --dry-run
// included, exit 2 (code untrusted) naming the link and its owner; the
// file it names is neither read into the output nor written.
func TestPlantedLinkThroughTheCLI(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the link to another uid (lchown)")
	}
	dir := copyExampleCluster(t)
	victim := filepath.Join(t.TempDir(), "real.conf")
	link := filepath.Join(dir, "node2", "opt", "msys", "3rdParty", "nginx", "conf.d", "click_proxy_upstream.conf")
	require.NoError(t, os.WriteFile(victim, []byte(readFile(t, link)), 0o644))
	require.NoError(t, os.Remove(link))
	require.NoError(t, os.Symlink(victim, link))
	require.NoError(t, os.Lchown(link, 4242, 4242))
	before := readFile(t, victim)
	for _, args := range [][]string{
		{"status", "--cluster", dir},
		append(addNode4(dir), "--dry-run"),
		addNode4(dir),
		append(addNode4(dir), "--json"),
	} {
		cmd, stdout, stderr := momoconfCmd(t, nil, args...)
		assert.Equal(t, 2, exitCode(t, cmd.Run()), "%v: %s%s", args, stdout, stderr)
		if args[len(args)-1] == "--json" {
			assert.Contains(t, stdout.String(), `"code": "untrusted"`)
			assert.Contains(t, stdout.String(), link+" (owner uid 4242): not trusted: a symbolic link owned by another account")
		} else {
			assert.Contains(t, stderr.String(), link+" (owner uid 4242): not trusted: a symbolic link owned by another account", args)
		}
		assert.Equal(t, before, readFile(t, victim), "the file outside is untouched")
		info, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link is left as it is")
	}
}
