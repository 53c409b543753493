package momoconf_test

import (
	"context"
	"fmt"
	"log"

	"github.com/momoconf/momoconf"
)

// Apply writes a plan all or nothing, under the lock Open took; planning
// the same change again afterwards finds every file already so.
func ExamplePlan_Apply() {
	dir, cleanup := copyOf("testdata/cluster/node1")
	defer cleanup()
	ctx := context.Background()
	c, err := momoconf.Open(ctx, dir, momoconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	node := momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97", MTAID: 5}
	p, err := c.AddNode(node, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Apply(ctx, momoconf.ApplyOptions{Backup: true}); err != nil {
		log.Fatal(err) // errors.Is(err, codes.RolledBack): nothing was changed
	}
	fmt.Println("backups:", len(p.Backups))
	c.Close()

	again, err := momoconf.Open(ctx, dir, momoconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer again.Close()
	p, err = again.AddNode(node, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("changes left:", p.Changed())
	// Output:
	// backups: 3
	// changes left: false
}
