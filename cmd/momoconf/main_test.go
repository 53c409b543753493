package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"momoconf": main,
	})
}

// TestScripts runs the command-line scripts in testdata/script. Each starts
// with fresh copies of the example clusters in $WORK/cluster and
// $WORK/two-tier.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: golden.Updating(),
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
