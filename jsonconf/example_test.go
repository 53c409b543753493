package jsonconf_test

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/srcpos"
)

const usersAPI = `{
  "cassandra": {
    "hosts": [
      "node1.int.example.com",
      "node2.int.example.com"
    ]
  }
}
`

func ExampleFile_AddString() {
	f, err := jsonconf.Parse("production.json", []byte(usersAPI))
	if err != nil {
		panic(err)
	}
	changed, err := f.AddString("cassandra.hosts", "node3.int.example.com")
	fmt.Println(changed, err)
	changed, err = f.AddString("cassandra.hosts", "NODE3.int.example.com")
	fmt.Println(changed, err)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// false <nil>
	// {
	//   "cassandra": {
	//     "hosts": [
	//       "node1.int.example.com",
	//       "node2.int.example.com",
	//       "node3.int.example.com"
	//     ]
	//   }
	// }
}

func ExampleFile_RemoveString() {
	f, err := jsonconf.Parse("production.json", []byte(usersAPI))
	if err != nil {
		panic(err)
	}
	changed, err := f.RemoveString("cassandra.hosts", "node2.int.example.com")
	fmt.Println(changed, err)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// {
	//   "cassandra": {
	//     "hosts": [
	//       "node1.int.example.com"
	//     ]
	//   }
	// }
}

func ExampleFile_Strings() {
	f, err := jsonconf.Parse("production.json", []byte(`{"cql": {"contactPoints": ["node1", "node2"]}, "a.b": ["x"]}`))
	if err != nil {
		panic(err)
	}
	hosts, err := f.Strings("cql.contactPoints")
	fmt.Println(hosts, err)
	dotted, err := f.Strings(`a\.b`)
	fmt.Println(dotted, err)
	_, err = f.Strings("cassandra.hosts")
	fmt.Println(errors.Is(err, jsonconf.ErrNoPath), err)
	// Output:
	// [node1 node2] <nil>
	// [x] <nil>
	// true production.json:1:1: found no value at path "cassandra.hosts" (expected an array of strings)
}

func ExampleParse() {
	_, err := jsonconf.Parse("production.json", []byte("{\n  \"hosts\": [\n    \"node1\",\n  ]\n}\n"))
	var e *jsonconf.Error
	fmt.Println(errors.As(err, &e), e.Pos.Line, err)
	// Output:
	// true 3 production.json:3:12: found ',' before ']' (expected no trailing comma)
}

// ExampleError tells a jsonconf error from another format's and reads its
// place.
func ExampleError() {
	_, err := jsonconf.Parse("production.json", []byte("{\"hosts\": [\"a\",]}"))
	var je *jsonconf.Error
	var ye *cassyaml.Error
	fmt.Println(errors.As(err, &je), errors.As(err, &ye))
	pos, ok := srcpos.Find(err)
	fmt.Println(ok, je.Pos.Line, pos)
	// Output:
	// true false
	// true 1 production.json:1:15
}
