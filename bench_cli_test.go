package momoconf

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// cliVerbs are the momoconf runs BenchmarkCLI times, with the exit
// status each gives on a generated cluster (1: --dry-run has changes to
// show).
var cliVerbs = []struct {
	name string
	args []string
	exit int
}{
	{"status", []string{"status"}, 0},
	{"add-node-dry-run", []string{"add-node", "--host", "new.int.example.com", "--ip", "10.77.9.9", "--dry-run"}, 1},
	{"remove-node-dry-run", []string{"remove-node", "--host", "node2.int.example.com", "--dry-run"}, 1},
}

// BenchmarkCLI times the whole momoconf process (start, read, plan,
// print) for status and the add-node and remove-node dry runs on
// generated clusters, and reports the process's peak resident memory as
// peak-MB: measured by /usr/bin/time (%M, the command's own maximum
// resident set size) where it is installed, else from the child's rusage
// (an upper bound there: Linux counts in it pages of the forked test
// process before the exec). It builds the command once, with the go tool
// found on PATH, and skips without one.
func BenchmarkCLI(b *testing.B) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go tool on PATH to build cmd/momoconf:", err)
	}
	bin := filepath.Join(b.TempDir(), "momoconf")
	if out, err := exec.Command(gotool, "build", "-o", bin, "./cmd/momoconf").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	timeTool, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Log("no /usr/bin/time: peak-MB is the rusage's upper bound")
	}
	cluster := benchClusters(b)
	for _, hosts := range statusSizes {
		for _, verb := range cliVerbs {
			b.Run(fmt.Sprintf("hosts=%d/%s", hosts, verb.name), func(b *testing.B) {
				args := append(slices.Clone(verb.args), "--cluster", cluster(hosts))
				var peakKB int64
				for b.Loop() {
					kb, err := runMeasured(b, timeTool, bin, args)
					code := 0
					if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
						code = ee.ExitCode()
					} else if err != nil {
						b.Fatal(err)
					}
					if code != verb.exit {
						b.Fatalf("momoconf %s: %v (expected exit status %d)", strings.Join(args, " "), err, verb.exit)
					}
					peakKB = max(peakKB, kb)
				}
				b.ReportMetric(float64(peakKB)/1024, "peak-MB")
			})
		}
	}
}

// runMeasured runs bin with args, under timeTool when it is not "", and
// returns the run's peak resident memory in KiB and its error.
func runMeasured(b *testing.B, timeTool, bin string, args []string) (int64, error) {
	if timeTool == "" {
		cmd := exec.Command(bin, args...)
		err := cmd.Run()
		var kb int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			kb = ru.Maxrss // KiB on Linux
		}
		return kb, err
	}
	out := filepath.Join(b.TempDir(), "time")
	err := exec.Command(timeTool, append([]string{"-f", "%M", "-o", out, bin}, args...)...).Run()
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		b.Fatal(rerr)
	}
	// GNU time writes "Command exited with non-zero status N" first when
	// the command fails; the figure is the last line.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	kb, perr := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	if perr != nil {
		b.Fatalf("/usr/bin/time wrote %q: %v", data, perr)
	}
	return kb, err
}
