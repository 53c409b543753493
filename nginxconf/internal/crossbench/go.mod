module github.com/momoconf/momoconf/nginxconf/internal/crossbench

go 1.26.0

require (
	github.com/momoconf/momoconf v0.0.0
	github.com/nginxinc/nginx-go-crossplane v0.4.60
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/jstemmer/go-junit-report v1.0.0 // indirect
	github.com/maxbrunsfeld/counterfeiter/v6 v6.8.1 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261009151841-97e8ea77aa2a // indirect
	golang.org/x/text v0.16.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

replace github.com/momoconf/momoconf => ../../..
