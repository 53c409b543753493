package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTerminalSafe: control characters are escaped, whatever the writes
// they come in; newline, tab, CRLF and UTF-8 text pass as they are.
func TestTerminalSafe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"plain", []string{"node1 ok\n\tdetail\n"}, "node1 ok\n\tdetail\n"},
		{"escape sequence", []string{"a\x1b[2Jb\n"}, `a\u001b[2Jb` + "\n"},
		{"bell and title", []string{"\x1b]0;HACKED\x07x"}, `\u001b]0;HACKED\u0007x`},
		{"CRLF kept", []string{"line\r\n"}, "line\r\n"},
		{"CRLF split", []string{"line\r", "\nnext"}, "line\r\nnext"},
		{"lone CR", []string{"shown\rhidden\n"}, `shown\u000dhidden` + "\n"},
		{"CR at the end", []string{"x\r"}, `x\u000d`},
		{"DEL and C1", []string{"a\x7fb\u009bc"}, `a\u007fb\u009bc`},
		{"UTF-8", []string{"naïve → ok"}, "naïve → ok"},
		{"rune split", []string{"na\xc3", "\xafve"}, "naïve"},
		{"invalid byte", []string{"a\xffb"}, `a\xffb`},
		{"truncated at the end", []string{"a\xe2\x86"}, `a\xe2\x86`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := newTerminalSafe(&b)
			for _, s := range tc.writes {
				n, err := w.Write([]byte(s))
				require.NoError(t, err)
				assert.Equal(t, len(s), n)
			}
			w.flush()
			assert.Equal(t, tc.want, b.String())
		})
	}
}

// TestEscapesFromATreeReachNoTerminal: a spoolbase written with terminal
// escapes in a host tree reaches the removal's steps; the command prints
// them escaped, and its JSON stays valid JSON holding the same value.
func TestEscapesFromATreeReachNoTerminal(t *testing.T) {
	dir := copyExampleCluster(t)
	conf := filepath.Join(dir, "node3/opt/msys/ecelerity/etc/conf/default/ecelerity.conf")
	src, err := os.ReadFile(conf)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(conf, append([]byte("spoolbase = \"/var/spool/\x1b[1A\x1b[2Kecelerity\"\n"), src...), 0o644))
	args := []string{"remove-node", "--cluster", dir, "--host", "node3.int.example.com", "--dry-run"}

	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(args, &stdout, &stderr), stderr.String())
	assert.NotContains(t, stdout.String()+stderr.String(), "\x1b")
	assert.Contains(t, stdout.String(), `/var/spool/\u001b[1A\u001b[2Kecelerity`)

	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, run(append(args, "--json"), &stdout, &stderr), stderr.String())
	assert.NotContains(t, stdout.String(), "\x1b")
	var out struct {
		Steps []struct{ Command string } `json:"steps"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &out), stdout.String())
	found := false
	for _, st := range out.Steps {
		found = found || strings.Contains(st.Command, "'/var/spool/\x1b[1A\x1b[2Kecelerity'")
	}
	assert.True(t, found, "the JSON holds the value itself, quoted as one word: %s", stdout.String())
}
