package filekind_test

import (
	"fmt"

	"github.com/momoconf/momoconf/filekind"
)

// A file is known by the end of its path, or by the name the command line
// gives its kind.
func ExampleOf() {
	k := filekind.Of("/srv/node1/opt/msys/app/metrics-api/cron/config/production.json")
	fmt.Println(k, k.Format(), k.AnalyticsOnly())
	fmt.Println(filekind.Of("production.json")) // one of eleven: the folder must tell
	k, err := filekind.Parse("click-proxy")
	fmt.Println(k, k.IsNginx(), err)
	fmt.Println(k.Paths()[0])
	// Output:
	// metrics_api_cron json true
	// unknown
	// click_proxy_upstream true <nil>
	// opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf
}
