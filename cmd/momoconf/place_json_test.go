package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// placeKeys returns the keys of obj that are not among others: the keys
// that spell its place.
func placeKeys(obj map[string]any, others ...string) []string {
	keys := slices.Collect(maps.Keys(obj))
	keys = slices.DeleteFunc(keys, func(k string) bool { return slices.Contains(others, k) })
	slices.Sort(keys)
	return keys
}

// runJSON runs the CLI with args and decodes its stdout.
func runJSON(t *testing.T, wantCode int, v any, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	require.Equal(t, wantCode, code, "momoconf %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), stdout.String(), stderr.String())
	require.NoError(t, json.Unmarshal(stdout.Bytes(), v), "stdout: %s", stdout.String())
}

// editFile replaces the first old in the file at path by new.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.Contains(src, []byte(old)), "%s holds no %q", path, old)
	require.NoError(t, os.WriteFile(path, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644))
}

// TestPlaceKeys: a warning (a plan's notice), a CLI error (a file that
// does not parse, and a refusal that points at a stanza) and a check
// result each spell their place with the same keys, those of a
// srcpos.Position: file, line, column.
func TestPlaceKeys(t *testing.T) {
	full, err := json.Marshal(srcpos.Position{Filename: "f", Offset: 9, Line: 1, Column: 2})
	require.NoError(t, err)
	var pos map[string]any
	require.NoError(t, json.Unmarshal(full, &pos))
	want := placeKeys(pos)
	require.Equal(t, []string{"column", "file", "line"}, want)

	got := map[string][]string{}

	// A warning with a line and column: a Duravip_Preference naming the
	// node removed.
	dir := copyExampleCluster(t)
	ecelerity := filepath.Join(dir, "node1", "opt/msys/ecelerity/etc/conf/default/ecelerity.conf")
	editFile(t, ecelerity, "include \"msg_gen.conf\"", "binding_group \"g\" {\n  binding \"b\" { Duravip_Preference = \"node3.int.example.com\" }\n}\ninclude \"msg_gen.conf\"")
	var plan struct {
		Notices []map[string]any `json:"notices"`
	}
	runJSON(t, 1, &plan, "remove-node", "--cluster", dir, "--host", "node3.int.example.com", "--dry-run", "--json")
	for _, n := range plan.Notices {
		if n["code"] == "duravip" {
			got["warning"] = placeKeys(n, "code", "message")
		}
	}

	// A CLI error: a refusal that points at the stanza holding the mta_id.
	var refused struct {
		Error map[string]any `json:"error"`
	}
	runJSON(t, exitError, &refused, "add-node", "--cluster", dir, "--host", "node4.int.example.com", "--ip", "10.77.0.97", "--mta-id", "2", "--json")
	assert.Equal(t, "mta-id-taken", refused.Error["code"])
	got["refusal"] = placeKeys(refused.Error, "message", "code")

	// A CLI error: a file that does not parse.
	msgGen := filepath.Join(dir, "node2", "opt/msys/ecelerity/etc/conf/default/msg_gen.conf")
	editFile(t, msgGen, "votes = 1 }", "votes = 1 ")
	var broken struct {
		Error map[string]any `json:"error"`
	}
	runJSON(t, exitError, &broken, "add-node", "--cluster", dir, "--host", "node4.int.example.com", "--ip", "10.77.0.97", "--json")
	assert.Equal(t, codeParse, broken.Error["code"])
	got["parse error"] = placeKeys(broken.Error, "message", "code")

	// A check result of a file that does not parse.
	var results []map[string]any
	runJSON(t, exitError, &results, "check", "--kind", "ecelerity", "--json", msgGen)
	require.Len(t, results, 1)
	got["check"] = placeKeys(results[0], "kind", "format", "ok", "message")

	for _, what := range []string{"warning", "refusal", "parse error", "check"} {
		assert.Equal(t, want, got[what], "%s: the keys of its place", what)
	}
	assert.Equal(t, broken.Error["file"], results[0]["file"], "the error and the check name the same file")
	assert.Equal(t, broken.Error["line"], results[0]["line"], "the error and the check name the same line")
	assert.Equal(t, broken.Error["column"], results[0]["column"], "the error and the check name the same column")
}
