package momoconf

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkCLI times the whole momoconf process (start, read, plan, diff,
// print) for add-node --dry-run on generated clusters, and reports its
// peak resident memory (an upper bound: Linux counts in it the pages of
// the forked test process before the exec; /usr/bin/time gives the
// command's own). It builds the command once, with the go tool
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
	for _, hosts := range benchSizes {
		dir := benchCluster(b, hosts)
		b.Run(fmt.Sprintf("hosts=%d/add-node-dry-run", hosts), func(b *testing.B) {
			var peak int64
			for b.Loop() {
				cmd := exec.Command(bin, "add-node", "--cluster", dir, "--host", "new.int.example.com", "--ip", "10.77.9.9", "--dry-run")
				err := cmd.Run()
				// Exit status 1 is --dry-run saying there are changes.
				if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 {
					b.Fatalf("momoconf add-node --dry-run: %v (expected exit status 1: changes)", err)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss) // KiB on Linux
				}
			}
			b.ReportMetric(float64(peak)/1024, "peak-MB")
		})
	}
}
