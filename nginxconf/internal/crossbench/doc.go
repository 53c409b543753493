// Package crossbench compares the parse speed of nginxconf with that of
// crossplane (github.com/nginxinc/nginx-go-crossplane), the parser nginx's
// own tooling uses. It is a module of its own so that the main module does
// not depend on crossplane; run it with
//
//	cd nginxconf/internal/crossbench && go test -bench .
//
// nginxconf is to stay at least four times as fast as crossplane.
package crossbench
