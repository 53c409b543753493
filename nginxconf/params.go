package nginxconf

import (
	"bytes"
	"strings"
)

// checkParam reports whether p is a parameter nginx knows for a server
// line of an upstream (nginx or nginx Plus, names compared
// case-sensitively), whether its value is one nginx accepts and, when it
// is not, what nginx expects. The values checked are the ones nginx checks
// (service=, route= and slow_start= are known only to versions or editions
// that could not be tried). A value that is a template variable ($NAME or
// ${NAME}, for a file rendered by envsubst or a configuration tool) is
// accepted, as addresses are.
func checkParam(p []byte) (known, valueOK bool, want string) {
	switch string(p) {
	case "backup", "down", "resolve", "drain":
		return true, true, ""
	}
	name, value, ok := bytes.Cut(p, []byte("="))
	if !ok {
		return false, false, ""
	}
	var good bool
	switch string(name) {
	case "weight":
		n, ok := ngxAtoi(value)
		good, want = ok && n >= 1, "weight=N, N a whole number of at least 1"
	case "max_fails", "max_conns":
		_, good = ngxAtoi(value)
		want = string(name) + "=N, N a whole number"
	case "fail_timeout":
		good, want = ngxSeconds(value), "fail_timeout=TIME, such as 30, 30s, 1m30s or 1h"
	case "slow_start", "service", "route":
		good = true
	case "backup", "down", "resolve", "drain":
		return true, false, string(name) + " alone, with no value"
	default:
		return false, false, ""
	}
	if good || isTemplate(string(value)) {
		return true, true, ""
	}
	return true, false, want
}

// maxIntT is NGX_MAX_INT_T_VALUE on the 64-bit systems nginx runs on.
const maxIntT = 1<<63 - 1

// ngxAtoi reads a number the way nginx's ngx_atoi does: one or more ASCII
// digits, no sign, no larger than maxIntT.
func ngxAtoi(s []byte) (int64, bool) {
	if len(s) == 0 {
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
	unit  byte
	scale int64
}{{'y', 365 * 86400}, {'M', 30 * 86400}, {'w', 7 * 86400}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}

// ngxSeconds reports whether s is a time in seconds as nginx's
// ngx_parse_time reads it: numbers, each but a last bare one followed by
// a unit (y M w d h m s) in that order, no unit twice, no milliseconds,
// the total no larger than maxIntT.
func ngxSeconds(s []byte) bool {
	var total int64
	next, digits := 0, false
	for len(s) > 0 {
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
		if len(s) == 0 {
			return digits && total <= maxIntT-v
		}
		k := unitIndex(s[0], next)
		if k < 0 || (s[0] == 'm' && len(s) > 1 && s[1] == 's') || v > maxIntT/timeUnits[k].scale {
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
func unitIndex(unit byte, from int) int {
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
