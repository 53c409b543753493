package cassyaml_test

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/srcpos"
)

const exampleYAML = `cluster_name: 'CAS-example'
seed_provider:
- class_name: org.apache.cassandra.locator.SimpleSeedProvider
  parameters:
  - seeds: "node1.example.com, node2.example.com, node3.example.com"
listen_address: 10.77.0.93   # this node's IP
# broadcast_address: 1.2.3.4
`

func ExampleFile_Set() {
	f, err := cassyaml.Parse("cassandra.yaml", []byte(exampleYAML))
	if err != nil {
		panic(err)
	}
	changed, err := f.Set("listen_address", "10.77.0.245")
	fmt.Println(changed, err)
	changed, err = f.Set("listen_address", "10.77.0.245")
	fmt.Println(changed, err)
	changed, err = f.Set("broadcast_address", "10.77.0.245")
	fmt.Println(changed, err)
	_, err = f.Set("num_tokens", "256")
	fmt.Println(errors.Is(err, cassyaml.ErrNoKey))
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// false <nil>
	// true <nil>
	// true
	// cluster_name: 'CAS-example'
	// seed_provider:
	// - class_name: org.apache.cassandra.locator.SimpleSeedProvider
	//   parameters:
	//   - seeds: "node1.example.com, node2.example.com, node3.example.com"
	// listen_address: 10.77.0.245   # this node's IP
	// # broadcast_address: 1.2.3.4
	// broadcast_address: 10.77.0.245
}

func ExampleFile_Get() {
	f, err := cassyaml.Parse("cassandra.yaml", []byte("listen_address:\nrpc_address: 0.0.0.0\n"))
	if err != nil {
		panic(err)
	}
	for _, key := range []string{"listen_address", "rpc_address", "listen_interface"} {
		v, ok := f.Get(key)
		fmt.Printf("%s: %q %v\n", key, v, ok)
	}
	// Output:
	// listen_address: "" true
	// rpc_address: "0.0.0.0" true
	// listen_interface: "" false
}

func ExampleFile_RemoveSeed() {
	f, err := cassyaml.Parse("cassandra.yaml", []byte(exampleYAML))
	if err != nil {
		panic(err)
	}
	fmt.Println(f.RemoveSeed("NODE2.example.com"))
	fmt.Println(f.RemoveSeed("node2.example.com"))
	fmt.Println(f.Seeds())
	// Output:
	// true <nil>
	// false <nil>
	// [node1.example.com node3.example.com] <nil>
}

func ExampleFile_AddSeed() {
	f, err := cassyaml.Parse("cassandra.yaml", []byte(exampleYAML))
	if err != nil {
		panic(err)
	}
	fmt.Println(f.AddSeed("node4.example.com"))
	fmt.Println(f.AddSeed("node4.example.com"))
	seeds, _ := f.Seeds()
	fmt.Println(len(seeds), seeds[3])
	// Output:
	// true <nil>
	// false <nil>
	// 4 node4.example.com
}

func ExampleParse_error() {
	_, err := cassyaml.Parse("cassandra.yaml", []byte("listen_address: a\n  rpc_address: b\n"))
	fmt.Println(err)
	var e *cassyaml.Error
	fmt.Println(errors.As(err, &e), e.Pos.Line)
	// Output:
	// cassandra.yaml:2:3: found invalid YAML: mapping values are not allowed in this context
	// true 2
}

// ExampleError tells a cassyaml error from another format's and reads its
// place: the stray space before rpc_address, on line 3.
func ExampleError() {
	src := "cluster_name: 'x'\nlisten_address: a\n rpc_address: b\n"
	_, err := cassyaml.Parse("cassandra.yaml", []byte(src))
	var ye *cassyaml.Error
	var je *jsonconf.Error
	fmt.Println(errors.As(err, &ye), errors.As(err, &je))
	pos, ok := srcpos.Find(err)
	fmt.Println(ok, ye.Pos.Line, pos)
	// Output:
	// true false
	// true 3 cassandra.yaml:3:2
}
