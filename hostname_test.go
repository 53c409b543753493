package momoconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/codes"
)

// TestHostFormWarning: a short --host where every member is an FQDN (and
// the reverse) is warned about with the code host-form; the members' own
// form is not.
func TestHostFormWarning(t *testing.T) {
	tests := []struct {
		desc string
		node Node
		warn bool
	}{
		{"short among FQDNs", Node{Host: "node4", IP: "10.77.0.97"}, true},
		{"FQDN among FQDNs", Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, false},
		{"short Analytics node", Node{Host: "analytics3", Role: RoleAnalytics}, true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			dir := twoTier(t)
			p, err := addNodeAt(dir, tt.node, testOptions{Cluster: true})
			require.NoError(t, err)
			var got *Warning
			for i, w := range p.Warnings {
				if w.Code == codes.HostForm {
					got = &p.Warnings[i]
				}
			}
			if !tt.warn {
				assert.Nil(t, got, "%v", p.Warnings)
				return
			}
			require.NotNil(t, got, "%v", p.Warnings)
			assert.Contains(t, got.Message, "host "+tt.node.Host+" is a short name, but every member is named by an FQDN")
		})
	}
}

func TestHostFormAmongShortNames(t *testing.T) {
	c := &Cluster{members: map[string]*Member{"node1": {Host: "node1"}, "node2": {Host: "node2"}, "10.0.0.9": {Host: "10.0.0.9"}}}
	w := c.hostFormWarning(Node{Host: "node3.example.com"})
	require.NotNil(t, w)
	assert.Equal(t, codes.HostForm, w.Code)
	assert.Contains(t, w.Message, "is an FQDN, but every member is named by a short name (node1, node2)")
	assert.Nil(t, c.hostFormWarning(Node{Host: "node3"}))
	c.members["node9.example.com"] = &Member{Host: "node9.example.com"}
	assert.Nil(t, c.hostFormWarning(Node{Host: "node3.example.com"}), "one member in the node's form is enough")
}

// warningsBut returns the plan's warnings, rendered, but those with code.
func warningsBut(p *Plan, code codes.Code) []string {
	var out []string
	for _, w := range p.Warnings {
		if w.Code != code {
			out = append(out, w.String())
		}
	}
	return out
}
