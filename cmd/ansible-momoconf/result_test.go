package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultTextIsTerminalSafe: the msg and warnings Ansible prints on the
// operator's terminal carry no control character, whatever a host tree
// put in them (a spool folder in a step, a name in an error): each is
// written as \u00XX text.
func TestResultTextIsTerminalSafe(t *testing.T) {
	var out bytes.Buffer
	r := &result{Msg: "scp -rp '/var/spool/\x1b[1A\x1b[2Kx' node1:/var/tmp\n", Warnings: []string{"bell\x07"}}
	assert.Equal(t, 0, r.write(&out))
	var back result
	require.NoError(t, json.Unmarshal(out.Bytes(), &back), out.String())
	assert.Equal(t, `scp -rp '/var/spool/\u001b[1A\u001b[2Kx' node1:/var/tmp`+"\n", back.Msg)
	assert.Equal(t, []string{`bell\u0007`}, back.Warnings)
}
