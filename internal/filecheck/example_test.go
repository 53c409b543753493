package filecheck_test

import (
	"fmt"

	"github.com/momoconf/momoconf/internal/filecheck"
)

// CheckFormat parses a file with its format's parser and points at the
// first fault.
func ExampleCheckFormat() {
	src := []byte("msg_gen {\n  node node1.example.com { mta_id = 1 }\n")
	fmt.Println(filecheck.CheckFormat("msg_gen.conf", src, filecheck.FormatEcelerity))
	fmt.Println(filecheck.CheckFormat("good.json", []byte(`{"hosts": ["a"]}`), filecheck.FormatJSON))
	// Output:
	// msg_gen.conf:3:1: found end of file (expected an option or scope name, or "}" closing the scope opened at 1:9)
	// <nil>
}

// FormatOf tells a file's kind and format from its name.
func ExampleFormatOf() {
	for _, path := range []string{
		"/opt/msys/3rdParty/nginx/conf.d/api_users_upstream.conf",
		"/opt/msys/ecelerity/etc/conf/default/ecelerity.conf",
		"/srv/config/default.json",
	} {
		k, f := filecheck.FormatOf(path)
		fmt.Println(k, f, k.IsNginx())
	}
	// Output:
	// api_users_upstream nginx true
	// unknown ecelerity false
	// unknown json false
}
