package ecconf_test

import (
	"fmt"

	"github.com/momoconf/momoconf/ecconf"
)

const msgGen = `cassandra_client {
  uri = (
    "name=cassandra_db;host=node1.int.example.com;port=9160"
  )
}
msg_gen {
  node node1.int.example.com { mta_id = 1  votes = 1 }
  # node node9.int.example.com { mta_id = 9  votes = 1 }
}
`

func ExampleFile_AddNode() {
	f, err := ecconf.Parse("msg_gen.conf", []byte(msgGen))
	if err != nil {
		panic(err)
	}
	changed, err := f.AddNode("node2.int.example.com", 2, 1)
	fmt.Println(changed, err)
	changed, _ = f.AddNode("node2.int.example.com", 2, 1)
	fmt.Println(changed)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// false
	// cassandra_client {
	//   uri = (
	//     "name=cassandra_db;host=node1.int.example.com;port=9160"
	//   )
	// }
	// msg_gen {
	//   node node1.int.example.com { mta_id = 1  votes = 1 }
	//   node node2.int.example.com { mta_id = 2  votes = 1 }
	//   # node node9.int.example.com { mta_id = 9  votes = 1 }
	// }
}

func ExampleFile_AddCassandraHost() {
	f, _ := ecconf.Parse("msg_gen.conf", []byte(msgGen))
	changed, err := f.AddCassandraHost("node2.int.example.com")
	fmt.Println(changed, err)
	for _, u := range f.CassandraURIs() {
		fmt.Println(u.Pos, u.Host, u.Port)
	}
	// Output:
	// true <nil>
	// msg_gen.conf:3:5 node1.int.example.com 9160
	// msg_gen.conf:4:5 node2.int.example.com 9160
}

func ExampleFile_RemovePeer() {
	f, _ := ecconf.Parse("msgc_server.conf", []byte("msgc_server {\n  peers = [\n    node1 = \"10.0.0.1\"\n    node2 = \"10.0.0.2\"\n  ]\n}\n"))
	changed, _ := f.RemovePeer("node1")
	fmt.Println(changed)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true
	// msgc_server {
	//   peers = [
	//     node2 = "10.0.0.2"
	//   ]
	// }
}

func ExampleFile_CommentedNodes() {
	f, _ := ecconf.Parse("msg_gen.conf", []byte(msgGen))
	for _, n := range f.Nodes() {
		fmt.Println("active", n.Name, n.MTAID)
	}
	for _, n := range f.CommentedNodes() {
		fmt.Println("commented", n.Name, n.MTAID, n.Pos)
	}
	// Output:
	// active node1.int.example.com 1
	// commented node9.int.example.com 9 msg_gen.conf:8:5
}

func ExampleParse_error() {
	_, err := ecconf.Parse("msg_gen.conf", []byte("msg_gen {\n  quorum =\n}\n"))
	fmt.Println(err)
	// Output:
	// msg_gen.conf:3:1: found "}" (expected a value after "=")
}

func ExampleScope_Find() {
	f, _ := ecconf.Parse("msg_gen.conf", []byte(msgGen))
	for _, s := range f.Find("MSG_GEN", "node") {
		fmt.Println(s.Instance, s.Option("votes").Value.Text, s.Pos)
	}
	// Output:
	// node1.int.example.com 1 msg_gen.conf:7:3
}
