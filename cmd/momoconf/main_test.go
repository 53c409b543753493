package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/internal/nginxcheck"
	"github.com/momoconf/momoconf/internal/txn"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	if os.Getenv("MOMOCONF_TEST_MAIN") == "1" {
		// The test binary run as momoconf by the process tests.
		installTestHooks()
		main()
	}
	testscript.Main(m, map[string]func(){
		"momoconf": func() { installTestHooks(); main() },
		"holdlock": holdLock,
	})
}

// installTestHooks arms the test binary's hooks from the environment:
// MOMOCONF_TEST_NOW (RFC 3339) fixes the clock of backup names, and
// installPauseHook's variables pause a run mid-apply.
func installTestHooks() {
	if s := os.Getenv("MOMOCONF_TEST_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		clock = func() time.Time { return t }
	}
	installPauseHook()
}

// installPauseHook makes the run pause after its n-th rename when
// MOMOCONF_TEST_PAUSE_AFTER_RENAME=n: it creates the file named by
// MOMOCONF_TEST_PAUSE_MARKER, then waits for SIGINT or SIGTERM (the
// change then stops and rolls back) or SIGKILL, a minute at most. With
// MOMOCONF_TEST_HAND_EDIT=FILE it appends a line to FILE instead, and goes
// on. Only the test binary has this hook.
func installPauseHook() {
	n, err := strconv.Atoi(os.Getenv("MOMOCONF_TEST_PAUSE_AFTER_RENAME"))
	if err != nil {
		return
	}
	marker := os.Getenv("MOMOCONF_TEST_PAUSE_MARKER")
	edit := os.Getenv("MOMOCONF_TEST_HAND_EDIT")
	txn.SetTestHookAfterRename(func(k int) {
		if k != n {
			return
		}
		if edit != "" { // a hand edit made while momoconf writes, then go on
			f, err := os.OpenFile(edit, os.O_WRONLY|os.O_APPEND, 0)
			if err == nil {
				_, err = f.WriteString("# hand edit\n")
				f.Close()
			}
			if err != nil {
				panic(err)
			}
			return
		}
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		defer signal.Stop(sig)
		if err := os.WriteFile(marker, nil, 0o644); err != nil {
			panic(err)
		}
		select {
		case <-sig:
		case <-time.After(time.Minute):
		}
	})
}

// holdLock is "holdlock DIR READY": it locks DIR as a momoconf run does,
// creates the file READY, and holds the lock until SIGINT (then exits 0)
// or a minute has passed.
func holdLock() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: holdlock DIR READY")
		os.Exit(2)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT)
	lock, err := txn.Acquire(context.Background(), []string{os.Args[1]}, 0)
	if err == nil {
		err = os.WriteFile(os.Args[2], nil, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	select {
	case <-sig:
	case <-time.After(time.Minute):
	}
	lock.Release()
	os.Exit(0)
}

// TestScripts runs the command-line scripts in testdata/script. Each starts
// with fresh copies of the example clusters in $WORK/cluster and
// $WORK/two-tier.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: golden.Updating(),
		Condition: func(cond string) (bool, error) {
			if cond == "nginx" {
				return nginxcheck.Available(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			for _, name := range []string{"cluster", "two-tier"} {
				if err := golden.CopyTree(filepath.Join("..", "..", "testdata", name), filepath.Join(env.WorkDir, name)); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"expect-exit": expectExit,
			"cptree": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(golden.CopyTree(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
			},
			"cmptree": cmpTree,
			"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
				d, err := time.ParseDuration(args[0])
				ts.Check(err)
				time.Sleep(d)
			},
			"waitfile": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(waitFile(ts.MkAbs(args[0])))
			},
		},
	})
}

// expectExit runs "expect-exit CODE PROGRAM ARGS..." and fails unless the
// program exits with CODE. Its output becomes the script's stdout and
// stderr.
func expectExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: expect-exit CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "PATH="+ts.Getenv("PATH"))
	for _, k := range []string{"MOMOCONF_TEST_NOW", "MOMOCONF_TEST_PAUSE_AFTER_RENAME", "MOMOCONF_TEST_PAUSE_MARKER"} {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	got := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		got = exitErr.ExitCode()
	} else {
		ts.Check(err)
	}
	fmt.Fprint(ts.Stdout(), stdout.String())
	fmt.Fprint(ts.Stderr(), stderr.String())
	if got != want {
		ts.Fatalf("%s exited %d, want %d\nstdout:\n%s\nstderr:\n%s", args[1], got, want, stdout.String(), stderr.String())
	}
}

// waitFile waits, ten seconds at most, until the file exists.
func waitFile(path string) error {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s: not created within 10s", path)
}

// cmpTree fails unless two folders hold the same files with the same bytes
// (or, negated, unless they differ).
func cmpTree(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: cmptree DIR1 DIR2")
	}
	a, err := golden.ReadTree(ts.MkAbs(args[0]))
	ts.Check(err)
	b, err := golden.ReadTree(ts.MkAbs(args[1]))
	ts.Check(err)
	diffs := golden.TreeDiff(a, b)
	switch {
	case neg && len(diffs) == 0:
		ts.Fatalf("%s and %s are the same", args[0], args[1])
	case !neg && len(diffs) > 0:
		ts.Fatalf("%s and %s differ:\n%v", args[0], args[1], diffs)
	}
}
