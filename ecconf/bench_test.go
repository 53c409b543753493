package ecconf

import (
	"bytes"
	"fmt"
	"testing"
)

// realistic is a msg_gen.conf as the installer and the runbook leave it.
var realistic = []byte(`httpsrv { }
HTTP_Listener {
  Listen ":2081" {}
}
substitution_engine {}
scriptlet "scriptlet" {
  script "rest_templates" { source = "msys.rest.templates" }
  script "rest_users" { source = "msys.rest.users" }
  script "rest_transmissions" { source = "msys.rest.transmissions" }
  script "open_track" { source = "msys.track.open" }
  script "click_tracker" { source = "msys.track.click" }
}
cassandra_client {
  uri = (
    # all of the servers running cassandra in the following format
    # "name=cassandra_db;host=Fully.Qualified.Domain.Name;port=9160"
    "name=cassandra_db;host=node1.int.example.com;port=9160"
    "name=cassandra_db;host=node2.int.example.com;port=9160"
    "name=cassandra_db;host=node3.int.example.com;port=9160"
  )
}
engagement_tracker {}
msg_gen {
  engagement_tracking_host = "__EXTERNAL_DNS_HOSTNAME__:81"
  # set the following to false if only using a single MTA
  cluster_cfg = true
  # Repeat the following structure for as many hosts in C* cluster
  # The mta_id must be a unique integer < 255
  node node1.int.example.com { mta_id = 1  votes = 1 }
  node node2.int.example.com { mta_id = 2  votes = 1 }
  node node3.int.example.com { mta_id = 3  votes = 1 }
}
`)

// generated returns a configuration of at least size bytes: many domain,
// binding and listener scopes with lists, hashes and comments, then the
// realistic msg_gen.conf.
func generated(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "# domain %d\nDomain \"d%d.example.com\" {\n  max_outbound_connections = %d # per host\n", i, i, i%50)
		fmt.Fprintf(&b, "  Relay_Hosts = ( 127.0.0.0/8 10.%d.0.0/16, \"192.168.%d.0/24\" )\n", i%256, i%256)
		fmt.Fprintf(&b, "  /* tuned */ logs = [ mainlog = \"/var/log/ecelerity/%d.ec\" paniclog = \"/tmp/p%d\" ]\n", i, i)
		fmt.Fprintf(&b, "  binding b%d { Listen \":%d\" { Enable = true } }\n}\n", i, 1000+i%60000)
	}
	b.Write(realistic)
	return b.Bytes()
}

var benchSizes = []struct {
	name string
	src  []byte
}{
	{"realistic", realistic},
	{"1MB", generated(1 << 20)},
	{"4MB", generated(maxSize - 8<<10)}, // the largest Parse reads
}

func BenchmarkParse(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			b.SetBytes(int64(len(bs.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bench.conf", bs.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddRemoveNode adds a node stanza and removes it again; each edit
// re-parses the file, so an iteration costs two parses and two splices.
func BenchmarkAddRemoveNode(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			f, err := Parse("bench.conf", bs.src)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(bs.src)))
			b.ReportAllocs()
			for b.Loop() {
				if ok, err := f.AddNode("node4.int.example.com", 4, 1); !ok || err != nil {
					b.Fatal(ok, err)
				}
				if ok, err := f.RemoveNode("node4.int.example.com"); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkAddRemoveCassandraHost is the same for a uri list element.
func BenchmarkAddRemoveCassandraHost(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			f, err := Parse("bench.conf", bs.src)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(bs.src)))
			b.ReportAllocs()
			for b.Loop() {
				if ok, err := f.AddCassandraHost("node4.int.example.com"); !ok || err != nil {
					b.Fatal(ok, err)
				}
				if ok, err := f.RemoveCassandraHost("node4.int.example.com"); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}
