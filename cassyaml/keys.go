package cassyaml

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"
)

// exclusive pairs the keys Cassandra refuses to see both set: an address
// and the interface it would otherwise be taken from. (broadcast_address
// and broadcast_rpc_address have no interface form.)
var exclusive = map[string]string{
	"listen_address":   "listen_interface",
	"listen_interface": "listen_address",
	"rpc_address":      "rpc_interface",
	"rpc_interface":    "rpc_address",
}

// find returns the index in m.Content of the last key named key (the one a
// YAML loader keeps), -1 if none, and how many such keys m holds.
func find(m *yaml.Node, key string) (last, count int) {
	last = -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			last, count = i, count+1
		}
	}
	return last, count
}

// Get returns the value of the top-level scalar key. A null written as
// nothing ("listen_address:"), "~" or "null" gives ("", true). ok is false
// when the key is absent (a commented-out line does not count) or holds a
// mapping or a sequence. An alias is followed. When the key is repeated,
// the last one counts, as in Cassandra's YAML loader.
func (f *File) Get(key string) (value string, ok bool) {
	i, _ := find(f.root(), key)
	if i < 0 {
		return "", false
	}
	n := deref(f.root().Content[i+1])
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	return scalarValue(n), true
}

// Set sets the top-level scalar key to value and reports whether the file
// changed; it is a no-op (false) when Get already returns value.
//
// The value keeps its quoting (plain, 'single' or "double") unless that
// quoting cannot carry the new value, and any comment after it on the line
// stays. Setting a plain value to "" leaves "key:" (a null). When the key is
// only present commented out ("# broadcast_address: 1.2.3.4", the '#' at the
// indentation of the top-level keys), Set adds "key: value" on the line after
// the first such comment where a top-level key can go (of the first four),
// copying its spacing, quoting and line ending. When
// it is absent altogether, Set returns an error wrapping [ErrNoKey]; use
// [File.SetOrAdd] to create it.
//
// Cassandra refuses listen_address together with listen_interface, and
// rpc_address with rpc_interface: setting one to a non-empty value while
// the other is set is an error. So is a key that is not a scalar, or is
// repeated, or a value with a control character or line break. Every
// error is an [*Error].
func (f *File) Set(key, value string) (changed bool, err error) {
	return f.set(key, value, false)
}

// SetOrAdd is [File.Set], except that a key that is neither present nor
// commented out is added as "key: value" on a new last line of the file,
// with the file's line ending (a file without a final line break stays
// without one).
func (f *File) SetOrAdd(key, value string) (changed bool, err error) {
	return f.set(key, value, true)
}

func (f *File) set(key, val string, add bool) (bool, error) {
	if err := f.checkArgs(key, val); err != nil {
		return false, err
	}
	i, count := find(f.root(), key)
	if i < 0 {
		if err := f.checkExclusive(key, val); err != nil {
			return false, err
		}
		return f.insert(key, val, add)
	}
	k, n := f.root().Content[i], f.root().Content[i+1]
	if count > 1 {
		return false, errorAt(f.name, f.src, max(0, f.offsetOf(k)), "found %s %d times (expected it once)", key, count)
	}
	if d := deref(n); d.Kind != yaml.ScalarNode {
		return false, errorAt(f.name, f.src, max(0, f.offsetOf(n)), "found %s as %s (expected a scalar)", key, describe(d))
	}
	if scalarValue(deref(n)) == val {
		return false, nil
	}
	if err := f.checkExclusive(key, val); err != nil {
		return false, err
	}
	return done(f.replace([]int{0, i + 1}, n, val, 0, f.root().Style&yaml.FlowStyle != 0))
}

// checkArgs refuses keys and values that cannot be written on one line,
// with an *Error at the top mapping, where the key would be.
func (f *File) checkArgs(key, val string) error {
	err := checkText("key", key)
	if err == nil && !plainKey(key) {
		err = fmt.Errorf("found key %q (expected a key that can be written as a plain YAML key)", key)
	}
	if err == nil {
		err = checkText("value", val)
	}
	if err != nil {
		return f.errAt(f.root(), "%v", err)
	}
	return nil
}

// checkExclusive refuses to set key to a non-empty value while the key
// Cassandra refuses alongside it is set.
func (f *File) checkExclusive(key, val string) error {
	other, ok := exclusive[key]
	if !ok || val == "" {
		return nil
	}
	if v, ok := f.Get(other); !ok || v == "" {
		return nil
	}
	i, _ := find(f.root(), other)
	k := f.root().Content[i]
	return errorAt(f.name, f.src, max(0, f.offsetOf(k)), "found %s set, so %s cannot be set (expected one of %s and %s, not both)", other, key, key, other)
}
