package momoconf_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/internal/golden"
)

// copyOf copies the example host tree node1 to a temporary folder, to
// change it.
func copyOf(tree string) (string, func()) {
	tmp, err := os.MkdirTemp("", "momoconf-example-")
	if err != nil {
		log.Fatal(err)
	}
	dir := filepath.Join(tmp, "tree")
	if err := golden.CopyTree(tree, dir); err != nil {
		log.Fatal(err)
	}
	return dir, func() { os.RemoveAll(tmp) }
}

// Add node4 to a host tree, then list the tree's history: each committed
// change is recorded, newest first, with the files it wrote.
func ExampleCluster_History() {
	dir, cleanup := copyOf("testdata/cluster/node1")
	defer cleanup()
	ctx := context.Background()
	c, err := momoconf.Open(ctx, dir, momoconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 5}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	at := func() time.Time { return time.Date(2026, 12, 4, 16, 22, 33, 0, time.UTC) }
	if err := p.Apply(ctx, momoconf.ApplyOptions{Now: at}); err != nil {
		log.Fatal(err)
	}
	hist, err := c.History()
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range hist {
		fmt.Println(r.ID, r.Time.Format(time.RFC3339), r.Command)
		for _, f := range r.Files {
			fmt.Println(" ", f.Change, f.Path)
		}
	}
	// Output:
	// 1 2026-12-04T16:22:33Z add-node node4.int.example.com
	//   edited opt/msys/ecelerity/etc/conf/default/msg_gen.conf
	//   edited opt/msys/ecelerity/etc/conf/global/msgc_server.conf
	//   edited opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf
}

// Undo the latest change of a host tree: the plan puts every file back as
// it was, and is applied (and recorded) like any other.
func ExampleCluster_Undo() {
	dir, cleanup := copyOf("testdata/cluster/node1")
	defer cleanup()
	ctx := context.Background()
	c, err := momoconf.Open(ctx, dir, momoconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 5}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Apply(ctx, momoconf.ApplyOptions{}); err != nil {
		log.Fatal(err)
	}
	undo, err := c.Undo("") // the latest change
	if err != nil {
		log.Fatal(err) // errors.Is(err, codes.UndoRefused): a file changed since, or a later change
	}
	fmt.Print(undo.Summary())
	if err := undo.Apply(ctx, momoconf.ApplyOptions{}); err != nil {
		log.Fatal(err)
	}
	same, _ := golden.ReadTree(dir)
	orig, _ := golden.ReadTree("testdata/cluster/node1")
	fmt.Println("as before:", len(golden.TreeDiff(orig, same)) == 0)
	// Output:
	// opt/msys/ecelerity/etc/conf/default/msg_gen.conf: put back as before change 1
	// opt/msys/ecelerity/etc/conf/global/msgc_server.conf: put back as before change 1
	// opt/msys/3rdParty/nginx/conf.d/click_proxy_upstream.conf: put back as before change 1
	// as before: true
}
