package cassyaml

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// field is one non-empty comma-separated field of a seeds value: its
// trimmed text and where that text lies in the value.
type field struct {
	text       string
	start, end int
}

// fields splits a seeds value at commas, trimming blanks and skipping empty
// fields.
func fields(s string) []field {
	var out []field
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ',' {
			continue
		}
		raw := s[start:i]
		if text := strings.TrimSpace(raw); text != "" {
			lead := strings.Index(raw, text)
			out = append(out, field{text: text, start: start + lead, end: start + lead + len(text)})
		}
		start = i + 1
	}
	return out
}

// addField appends host after the last field of s, with the separator found
// between the last two fields ("," when there are fewer, or when that
// separator is not one comma with blanks around it).
func addField(s, host string) string {
	fs := fields(s)
	if len(fs) == 0 {
		return host
	}
	last := fs[len(fs)-1]
	sep := ","
	if len(fs) > 1 {
		if between := s[fs[len(fs)-2].end:last.start]; strings.Count(between, ",") == 1 && strings.Trim(between, ", \t") == "" {
			sep = between
		}
	}
	return s[:last.end] + sep + host + s[last.end:]
}

// removeFields removes every field matching host from s, each with the
// separator before it (after it, for the first field).
func removeFields(s, host string) string {
	for {
		fs := fields(s)
		i := indexMatch(fs, host)
		switch {
		case i < 0:
			return s
		case i > 0:
			s = s[:fs[i-1].end] + s[fs[i].end:]
		case len(fs) > 1:
			s = s[:fs[0].start] + s[fs[1].start:]
		default:
			s = s[:fs[0].start] + s[fs[0].end:]
		}
	}
}

func indexMatch(fs []field, host string) int {
	for i, fl := range fs {
		if matchSeed(fl.text, host) {
			return i
		}
	}
	return -1
}

// matchAny reports whether a field of s matches host.
func matchAny(s, host string) bool { return indexMatch(fields(s), host) >= 0 }

// matchSeed reports whether the seed names host: the same text
// with ASCII letters compared without regard to case, or the same host
// when host has no port.
func matchSeed(seed, host string) bool {
	if source.EqualFoldASCII(seed, host) {
		return true
	}
	sh, _ := splitPort(seed)
	hh, hp := splitPort(host)
	return hp == "" && source.EqualFoldASCII(sh, hh)
}

// splitPort splits "host:port" or "[v6]:port" into host and port; a bare
// IPv6 address ("::1", more than one ':') has no port.
func splitPort(s string) (host, port string) {
	if rest, ok := strings.CutPrefix(s, "["); ok {
		if h, p, ok := strings.Cut(rest, "]"); ok {
			return h, strings.TrimPrefix(p, ":")
		}
		return s, ""
	}
	if strings.Count(s, ":") == 1 {
		h, p, _ := strings.Cut(s, ":")
		return h, p
	}
	return s, ""
}
