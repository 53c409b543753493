package runbook

import "testing"

func TestService(t *testing.T) {
	for _, tt := range []struct{ rel, want string }{
		{"opt/msys/ecelerity/etc/conf/default/msg_gen.conf", "ecelerity"},
		{"opt/msys/3rdParty/nginx/conf.d/momo_upstream.conf", "msys-nginx"},
		{"opt/msys/app/users-api/config/production.json", "msys-app-users-api"},
		{"opt/msys/app/users-api/config/other.json", ""},
		{"opt/msys/3rdParty/cassandra/conf/cassandra.yaml", ""},
	} {
		if got := Service(tt.rel); got != tt.want {
			t.Errorf("Service(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
}
