package momoconf

import (
	"testing"

	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckKind: a kind reads its file as momoconf does.
func TestCheckKind(t *testing.T) {
	assert.NoError(t, CheckKind("click_proxy_upstream.conf", []byte("upstream click_proxy {\n  server a:2081;\n}\n"), KindClickProxy))
	err := CheckKind("msg_gen.conf", []byte("msg_gen {\n"), KindMsgGen)
	require.Error(t, err)
	_, ok := srcpos.Find(err)
	assert.True(t, ok, "%v", err)
	assert.Error(t, CheckKind("x", nil, KindUnknown))
}
