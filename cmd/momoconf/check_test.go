package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the shared corpus of real files, one folder per format.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// corpusFormats maps a corpus folder to the --kind its files are checked
// with.
var corpusFormats = map[string]string{"ecelerity": "ecelerity", "nginx": "nginx", "json": "json", "cassandra": "yaml"}

// runCheckJSON runs "momoconf check --kind KIND --json FILE" through the
// CLI's own entry point and returns its exit status and result.
func runCheckJSON(kind, file string) (int, checkResult, error) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "--kind", kind, "--json", file}, &stdout, &stderr)
	var results []checkResult
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil || len(results) != 1 {
		return code, checkResult{}, fmt.Errorf("want a list of one result (%v); stdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	return code, results[0], nil
}

// checkFault is a result's fault as a positioned error.
type checkFault struct{ r checkResult }

func (e checkFault) Error() string             { return e.r.Message }
func (e checkFault) Position() srcpos.Position { return e.r.Position }

// TestCheckCorpus runs momoconf check on the shared corpus: every valid
// file of each format exits 0, and every NAME.L<n>.EXT.bad exits 2 with
// its fault at line n. It skips, saying so, where the corpus is absent.
func TestCheckCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the shared corpus is absent (%s): nothing to check", corpusDir)
	}
	for dir, kind := range corpusFormats {
		t.Run(dir, func(t *testing.T) {
			entries, err := os.ReadDir(filepath.Join(corpusDir, dir))
			if err != nil {
				t.Skipf("no corpus folder %s: %v", dir, err)
			}
			for _, e := range entries {
				if !e.Type().IsRegular() {
					continue
				}
				path := filepath.Join(corpusDir, dir, e.Name())
				code, r, err := runCheckJSON(kind, path)
				require.NoError(t, err)
				assert.Equal(t, 0, code, "%s: %s", path, r.Message)
				assert.True(t, r.OK, path)
			}
			if _, err := os.Stat(filepath.Join(corpusDir, dir, "bad")); err != nil {
				return // no faulty files of this format
			}
			golden.BadCorpus(t, filepath.Join(corpusDir, dir, "bad"), func(name string, _ []byte) error {
				code, r, err := runCheckJSON(kind, filepath.Join(corpusDir, dir, "bad", name))
				if err != nil {
					return err
				}
				if code == 0 {
					return nil
				}
				if code != exitError {
					return fmt.Errorf("exit %d, want %d: %s", code, exitError, r.Message)
				}
				return checkFault{r}
			}, nil)
		})
	}
}
