// Command gencluster writes a generated Momentum cluster folder, for
// measuring momoconf at scale by hand:
//
//	go run ./internal/clustergen/cmd/gencluster -platform 250 -analytics 5 /tmp/c250
//	go run ./internal/clustergen/cmd/gencluster -hosts 1000 /tmp/c1000
//	time momoconf add-node --cluster /tmp/c250 --host new.int.example.com --ip 10.77.9.9 --dry-run
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/momoconf/momoconf/internal/clustergen"
)

func main() {
	var spec clustergen.Spec
	flag.IntVar(&spec.Platform, "platform", 5, "Platform nodes (1 to 254)")
	flag.IntVar(&spec.Analytics, "analytics", 2, "Analytics nodes")
	hosts := flag.Int("hosts", 0, "about this many hosts, as the benchmarks size them (overrides -platform and -analytics)")
	flag.Parse()
	if *hosts > 0 {
		spec = clustergen.Sized(*hosts)
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gencluster [-platform N] [-analytics N | -hosts N] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	files, bytes, err := clustergen.Write(dir, spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d files, %d bytes\n", dir, files, bytes)
}
