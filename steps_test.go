package momoconf

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/internal/golden"
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

// exampleNames are the host names of the two-tier example's trees.
var exampleNames = map[string]string{
	"node1": "node1.int.example.com", "node2": "node2.int.example.com", "node3": "node3.int.example.com",
	"node4": "node4.int.example.com", "analytics1": "analytics1.int.example.com", "analytics2": "analytics2.int.example.com",
	"analytics3": "analytics3.int.example.com",
}

var stepsCases = map[string]stepScope{
	"platform-add": {add: true, node: "node4.int.example.com", ip: "10.77.0.97", newTree: "node4",
		platform: examplePlatform, analytic: exampleAnalytics, names: exampleNames,
		changed: merge(changedIn(examplePlatform, relMsgGen, relMsgc, relClick),
			changedIn(exampleAnalytics, relMomo, relUsers, relWebhooks))},
	"platform-add-root": {add: true, node: "node4.int.example.com", ip: "10.77.0.97", single: true,
		platform: []string{".", "node2.int.example.com", "node3.int.example.com"}, analytic: []string{"analytics1.int.example.com"},
		names:     map[string]string{".": "node1.int.example.com"},
		elsewhere: map[string]bool{"node2.int.example.com": true, "node3.int.example.com": true, "analytics1.int.example.com": true},
		changed: merge(changedIn([]string{".", "node2.int.example.com", "node3.int.example.com"}, relMsgGen, relMsgc, relClick),
			changedIn([]string{"analytics1.int.example.com"}, relMomo, relUsers, relWebhooks))},
	"platform-remove": {node: "node2.int.example.com", ip: "10.77.0.94", ownTree: "node2", spool: defaultSpool,
		platform: examplePlatform, analytic: exampleAnalytics, names: exampleNames,
		changed: merge(changedIn([]string{"node1", "node3"}, relMsgGen, relMsgc, relClick, relSeeds),
			changedIn(exampleAnalytics, relMomo, relUsers, relWebhooks))},
	"analytics-add": {add: true, analytics: true, node: "analytics3.int.example.com", newTree: "analytics3",
		platform: examplePlatform, analytic: exampleAnalytics, names: exampleNames,
		changed: merge(changedIn(examplePlatform, relAPIWh, relETL), changedIn(exampleAnalytics, relAPIWh, relWebui, relMetrics))},
	"analytics-remove": {analytics: true, node: "analytics2.int.example.com", ownTree: "analytics2",
		platform: examplePlatform, analytic: exampleAnalytics, names: exampleNames,
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
			checkPasteable(t, steps)
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
	assert.Contains(t, text, "on node1.int.example.com, node2.int.example.com, node3.int.example.com:\n      service ecelerity restart\n      service msys-nginx reload\n")
	assert.Contains(t, text, `scp -p "$file" "node4.int.example.com:$file"`, "with no new tree, the runbook's copy is a step")
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

// planStepsCases make each change through the real planning path, on a
// fresh copy of the example named by the case's first word (two-tier or
// cluster); "root" cases run on one host tree of it, as --root does.
var planStepsCases = map[string]func(t *testing.T) (*Plan, error){
	"two-tier-platform-add": func(t *testing.T) (*Plan, error) {
		return addNodeAt(twoTier(t), node4, testOptions{Cluster: true, NewNodeDir: "node4", From: "node1"})
	},
	"two-tier-platform-remove": func(t *testing.T) (*Plan, error) {
		return removeNodeAt(twoTier(t), Node{Host: "node2.int.example.com"}, testOptions{Cluster: true})
	},
	"two-tier-analytics-add": func(t *testing.T) (*Plan, error) {
		return addNodeAt(twoTier(t), analytics3, testOptions{Cluster: true, NewNodeDir: "analytics3", From: "analytics2"})
	},
	"two-tier-analytics-remove": func(t *testing.T) (*Plan, error) {
		return removeNodeAt(twoTier(t), Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{Cluster: true})
	},
	"two-tier-root-analytics-add": func(t *testing.T) (*Plan, error) {
		return addNodeAt(filepath.Join(twoTier(t), "node1"), analytics3, testOptions{})
	},
	"two-tier-root-analytics-remove": func(t *testing.T) (*Plan, error) {
		return removeNodeAt(filepath.Join(twoTier(t), "analytics1"), Node{Host: "analytics2.int.example.com", Role: RoleAnalytics}, testOptions{})
	},
	"cluster-platform-add": func(t *testing.T) (*Plan, error) {
		return addNodeAt(exampleCluster(t), node4, testOptions{Cluster: true})
	},
	"cluster-platform-remove": func(t *testing.T) (*Plan, error) {
		return removeNodeAt(exampleCluster(t), Node{Host: "node2.int.example.com"}, testOptions{Cluster: true})
	},
	"cluster-root-platform-add": func(t *testing.T) (*Plan, error) {
		return addNodeAt(filepath.Join(exampleCluster(t), "node1"), Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 4}, testOptions{})
	},
	"cluster-root-platform-remove": func(t *testing.T) (*Plan, error) {
		return removeNodeAt(filepath.Join(exampleCluster(t), "node1"), Node{Host: "node2.int.example.com"}, testOptions{})
	},
}

// TestPlanSteps compares the steps of each change of planStepsCases with
// testdata/TestPlanSteps/NAME.txtar, as text and JSON, and checks that
// every command can be pasted as printed (bash -n, no placeholder, every
// variable explained).
func TestPlanSteps(t *testing.T) {
	cases := golden.Load(t, filepath.Join("testdata", "TestPlanSteps"))
	require.Len(t, cases, len(planStepsCases), "one golden file for each plan")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			plan, ok := planStepsCases[c.Name]
			require.True(t, ok, "no plan %s", c.Name)
			p, err := plan(t)
			require.NoError(t, err)
			require.NotEmpty(t, p.Steps)
			checkPasteable(t, p.Steps)
			js, err := json.MarshalIndent(p.Steps, "", "  ")
			require.NoError(t, err)
			c.Check(t, "text", []byte(StepsText(p.Steps)))
			c.Check(t, "json", append(js, '\n'))
		})
	}
}
