package momoconf

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// stepVars says what each shell variable of the steps holds: what momoconf
// cannot know, which the operator sets before pasting the commands.
var stepVars = map[string]string{
	"ADMINPASS":  "the ecelerity admin user's password",
	"BUNDLE":     "the absolute path of the Momentum bundle (momentum-bundle-VERSION.tar.gz) the cluster was installed from, copied to the new node",
	"RABBITPASS": "the password of the rabbitmq user on the other Platform nodes",
	"APIKEY":     "an API key allowed to send transmissions",
	"RCPT":       "the address to send the test message to",
	"FROM":       "a From address in one of the cluster's sending domains",
	"HOSTID":     "the node's Host ID, as nodetool status shows it",
	"FIRSTNODE":  "the host name of the Platform node momoconf ran on",
	"LIVENODE":   "the host name of a live Platform node",
}

// varRef finds the shell variables a command uses, and assignments.
var (
	varRef    = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
	varAssign = regexp.MustCompile(`(?m)(?:^|[;&|(]\s*|\bfor\s+)([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+in\b)`)
)

// commandVars returns the variables a command uses without setting them,
// in order of first use.
func commandVars(cmd string) []string {
	cmd = dropSingleQuoted(cmd)
	set := map[string]bool{"PWD": true}
	for _, m := range varAssign.FindAllStringSubmatch(cmd, -1) {
		set[m[1]] = true
	}
	var out []string
	for _, m := range varRef.FindAllStringSubmatch(cmd, -1) {
		if !set[m[1]] && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// dropSingleQuoted returns cmd without its single-quoted strings (an awk
// program's $2 is no shell variable); quotes inside double quotes stay,
// and a command substitution $(...) quotes afresh.
func dropSingleQuoted(cmd string) string {
	var b strings.Builder
	double := []bool{false} // per nesting level of $(...)
	top := func() bool { return double[len(double)-1] }
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case c == '\\' && i+1 < len(cmd):
			b.WriteString(cmd[i : i+2])
			i++
			continue
		case c == '$' && i+1 < len(cmd) && cmd[i+1] == '(':
			double = append(double, false)
			b.WriteString("$(")
			i++
			continue
		case c == ')' && !top() && len(double) > 1:
			double = double[:len(double)-1]
		case c == '"':
			double[len(double)-1] = !top()
		case c == '\'' && !top():
			j := strings.IndexByte(cmd[i+1:], '\'')
			if j < 0 {
				return b.String()
			}
			i += j + 1
			b.WriteByte(' ') // what follows is no part of a name before it
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// explainVars returns what the operator sets before pasting cmd: each
// variable it uses, and what it holds.
func explainVars(cmd string) string {
	var parts []string
	for _, v := range commandVars(cmd) {
		if what, ok := stepVars[v]; ok {
			parts = append(parts, fmt.Sprintf("$%s, %s", v, what))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; set first (export NAME=...): " + strings.Join(parts, "; ")
}

// unpackBundle unpacks the Momentum bundle on a new node and points its
// yum repository at the unpacked folder.
func unpackBundle() []string {
	return []string{
		`tar -zxf "$BUNDLE" -C /var/tmp`,
		`cd "/var/tmp/$(tar -tzf "$BUNDLE" | head -n 1 | cut -d / -f 1)"`,
		"./setrepodir",
	}
}
