package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf"
)

// TestStatusJSONNodes: status --json starts with "nodes", each
// member's host in the order of the members, null when there is none.
func TestStatusJSONNodes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []momoconf.Member
		want    string
	}{
		{"none", nil, `{"nodes":null,"members":null,"lists":null,"trees":null,"versions":null,"drift":[]}`},
		{"two", []momoconf.Member{{Host: "a.example.com", MTAID: 1, Roles: []momoconf.Role{momoconf.RolePlatform}}, {Host: "10.0.0.9", Roles: []momoconf.Role{momoconf.RolePeer}}},
			`{"nodes":["a.example.com","10.0.0.9"],"members":[{"host":"a.example.com","mta_id":1,"roles":["platform"]},{"host":"10.0.0.9","roles":["peer"]}],"lists":null,"trees":null,"versions":null,"drift":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(newStatusJSON(&momoconf.Status{Members: tc.members, Drift: []string{}}))
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(b))
			assert.True(t, strings.HasPrefix(string(b), `{"nodes":`), "nodes comes first: %s", b)
		})
	}
}
