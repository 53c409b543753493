package nginxconf_test

import (
	"fmt"

	"github.com/momoconf/momoconf/nginxconf"
)

const clickProxy = `upstream click_proxy {              # Platform nodes
     server node1.int.example.com:2081;
     server node2.int.example.com:2081;
     # server node9.int.example.com:2081;
     least_conn;
   }
`

func ExampleFile_AddServer() {
	f, err := nginxconf.Parse("click_proxy_upstream.conf", []byte(clickProxy))
	if err != nil {
		fmt.Println(err)
		return
	}
	changed, err := f.AddServer("click_proxy", "node3.int.example.com:2081")
	fmt.Println(changed, err)
	changed, err = f.AddServer("click_proxy", "NODE3.int.example.com:2081")
	fmt.Println(changed, err)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// false <nil>
	// upstream click_proxy {              # Platform nodes
	//      server node1.int.example.com:2081;
	//      server node2.int.example.com:2081;
	//      server node3.int.example.com:2081;
	//      # server node9.int.example.com:2081;
	//      least_conn;
	//    }
}

func ExampleFile_RemoveServer() {
	f, err := nginxconf.Parse("click_proxy_upstream.conf", []byte(clickProxy))
	if err != nil {
		fmt.Println(err)
		return
	}
	changed, err := f.RemoveServer("click_proxy", "node1.int.example.com")
	fmt.Println(changed, err)
	changed, err = f.RemoveServer("click_proxy", "node9.int.example.com")
	fmt.Println(changed, err)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// false <nil>
	// upstream click_proxy {              # Platform nodes
	//      server node2.int.example.com:2081;
	//      # server node9.int.example.com:2081;
	//      least_conn;
	//    }
}

func ExampleUpstream_Servers() {
	src := "http {\n    upstream momo-rest {\n        server node1.int.example.com:2081 max_fails=3;\n        server [::1]:2081 backup;\n        keepalive 16;\n    }\n}\n"
	f, err := nginxconf.Parse("momo_upstream.conf", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	u := f.Upstream("momo-rest")
	for _, s := range u.Servers() {
		fmt.Printf("%s host=%s port=%s params=%q at %s\n", s.Address, s.Host, s.Port, s.Params, s.Pos)
	}
	for _, d := range u.Options() {
		fmt.Println(d.Name, d.Args)
	}
	// Output:
	// node1.int.example.com:2081 host=node1.int.example.com port=2081 params=["max_fails=3"] at momo_upstream.conf:3:9
	// [::1]:2081 host=::1 port=2081 params=["backup"] at momo_upstream.conf:4:9
	// keepalive [16]
}

func ExampleParse_error() {
	src := "upstream click_proxy {\n     server node1.int.example.com:2081\n     server node2.int.example.com:2081;\n}\n"
	_, err := nginxconf.Parse("click_proxy_upstream.conf", []byte(src))
	fmt.Println(err)
	// Output:
	// click_proxy_upstream.conf:3:6: found "server" among the parameters of server node1.int.example.com:2081 (expected ";" before it, or a parameter such as weight=5 or backup)
}
