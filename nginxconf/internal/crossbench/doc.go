// Package crossbench is a module of its own, outside momoconf's, that
// holds what must be tested from outside:
//
//   - the parse speed of nginxconf against that of crossplane
//     (github.com/nginxinc/nginx-go-crossplane), the parser of nginx's own
//     tooling; nginxconf is to stay at least four times as fast;
//   - the whole edit a tool makes (Parse, AddServer, Bytes) against
//     crossplane's Parse alone, on generated 1 MB and 10 MB files, timed
//     in the same loop (BenchmarkEditVsCrossplane); the edit is to stay at
//     least three times as fast, which it reports as x-crossplane (wall
//     time) and cpu-x-crossplane (CPU time);
//   - that another module can name the format packages' Error types and
//     srcpos.Position, and tell the formats apart.
//
// Being a module of its own, it keeps crossplane out of the main module's
// dependencies. Run it with
//
//	cd nginxconf/internal/crossbench && go test -bench . -benchtime 40x -count 3
package crossbench
