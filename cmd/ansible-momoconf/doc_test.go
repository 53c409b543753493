package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// sidecarDoc is the module's documentation beside it.
const sidecarDoc = "../../ansible/library/momoconf.yml"

// TestDocOptions: the documentation names every argument the module
// takes, and no other.
func TestDocOptions(t *testing.T) {
	data, err := os.ReadFile(sidecarDoc)
	require.NoError(t, err)
	var doc struct {
		Documentation struct {
			Module  string                    `yaml:"module"`
			Options map[string]map[string]any `yaml:"options"`
		} `yaml:"DOCUMENTATION"`
		Examples string         `yaml:"EXAMPLES"`
		Return   map[string]any `yaml:"RETURN"`
	}
	require.NoError(t, yaml.Unmarshal(data, &doc))
	assert.Equal(t, "momoconf", doc.Documentation.Module)
	assert.Equal(t, publicArgs(), slices.Sorted(maps.Keys(doc.Documentation.Options)))
	assert.Contains(t, doc.Return, "drift")
	assert.Contains(t, doc.Return, "steps")
	assert.Contains(t, doc.Return, "services")
	assert.NotEmpty(t, doc.Examples)
}

// TestAnsibleDoc: ansible-doc finds the page of the module built into a
// library folder beside its documentation.
func TestAnsibleDoc(t *testing.T) {
	if _, err := exec.LookPath("ansible-doc"); err != nil {
		t.Skip("ansible-doc is not installed (apt-get install ansible-core)")
	}
	lib := t.TempDir()
	require.NoError(t, copyFile(moduleBinary(t), filepath.Join(lib, "momoconf")))
	require.NoError(t, copyFile(sidecarDoc, filepath.Join(lib, "momoconf.yml")))
	cmd := exec.Command("ansible-doc", "-M", lib, "momoconf")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "ANSIBLE_LOCAL_TEMP="+t.TempDir(), "ANSIBLE_NOCOLOR=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "> MOMOCONF")
	assert.Contains(t, string(out), "phase")
	assert.Contains(t, string(out), "EXAMPLES")
}
