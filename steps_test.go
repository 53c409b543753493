package momoconf

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two-tier example cluster's trees by role.
var (
	examplePlatform  = []string{"node1", "node2", "node3"}
	exampleAnalytics = []string{"analytics1", "analytics2"}
)

func changedIn(trees []string, rels ...string) map[string][]string {
	m := map[string][]string{}
	for _, t := range trees {
		m[t] = rels
	}
	return m
}

func merge(ms ...map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = append(out[k], v...)
		}
	}
	return out
}

const (
	relMsgGen   = "opt/msys/ecelerity/etc/conf/default/msg_gen.conf"
	relMsgc     = "opt/msys/ecelerity/etc/conf/global/msgc_server.conf"
	relClick    = "opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf"
	relMomo     = "opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf"
	relUsers    = "opt/msys/app/users-api/config/production.json"
	relWebhooks = "opt/msys/app/webhooks-api/config/production.json"
	relSeeds    = "opt/msys/3rdParty/cassandra/conf/cassandra.yaml"
	relAPIWh    = "opt/msys/3rdParty/nginx/conf.d/api_webhooks_upstream.conf"
	relETL      = "opt/msys/app/metrics-etl/config/production.json"
	relWebui    = "opt/msys/3rdParty/nginx/conf.d/webui_upstream.conf"
	relMetrics  = "opt/msys/app/metrics-api/config/production.json"
)

var stepsCases = map[string]stepScope{
	"platform-add": {add: true, node: "node4.int.example.com", newTree: "node4",
		platform: examplePlatform, analytic: exampleAnalytics,
		changed: merge(changedIn(examplePlatform, relMsgGen, relMsgc, relClick),
			changedIn(exampleAnalytics, relMomo, relUsers, relWebhooks))},
	"platform-add-root": {add: true, node: "node4.int.example.com", single: true,
		platform: []string{"."}, changed: changedIn([]string{"."}, relMsgGen, relMsgc, relClick)},
	"platform-remove": {node: "node2.int.example.com", ownTree: "node2",
		platform: examplePlatform, analytic: exampleAnalytics,
		changed: merge(changedIn([]string{"node1", "node3"}, relMsgGen, relMsgc, relClick, relSeeds),
			changedIn(exampleAnalytics, relMomo, relUsers, relWebhooks))},
	"analytics-add": {add: true, analytics: true, node: "analytics3.int.example.com", newTree: "analytics3",
		platform: examplePlatform, analytic: exampleAnalytics,
		changed: merge(changedIn(examplePlatform, relAPIWh, relETL), changedIn(exampleAnalytics, relAPIWh, relWebui, relMetrics))},
	"analytics-remove": {analytics: true, node: "analytics2.int.example.com", ownTree: "analytics2",
		platform: examplePlatform, analytic: exampleAnalytics,
		changed: merge(changedIn(examplePlatform, relAPIWh, relETL), changedIn([]string{"analytics1"}, relAPIWh, relWebui, relMetrics))},
}

// TestRunbookSteps renders the steps of each kind of change in the
// two-tier example as text and JSON, and compares them with
// testdata/TestRunbookSteps/NAME.txtar (NAME a key of stepsCases).
func TestRunbookSteps(t *testing.T) {
	cases := golden.Load(t, filepath.Join("testdata", "TestRunbookSteps"))
	require.Len(t, cases, len(stepsCases), "one golden file for each case")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			s, ok := stepsCases[c.Name]
			require.True(t, ok, "no case %s in stepsCases", c.Name)
			steps := runbookSteps(s)
			js, err := json.MarshalIndent(steps, "", "  ")
			require.NoError(t, err)
			c.Check(t, "text", []byte(StepsText(steps)))
			c.Check(t, "json", append(js, '\n'))
		})
	}
}

func TestRunbookStepsNumbering(t *testing.T) {
	steps := runbookSteps(stepsCases["platform-add-root"])
	for i, st := range steps {
		assert.Equal(t, i+1, st.Step)
		assert.NotEmpty(t, st.Hosts, "step %d", st.Step)
		assert.NotContains(t, st.Hosts, ".", "a single tree is named %q", thisHost)
	}
	text := StepsText(steps)
	assert.Contains(t, text, "on this host:\n      service ecelerity restart\n      service msys-nginx reload\n")
	assert.Contains(t, text, "scp -r $file node4.int.example.com:$file", "with no new tree, the runbook's copy is a step")
	assert.True(t, strings.HasPrefix(text, "Next steps"))
}

func TestService(t *testing.T) {
	tests := map[string]string{
		relMsgGen: "ecelerity", relMsgc: "ecelerity", relClick: "msys-nginx",
		"usr/local/openresty/nginx/conf.d/momo_upstream.conf": "msys-nginx",
		relUsers: "msys-app-users-api", "opt/msys/app/metrics-api/cron/config/production.json": "msys-app-metrics-api",
		relSeeds: "", "opt/msys/etc/cluster.env": "",
	}
	for rel, want := range tests {
		assert.Equal(t, want, service(rel), rel)
	}
}

// TestStepsNameHostsOutsideTheFolder: a step for a host the folder does
// not hold (the Analytics nodes, from one Platform host tree) names the
// host instead of being left out.
func TestStepsNameHostsOutsideTheFolder(t *testing.T) {
	add := runbookSteps(stepScope{add: true, analytics: true, node: "analytics3.int.example.com",
		platform: []string{"."}, changed: changedIn([]string{"."}, relAPIWh, relETL)})
	var vertica, etl *Step
	for i := range add {
		if strings.Contains(add[i].Command, "install_vertica") {
			vertica = &add[i]
		}
		if strings.Contains(add[i].Command, "msys-app-metrics-etl restart") {
			etl = &add[i]
		}
	}
	require.NotNil(t, vertica, "the Vertica step is kept:\n%s", StepsText(add))
	assert.Equal(t, []string{"the first Analytics node"}, vertica.Hosts)
	require.NotNil(t, etl)
	assert.Equal(t, []string{thisHost}, etl.Hosts)

	remove := runbookSteps(stepScope{node: "node2.int.example.com", analytic: []string{"."},
		changed: changedIn([]string{"."}, relMomo)})
	assert.Equal(t, []string{"a live Platform node"}, remove[len(remove)-1].Hosts, StepsText(remove))
}
