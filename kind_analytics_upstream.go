package momoconf

// The nginx upstreams of the Analytics applications. Each lists the
// Analytics nodes on its application's port. api_webhooks_upstream.conf
// is on every Platform node too; the others are on the Analytics nodes
// and, as leftovers of the installation, on the first Platform node.
var (
	apiWebhooksSpec         = analyticsUpstreamSpec(KindAPIWebhooks, "api_webhooks_upstream", "api_webhooks", "APIWH", "2084")
	webuiUpstreamSpec       = firstOnly(analyticsUpstreamSpec(KindWebuiUpstream, "webui_upstream", "webui", "WEBUI", "2082"))
	apiMetricsSpec          = firstOnly(analyticsUpstreamSpec(KindAPIMetrics, "api_metrics_upstream", "api_metrics", "APIMT", "2083"))
	apiUsersSpec            = firstOnly(analyticsUpstreamSpec(KindAPIUsers, "api_users_upstream", "api_users", "APIUS", "2085"))
	apiAdaptiveDeliverySpec = firstOnly(analyticsUpstreamSpec(KindAPIAdaptiveDelivery, "api_adaptive_delivery_upstream", "api_adaptive_delivery", "APIAD", "2086"))
)

// analyticsUpstreamSpec describes the file conf.d/NAME.conf whose upstream
// block lists the Analytics nodes on port.
func analyticsUpstreamSpec(k Kind, name, block, short, port string) *kindSpec {
	return upstreamSpec(k, name, upstreamList{block: block, short: short, role: RoleAnalytics, port: port}, RoleAnalytics,
		"opt/msys/3rdParty/nginx/conf.d/"+name+".conf")
}

// firstOnly marks a kind that the installation leaves on the first
// Platform node only: the other Platform nodes need not hold it.
func firstOnly(s *kindSpec) *kindSpec {
	s.firstOnly = true
	return s
}
