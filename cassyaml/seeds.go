package cassyaml

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// seedsAt is the seeds scalar and how to reach it.
type seedsAt struct {
	node *yaml.Node // the scalar (or alias) after "seeds:"
	path []int      // child indexes from the document node
	flow bool       // whether it sits in a flow mapping
}

// seeds locates seed_provider[0].parameters[0].seeds, in any layout YAML
// allows (indented, flattened with "- class_name:" at column 0, flow).
func (f *File) seeds() (seedsAt, error) {
	path := []int{0}
	m := f.root()
	var n *yaml.Node
	for _, key := range []string{"seed_provider", "parameters", "seeds"} {
		i, count := find(m, key)
		if i < 0 {
			return seedsAt{}, f.errAt(m, "found no %s in %s (expected seed_provider[0].parameters[0].seeds)", key, where(key)).wrap(ErrNoKey)
		}
		if count > 1 {
			return seedsAt{}, f.errAt(m.Content[i], "found %s %d times (expected it once)", key, count)
		}
		n = m.Content[i+1]
		path = append(path, i+1)
		if key == "seeds" {
			break
		}
		if n.Kind != yaml.SequenceNode || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
			return seedsAt{}, f.errAt(n, "found %s as %s (expected a sequence whose first item is a mapping)", key, describeItems(n))
		}
		m = n.Content[0]
		path = append(path, 0)
	}
	if d := deref(n); d.Kind != yaml.ScalarNode {
		return seedsAt{}, f.errAt(n, "found seeds as %s (expected a comma-separated string)", describe(d))
	}
	return seedsAt{node: n, path: path, flow: m.Style&yaml.FlowStyle != 0}, nil
}

// where names the mapping searched for key in error messages.
func where(key string) string {
	switch key {
	case "parameters":
		return "seed_provider[0]"
	case "seeds":
		return "seed_provider[0].parameters[0]"
	}
	return "the top-level keys"
}

// describeItems describes n, saying so when it is an empty sequence or its
// first item is not a mapping.
func describeItems(n *yaml.Node) string {
	switch {
	case n.Kind != yaml.SequenceNode:
		return describe(n)
	case len(n.Content) == 0:
		return "an empty sequence"
	}
	return "a sequence of " + describe(n.Content[0])
}

// errAt returns an *Error at node n.
func (f *File) errAt(n *yaml.Node, format string, args ...any) *Error {
	return errorAt(f.name, f.src, max(0, f.offsetOf(n)), format, args...)
}

// Seeds returns the hosts in seed_provider[0].parameters[0].seeds, split at
// commas, trimmed, in order; empty fields are skipped, and a null or empty
// value gives none. The error is an *Error when the file has no such key
// (wrapping [ErrNoKey]) or it is not a string.
func (f *File) Seeds() ([]string, error) {
	at, err := f.seeds()
	if err != nil {
		return nil, err
	}
	var hosts []string
	for _, fl := range fields(scalarValue(deref(at.node))) {
		hosts = append(hosts, fl.text)
	}
	return hosts, nil
}

// AddSeed appends host to the seeds and reports whether the file changed;
// it is a no-op (false) when a seed already matches host (see
// [File.RemoveSeed]). The separator copies the one between the last two
// seeds ("a,b" or "a, b"; "," when there is one seed) and the quoting stays;
// an empty or null value becomes "host" in double quotes. host must be one
// host: no commas, blanks or control characters.
func (f *File) AddSeed(host string) (changed bool, err error) {
	at, err := f.seeds()
	if err != nil {
		return false, err
	}
	if err := checkHost(host); err != nil {
		return false, f.errAt(at.node, "%v", err)
	}
	old := scalarValue(deref(at.node))
	if matchAny(old, host) {
		return false, nil
	}
	return done(f.replace(at.path, at.node, addField(old, host), yaml.DoubleQuotedStyle, at.flow))
}

// RemoveSeed removes every seed that matches host and reports whether the
// file changed (false when none matches). A seed matches as a whole
// comma-separated field, never as a substring, case-insensitively; when
// host has no port, a seed "host:port" matches too ("[::1]:7000" for an
// IPv6 host). The separator and the comma that went with the seed go with
// it ("a, b, c" less b is "a, c"); removing the last seed leaves "".
func (f *File) RemoveSeed(host string) (changed bool, err error) {
	at, err := f.seeds()
	if err != nil {
		return false, err
	}
	if err := checkHost(host); err != nil {
		return false, f.errAt(at.node, "%v", err)
	}
	old := scalarValue(deref(at.node))
	val := removeFields(old, host)
	if val == old {
		return false, nil
	}
	return done(f.replace(at.path, at.node, val, yaml.DoubleQuotedStyle, at.flow))
}

// checkHost refuses what cannot be one seed.
func checkHost(host string) error {
	if err := checkText("host", host); err != nil {
		return err
	}
	if host == "" || strings.ContainsAny(host, ", \t") {
		return fmt.Errorf("found host %q, which is not one host (expected no commas or blanks)", host)
	}
	return nil
}
