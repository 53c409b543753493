package momoconf_test

import (
	"fmt"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/filekind"
)

// CheckKind reads a file as momoconf reads a file of that kind, and points
// at the first fault.
func ExampleCheckKind() {
	src := []byte("msg_gen {\n  node node1.example.com { mta_id = 1 }\n")
	fmt.Println(momoconf.CheckKind("msg_gen.conf", src, filekind.MsgGen))
	fmt.Println(momoconf.CheckKind("click_proxy_upstream.conf", []byte("upstream click_proxy {\n  server a:2081;\n}\n"), filekind.ClickProxy))
	// Output:
	// msg_gen.conf:3:1: found end of file (expected an option or scope name, or "}" closing the scope opened at 1:9)
	// <nil>
}
