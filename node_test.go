package momoconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var validateTests = []struct {
	desc   string
	node   Node
	needIP bool
	err    string // "" for valid
}{
	{"plain", Node{Host: "node4.int.example.com", IP: "10.0.0.4"}, true, ""},
	{"ipv6", Node{Host: "node4", IP: "fd00::4"}, true, ""},
	{"upper case", Node{Host: "Node4.example.com", IP: "10.0.0.4"}, true, `upper-case letters; msgc requires lower-case peer names (use "node4.example.com")`},
	{"empty host", Node{IP: "10.0.0.4"}, true, "a host name is required"},
	{"bad label", Node{Host: "node4..example.com"}, false, "not a valid host name"},
	{"leading hyphen", Node{Host: "-node4"}, false, "not a valid host name"},
	{"space", Node{Host: "node 4"}, false, "character ' '"},
	{"no ip", Node{Host: "node4"}, true, "an IP address is required"},
	{"no ip needed", Node{Host: "node4"}, false, ""},
	{"bad ip", Node{Host: "node4", IP: "10.0.0.256"}, false, `"10.0.0.256" is not an IP address`},
	{"mta_id 254", Node{Host: "node4", MTAID: 254}, false, ""},
	{"mta_id 255", Node{Host: "node4", MTAID: 255}, false, "mta_id 255 is out of range (expected 1 to 254)"},
	{"mta_id negative", Node{Host: "node4", MTAID: -1}, false, "out of range"},
}

func TestNodeValidate(t *testing.T) {
	for _, tt := range validateTests {
		t.Run(tt.desc, func(t *testing.T) {
			err := tt.node.validate(tt.needIP)
			if tt.err == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.err)
			}
		})
	}
}

func TestNodeMatches(t *testing.T) {
	n := Node{Host: "node1.int.example.com", IP: "10.0.0.1"}
	for s, want := range map[string]bool{
		"node1.int.example.com":  true,
		"NODE1.int.example.com":  true,
		"node1.int.example.com.": true,
		"10.0.0.1":               true,
		"[10.0.0.1]":             true,
		"node10.int.example.com": false,
		"node1":                  false,
		"10.0.0.10":              false,
	} {
		assert.Equal(t, want, n.matches(s), s)
	}
	assert.Equal(t, "10.0.0.1", n.nameFor([]string{"10.0.0.2", "10.0.0.3"}))
	assert.Equal(t, "node1.int.example.com", n.nameFor([]string{"10.0.0.2", "node3"}))
	assert.Equal(t, "node1.int.example.com", n.nameFor(nil))
}
