package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test re-run this binary as a child process: with
// TXN_CHILD set, the binary plays one momoconf run instead of testing.
func TestMain(m *testing.M) {
	switch os.Getenv("TXN_CHILD") {
	case "":
		os.Exit(m.Run())
	case "append":
		os.Exit(report(childAppend()))
	case "apply":
		os.Exit(report(childApply()))
	case "prepare":
		os.Exit(report(childPrepare()))
	case "commit":
		os.Exit(report(childCommit()))
	case "apply-then-sigterm":
		if err := childApply(); err != nil {
			os.Exit(report(err))
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		time.Sleep(10 * time.Second)
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "unknown TXN_CHILD")
		os.Exit(2)
	}
}

// report turns a child's error into its exit code: 0 done, 3 interrupted,
// 1 anything else.
func report(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrInterrupted):
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	fmt.Fprintln(os.Stderr, err)
	return 1
}

// childAppend locks TXN_LOCK (any spelling of the folder), then, under
// the lock, reads every file of TXN_FILES, appends TXN_LINE and applies.
func childAppend() error {
	ctx := context.Background()
	lock, err := Acquire(ctx, []string{os.Getenv("TXN_LOCK")}, time.Minute)
	if err != nil {
		return err
	}
	defer lock.Release()
	files := strings.Split(os.Getenv("TXN_FILES"), ":")
	tx := &Tx{JournalDir: filepath.Dir(files[0])}
	for _, p := range files {
		old, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		time.Sleep(5 * time.Millisecond) // widen the read-modify-write window
		tx.Files = append(tx.Files, File{Path: p, Old: old, New: append(old, os.Getenv("TXN_LINE")+"\n"...)})
	}
	return tx.Apply(ctx, lock)
}

// childApply applies the fixture at TXN_ROOT, pausing after rename
// TXN_PAUSE_AFTER: it creates TXN_READY, then either hangs (to be killed)
// or, with TXN_AWAIT_SIGNAL, waits for a SIGTERM before going on.
func childApply() error {
	fx := &fixture{root: os.Getenv("TXN_ROOT"), journal: os.Getenv("TXN_ROOT")}
	tx := fx.tx()
	lock, err := Acquire(context.Background(), tx.LockDirs(), time.Minute)
	if err != nil {
		return err
	}
	defer lock.Release()
	pauseAfter, _ := strconv.Atoi(os.Getenv("TXN_PAUSE_AFTER"))
	testHookAfterRename = func(n int) {
		if n != pauseAfter {
			return
		}
		term := make(chan os.Signal, 1)
		signal.Notify(term, stopSignals...)
		if err := os.WriteFile(os.Getenv("TXN_READY"), nil, 0o644); err != nil {
			panic(err)
		}
		if os.Getenv("TXN_AWAIT_SIGNAL") == "" {
			select {} // hang until killed
		}
		<-term
		// Apply's own channel got the signal too; give it time to land.
		time.Sleep(100 * time.Millisecond)
	}
	return tx.Apply(context.Background(), lock)
}

func child(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// Eight runs at once append their own line to the same files; each waits
// for the lock, one locks through a symlink. Every line lands.
func TestConcurrentRunsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 8 processes")
	}
	dir := filepath.Join(t.TempDir(), "tree")
	require.NoError(t, os.Mkdir(dir, 0o755))
	link := filepath.Join(t.TempDir(), "link")
	require.NoError(t, os.Symlink(dir, link))
	var files []string
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("f%d.conf", i))
		require.NoError(t, os.WriteFile(p, []byte("head\n"), 0o644))
		files = append(files, p)
	}
	const n = 8
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for i := range n {
		lockAs := dir
		if i == 3 {
			lockAs = link
		}
		cmd := child(t, "TXN_CHILD=append", "TXN_LOCK="+lockAs,
			"TXN_FILES="+strings.Join(files, ":"), fmt.Sprintf("TXN_LINE=child %d", i))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		require.NoError(t, cmd.Start())
		cmds = append(cmds, cmd)
		outs = append(outs, out)
	}
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), "child %d: %s", i, outs[i])
	}
	for _, p := range files {
		lines := strings.Split(strings.TrimSuffix(readString(t, p), "\n"), "\n")
		require.Len(t, lines, n+1, "%s: %q", p, lines)
		for i := range n {
			assert.Contains(t, lines, fmt.Sprintf("child %d", i), p)
		}
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{stateDirName, "f0.conf", "f1.conf", "f2.conf", "f3.conf"}, names,
		"no journal, temporary or lock file left; the state folder stays")
	state, err := os.ReadDir(filepath.Join(dir, stateDirName))
	require.NoError(t, err)
	require.Len(t, state, 1, "only the commit record is in the state folder")
	assert.Equal(t, recordBase, state[0].Name())
}

// A run killed with SIGKILL after its third rename leaves a half-applied
// tree; Recover puts every file back.
func TestKilledRunIsRecovered(t *testing.T) {
	fx := newFixture(t)
	before := snapshot(t, fx.root)
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := child(t, "TXN_CHILD=apply", "TXN_ROOT="+fx.root, "TXN_PAUSE_AFTER=3", "TXN_READY="+ready)
	require.NoError(t, cmd.Start())
	waitFor(t, ready, 30*time.Second)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	require.Error(t, cmd.Wait())
	require.Equal(t, "mixed", stateOf(t, fx.tx()), "the child died mid-apply")
	require.FileExists(t, journalPath(fx.journal))

	lock, err := Acquire(context.Background(), []string{fx.journal}, 5*time.Second)
	require.NoError(t, err, "the dead child's locks are gone with it")
	defer lock.Release()
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.Equal(t, []string{"hosts/a/ecelerity.conf", "hosts/a/nginx.conf", "hosts/b/ecelerity.conf"}, rec.Restored)
	assert.Equal(t, before, snapshot(t, fx.root))
	assertNoLeftovers(t, fx.root, fx.tx())
}

// A run sent a real SIGTERM, SIGINT (Ctrl-C) or SIGHUP mid-apply rolls
// back and exits.
func TestSignalledRunRollsBack(t *testing.T) {
	hupDefault(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			fx := newFixture(t)
			before := snapshot(t, fx.root)
			ready := filepath.Join(t.TempDir(), "ready")
			cmd := child(t, "TXN_CHILD=apply", "TXN_ROOT="+fx.root, "TXN_PAUSE_AFTER=2",
				"TXN_READY="+ready, "TXN_AWAIT_SIGNAL=1")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			waitFor(t, ready, 30*time.Second)
			require.Equal(t, "mixed", stateOf(t, fx.tx()))
			require.NoError(t, cmd.Process.Signal(sig))
			err := cmd.Wait()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, stderr.String())
			assert.Equal(t, 3, exit.ExitCode(), "interrupted: %s", stderr.String())
			assert.Contains(t, stderr.String(), "interrupted by "+sig.String())
			assert.Contains(t, stderr.String(), "nothing was changed")
			assert.Equal(t, before, snapshot(t, fx.root))
			assertNoLeftovers(t, fx.root, fx.tx())
		})
	}
}

// Once Apply returns, SIGTERM does again what it did before: here, kill.
func TestSignalHandlingRestoredAfterApply(t *testing.T) {
	fx := newFixture(t)
	cmd := child(t, "TXN_CHILD=apply-then-sigterm", "TXN_ROOT="+fx.root, "TXN_PAUSE_AFTER=-1")
	err := cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	status, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	assert.True(t, status.Signaled(), "killed by the signal, not exited: %v", err)
	assert.Equal(t, "new", stateOf(t, fx.tx()))
}
