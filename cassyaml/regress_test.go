package cassyaml

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSetAgainAfterEmptyInFlow pins the bug FuzzEdit found: yaml.v3 puts
// an empty flow value at the next ',' or '}', so a value set to "" inside
// a flow mapping could not be set again.
func TestSetAgainAfterEmptyInFlow(t *testing.T) {
	for _, in := range []string{
		"{listen_address: 10.0.0.1, rpc_address: 0.0.0.0}\n",
		"{rpc_address: 0.0.0.0, listen_address: 10.0.0.1}\n",
	} {
		f, err := Parse("c.yaml", []byte(in))
		require.NoError(t, err)
		changed, err := f.Set("listen_address", "")
		require.NoError(t, err)
		assert.True(t, changed)
		got, ok := f.Get("listen_address")
		assert.True(t, ok)
		assert.Equal(t, "", got)

		changed, err = f.Set("listen_address", "10.0.0.1")
		require.NoError(t, err, "after %q", f.Bytes())
		assert.True(t, changed)
		assert.Equal(t, in, string(f.Bytes()), "set then set back restores the input")
	}
}
