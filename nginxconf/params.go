package nginxconf

import "strings"

// serverFlags are the server parameters that take no value (nginx and
// nginx Plus). nginx compares parameter names case-sensitively.
var serverFlags = map[string]bool{"backup": true, "down": true, "resolve": true, "drain": true}

// serverValues are the server parameters written name=value, each with
// the check nginx makes of its value (nil: none that could be confirmed
// against nginx, which knows service=, route= and slow_start= only in
// versions or editions that have them) and what the check expects.
var serverValues = map[string]struct {
	ok   func(string) bool
	want string
}{
	"weight":       {func(v string) bool { n, ok := ngxAtoi(v); return ok && n >= 1 }, "weight=N, N a whole number of at least 1"},
	"max_fails":    {func(v string) bool { _, ok := ngxAtoi(v); return ok }, "max_fails=N, N a whole number"},
	"max_conns":    {func(v string) bool { _, ok := ngxAtoi(v); return ok }, "max_conns=N, N a whole number"},
	"fail_timeout": {ngxSeconds, "fail_timeout=TIME, such as 30, 30s, 1m30s or 1h"},
	"slow_start":   {nil, ""},
	"service":      {nil, ""},
	"route":        {nil, ""},
}

// checkParam reports whether p is a parameter nginx knows for a server
// line of an upstream, whether its value is one nginx accepts and, when it
// is not, what nginx expects. A value that is a template variable ($NAME
// or ${NAME}, for a file rendered by envsubst or a configuration tool) is
// accepted, as addresses are.
func checkParam(p string) (known, valueOK bool, want string) {
	if serverFlags[p] {
		return true, true, ""
	}
	name, value, ok := strings.Cut(p, "=")
	if serverFlags[name] {
		return true, false, name + " alone, with no value"
	}
	spec, known := serverValues[name]
	if !ok || !known {
		return false, false, ""
	}
	if spec.ok == nil || spec.ok(value) || isTemplate(value) {
		return true, true, ""
	}
	return true, false, spec.want
}

// maxIntT is NGX_MAX_INT_T_VALUE on the 64-bit systems nginx runs on.
const maxIntT = 1<<63 - 1

// ngxAtoi reads a number the way nginx's ngx_atoi does: one or more ASCII
// digits, no sign, no larger than maxIntT.
func ngxAtoi(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' || n > (maxIntT-int64(c-'0'))/10 {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// timeUnits are the units of a time in seconds, in the order nginx's
// ngx_parse_time requires them: each at most once, larger ones first.
var timeUnits = []struct {
	unit  string
	scale int64
}{{"y", 365 * 86400}, {"M", 30 * 86400}, {"w", 7 * 86400}, {"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}

// ngxSeconds reports whether s is a time in seconds as nginx's
// ngx_parse_time reads it: numbers, each but a last bare one followed by
// a unit (y M w d h m s) in that order, no unit twice, no milliseconds,
// the total no larger than maxIntT.
func ngxSeconds(s string) bool {
	var total int64
	next, digits := 0, false
	for s != "" {
		i := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		v, ok := ngxAtoi(s[:i])
		if i > 0 && !ok {
			return false
		}
		digits = digits || i > 0
		s = s[i:]
		if s == "" {
			return digits && total <= maxIntT-v
		}
		k := unitIndex(s[:1], next)
		if k < 0 || (s[0] == 'm' && strings.HasPrefix(s, "ms")) || v > maxIntT/timeUnits[k].scale {
			return false
		}
		v *= timeUnits[k].scale
		if total > maxIntT-v {
			return false
		}
		total, next, s = total+v, k+1, s[1:]
	}
	return digits
}

// unitIndex returns the index of unit in timeUnits when it is at from or
// after it, or -1.
func unitIndex(unit string, from int) int {
	for k := from; k < len(timeUnits); k++ {
		if timeUnits[k].unit == unit {
			return k
		}
	}
	return -1
}

// isTemplate reports whether s is one template variable, $NAME or ${NAME}.
func isTemplate(s string) bool {
	return strings.HasPrefix(s, "$") && templateVar(s) == len(s)
}
