package cassyaml

import yaml "go.yaml.in/yaml/v3"

// same reports whether two trees mean the same: kinds, tags, values,
// anchors and children, ignoring positions, styles and comments. An alias
// is compared by the anchor it names, not followed.
func same(a, b *yaml.Node) bool {
	if !sameNode(a, b) {
		return false
	}
	for i := range a.Content {
		if !same(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

func sameNode(a, b *yaml.Node) bool {
	return a.Kind == b.Kind && a.ShortTag() == b.ShortTag() && a.Value == b.Value &&
		a.Anchor == b.Anchor && len(a.Content) == len(b.Content)
}

// sameExcept is same, except that the node reached by following path (child
// indexes from a and b) is not compared but must satisfy want.
func sameExcept(a, b *yaml.Node, path []int, want func(*yaml.Node) bool) bool {
	if len(path) == 0 {
		return want(b)
	}
	if !sameNode(a, b) {
		return false
	}
	for i := range a.Content {
		ok := false
		if i == path[0] {
			ok = sameExcept(a.Content[i], b.Content[i], path[1:], want)
		} else {
			ok = same(a.Content[i], b.Content[i])
		}
		if !ok {
			return false
		}
	}
	return true
}

// sameWithPair reports whether top mapping b is top mapping a with one
// more pair, anywhere: the key key with a scalar whose value is val.
func sameWithPair(a, b *yaml.Node, key, val string) bool {
	if a.Kind != b.Kind || len(b.Content) != len(a.Content)+2 {
		return false
	}
	for k := 0; k+1 < len(b.Content); k += 2 {
		kn, vn := b.Content[k], b.Content[k+1]
		if kn.Kind != yaml.ScalarNode || kn.Value != key {
			continue
		}
		if vn.Kind != yaml.ScalarNode || scalarValue(vn) != val {
			return false
		}
		rest := &yaml.Node{Kind: b.Kind, Tag: b.Tag, Anchor: b.Anchor, Value: b.Value}
		rest.Content = append(append(rest.Content, b.Content[:k]...), b.Content[k+2:]...)
		return same(a, rest)
	}
	return false
}

// scalarIs returns a check that a node is a scalar meaning val.
func scalarIs(val string) func(*yaml.Node) bool {
	return func(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && scalarValue(n) == val }
}
