package momoconf

// ServiceOf names what a changed file at rel, a slash path inside a host
// tree, makes the runbook restart or reload on that host: "ecelerity" for
// the ecelerity configuration, "msys-nginx" for an nginx conf.d file,
// "msys-app-NAME" for an application's production.json, or "" when no
// service has to read the file again now. A restart applies to every
// service but msys-nginx, which is reloaded.
func ServiceOf(rel string) string { return service(rel) }
