package momoconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

// TestCheckKind: a kind reads its file as momoconf does.
func TestCheckKind(t *testing.T) {
	assert.NoError(t, CheckKind("click_proxy_upstream.conf", []byte("upstream click_proxy {\n  server a:2081;\n}\n"), filekind.ClickProxy))
	err := CheckKind("msg_gen.conf", []byte("msg_gen {\n"), filekind.MsgGen)
	require.Error(t, err)
	_, ok := srcpos.Find(err)
	assert.True(t, ok, "%v", err)
	assert.Error(t, CheckKind("x", nil, filekind.Unknown))
}
