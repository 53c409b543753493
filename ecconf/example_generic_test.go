package ecconf_test

import (
	"fmt"

	"github.com/momoconf/momoconf/ecconf"
)

// Example_genericEdits edits two settings no runbook verb knows, with the
// generic verbs: SetScalar on a scalar and AppendElement on a list. A view
// is a snapshot, so the second edit looks its option up again. The
// comment, the alignment and the layout of the list stay as they were.
func Example_genericEdits() {
	src := `ESMTP_Listener {
  Listen ":25" {
    Concurrency = 100   # per listener
    Relay_Hosts = ( "127.0.0.1" "10.77.0.0/24" )
  }
}
`
	f, err := ecconf.Parse("ecelerity.conf", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	listen := func() *ecconf.Scope { return f.Find("esmtp_listener", "listen")[0] }

	changed, err := f.SetScalar(listen().Option("concurrency"), "250")
	fmt.Println(changed, err)
	changed, err = f.AppendElement(listen().Option("relay_hosts"), ecconf.Quote("10.78.0.0/24"))
	fmt.Println(changed, err)
	changed, err = f.SetScalar(listen().Option("concurrency"), "250")
	fmt.Println(changed, err)
	fmt.Print(string(f.Bytes()))
	// Output:
	// true <nil>
	// true <nil>
	// false <nil>
	// ESMTP_Listener {
	//   Listen ":25" {
	//     Concurrency = 250   # per listener
	//     Relay_Hosts = ( "127.0.0.1" "10.77.0.0/24" "10.78.0.0/24" )
	//   }
	// }
}
