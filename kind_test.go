package momoconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKindFormat: every kind has a format, and "is an nginx file" is that
// property, true of the seven upstream kinds (the five Analytics ones
// included) and of no other.
func TestKindFormat(t *testing.T) {
	nginx := []Kind{KindClickProxy, KindMomoUpstream, KindAPIWebhooks, KindWebuiUpstream, KindAPIMetrics, KindAPIUsers, KindAPIAdaptiveDelivery}
	for _, k := range Kinds() {
		assert.Contains(t, []string{formatEcelerity, formatNginx, formatJSON, formatYAML}, k.Format(), k.String())
		assert.Equal(t, containsKind(nginx, k), k.IsNginx(), k.String())
	}
	assert.Equal(t, "ecelerity", KindMsgGen.Format())
	assert.Equal(t, "yaml", KindCassandraYAML.Format())
	assert.Equal(t, "json", KindMetricsCron.Format())
	assert.Equal(t, "", KindUnknown.Format())
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func TestParseKind(t *testing.T) {
	tests := map[string]Kind{
		"click_proxy_upstream": KindClickProxy, "click-proxy": KindClickProxy, "click_proxy": KindClickProxy,
		"momo": KindMomoUpstream, "api_users": KindAPIUsers, "msg_gen": KindMsgGen, "metrics-api-cron": KindMetricsCron,
	}
	for s, want := range tests {
		got, err := ParseKind(s)
		assert.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, bad := range []string{"", "click", "users_api_upstream", "msg_gen_upstream"} {
		_, err := ParseKind(bad)
		assert.Error(t, err, bad)
	}
}
