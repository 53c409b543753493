package srcpos_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutsideModule builds testdata/outside/main.go.txt as a program of
// another module (a replace directive points at this checkout) and checks
// that it can name each format package's error type, tell the formats
// apart with errors.As and read line and column.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program of another module; skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "outside", "main.go.txt"))
	require.NoError(t, err)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	mod := "module example.com/outside\n\ngo 1.26.0\n\nrequire github.com/momoconf/momoconf v0.0.0\n\nreplace github.com/momoconf/momoconf => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644))

	tidy := exec.Command(goBin, "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := tidy.CombinedOutput()
	require.NoError(t, err, "go mod tidy: %s", out)
	run := exec.Command(goBin, "run", ".")
	run.Dir = dir
	out, err = run.CombinedOutput()
	require.NoError(t, err, "go run: %s", out)
	want := []string{
		"ecelerity msg_gen.conf 4 1", "  find: msg_gen.conf:4:1",
		"nginx click.conf 3 1", "  find: click.conf:3:1",
		"json production.json 2 16", "  find: production.json:2:16",
		"yaml cassandra.yaml 2 2", "  find: cassandra.yaml:2:2",
	}
	assert.Equal(t, strings.Join(want, "\n")+"\n", string(out))
}
