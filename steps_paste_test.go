package momoconf

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// placeholders are what the runbook leaves for the operator to fill in and
// momoconf fills itself (or names as a variable the step explains).
var placeholders = []string{"FIRST.NODE.FQDN", "HOST-ID", "PASSWORD", "...", "'NODE'", "NEWHOST", "OLDHOST", "$NEWNODE", "this host", "a live Platform node"}

// checkPasteable fails unless every step's command is complete as printed
// (see pasteProblems).
func checkPasteable(t *testing.T, steps []Step) {
	t.Helper()
	for _, p := range pasteProblems(t, steps) {
		t.Error(p)
	}
}

// pasteProblems returns what keeps a step's command from being pasted as
// printed: bash -n refuses it, it holds a placeholder momoconf could
// fill, or it uses a variable without setting it that its why does not
// explain.
func pasteProblems(t *testing.T, steps []Step) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	require.NoError(t, err, "bash checks the commands")
	var out []string
	for _, st := range steps {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(st.Command + "\n")
		if msg, err := cmd.CombinedOutput(); err != nil {
			out = append(out, fmt.Sprintf("step %d: bash -n: %v: %s\n%s", st.Step, err, msg, st.Command))
		}
		for _, p := range placeholders {
			if strings.Contains(st.Command, p) {
				out = append(out, fmt.Sprintf("step %d holds the placeholder %q:\n%s", st.Step, p, st.Command))
			}
		}
		for _, v := range commandVars(st.Command) {
			if _, ok := stepVars[v]; !ok || !strings.Contains(st.Why, "$"+v) {
				out = append(out, fmt.Sprintf("step %d uses $%s without saying what it holds", st.Step, v))
			}
		}
		if st.Why == "" {
			out = append(out, fmt.Sprintf("step %d says not why", st.Step))
		}
	}
	return out
}

// TestPasteProblems: the check catches what it is for: a command bash
// refuses, a placeholder and an unexplained variable.
func TestPasteProblems(t *testing.T) {
	for _, bad := range []Step{
		{Step: 1, Command: "for f in a b; do echo $f", Why: "x"},
		{Step: 1, Command: "eccfg bootstrap FIRST.NODE.FQDN", Why: "x"},
		{Step: 1, Command: `eccfg commit -p "$ADMINPASS"`, Why: "x"},
		{Step: 1, Command: `eccfg commit -p "$SECRET"`, Why: "set $SECRET"},
		{Step: 1, Command: "rabbitmqadmin declare binding source=a ...", Why: "x"},
	} {
		assert.NotEmpty(t, pasteProblems(t, []Step{bad}), "accepted %q", bad.Command)
	}
	good := Step{Step: 1, Command: `awk '$2 == "x" { print $i }' f` + "\nVNODE=$(vsql -Atc \"SELECT '$ADMINPASS'\")", Why: "set $ADMINPASS"}
	assert.Empty(t, pasteProblems(t, []Step{good}), "a set variable and an awk field are no variables to explain")
}

func TestCommandVars(t *testing.T) {
	tests := map[string][]string{
		`eccfg -p "$ADMINPASS" $FIRSTNODE`:                         {"ADMINPASS", "FIRSTNODE"},
		"ADDR=10.0.0.1\nvsql -c \"x '$ADDR'\"":                     nil,
		`for f in $(find .); do scp "$f" h:$f; done`:               nil,
		`awk '$2 == "x" { print $i }'`:                             nil,
		`curl -d "{\"a\": \"$RCPT\"}" -H "Authorization: $APIKEY"`: {"RCPT", "APIKEY"},
		`yum --config=$PWD/momentum.repo`:                          nil,
	}
	for cmd, want := range tests {
		assert.Equal(t, want, commandVars(cmd), cmd)
	}
}

// FuzzCommandVars: reading a command's variables never panics, and every
// name it returns is one the command writes after a $.
func FuzzCommandVars(f *testing.F) {
	for _, c := range stepsCases {
		for _, st := range runbookSteps(c) {
			f.Add(st.Command)
		}
	}
	f.Add(`'unclosed $A`)
	f.Add(`"$(echo ')' "$B")" \`)
	f.Fuzz(func(t *testing.T, cmd string) {
		for _, v := range commandVars(cmd) {
			if !strings.Contains(cmd, "$"+v) && !strings.Contains(cmd, "${"+v) {
				t.Fatalf("%q: variable %s is not in the command", cmd, v)
			}
		}
	})
}

// TestStepsWithoutNames: where the files name no host, the steps name
// folders and "this host", and the commands take what they need from a
// variable the step explains ($FIRSTNODE, $LIVENODE, $HOSTID), never from
// a placeholder.
func TestStepsWithoutNames(t *testing.T) {
	add := runbookSteps(stepScope{add: true, node: "node4.int.example.com", ip: "10.77.0.97", single: true,
		platform: []string{"."}, changed: changedIn([]string{"."}, relMsgGen, relMsgc)})
	checkPasteable(t, add)
	assert.Contains(t, StepsText(add), `-p "$ADMINPASS" "$FIRSTNODE"`)
	assert.Contains(t, StepsText(add), "on this host:")

	remove := runbookSteps(stepScope{node: "node2.int.example.com", analytic: []string{"."}, spool: defaultSpool,
		changed: changedIn([]string{"."}, relMomo)})
	checkPasteable(t, remove)
	text := StepsText(remove)
	assert.Contains(t, text, `"$LIVENODE:/var/tmp/spool-node2.int.example.com"`)
	assert.Contains(t, text, `removenode "$HOSTID"`)
}
