package momoconf

import "github.com/momoconf/momoconf/filekind"

// The nginx upstreams of the Analytics applications. Each lists the
// Analytics nodes on its application's port. api_webhooks_upstream.conf
// is on every Platform node too; the others are on the Analytics nodes
// and, as leftovers of the installation, on the first Platform node.
var (
	apiWebhooksSpec         = analyticsUpstreamSpec(filekind.APIWebhooks, "api_webhooks", "APIWH", "2084")
	webuiUpstreamSpec       = firstOnly(analyticsUpstreamSpec(filekind.WebuiUpstream, "webui", "WEBUI", "2082"))
	apiMetricsSpec          = firstOnly(analyticsUpstreamSpec(filekind.APIMetrics, "api_metrics", "APIMT", "2083"))
	apiUsersSpec            = firstOnly(analyticsUpstreamSpec(filekind.APIUsers, "api_users", "APIUS", "2085"))
	apiAdaptiveDeliverySpec = firstOnly(analyticsUpstreamSpec(filekind.APIAdaptiveDelivery, "api_adaptive_delivery", "APIAD", "2086"))
)

// analyticsUpstreamSpec describes the nginx file of kind k whose upstream
// block lists the Analytics nodes on port.
func analyticsUpstreamSpec(k filekind.Kind, block, short, port string) *kindSpec {
	return upstreamSpec(k, upstreamList{block: block, short: short, role: RoleAnalytics, port: port}, RoleAnalytics)
}

// firstOnly marks a kind that the installation leaves on the first
// Platform node only: the other Platform nodes need not hold it.
func firstOnly(s *kindSpec) *kindSpec {
	s.firstOnly = true
	return s
}
