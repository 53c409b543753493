package momoconf_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/internal/golden"
)

// Two-phase commit: prepare the addition of node4 (nothing is replaced;
// the process could exit here), see that the folder is prepared, then
// commit it from a fresh start.
func ExamplePlan_Prepare() {
	tmp, _ := os.MkdirTemp("", "momoconf-example")
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "cluster")
	if err := golden.CopyTree("testdata/cluster", dir); err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	opts := momoconf.Options{Cluster: true}
	c, err := momoconf.Open(ctx, dir, opts)
	if err != nil {
		log.Fatal(err)
	}
	p, err := c.AddNode(momoconf.Node{Host: "node4.int.example.com", IP: "10.77.0.97"}, momoconf.AddOptions{})
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Prepare(ctx, "play-1", momoconf.ApplyOptions{}); err != nil {
		log.Fatal(err)
	}
	c.Close()

	c, _ = momoconf.Open(ctx, dir, opts)
	for _, pc := range c.Prepared() {
		fmt.Println("prepared:", pc.ID, pc.Description)
	}
	p, _ = c.RemoveNode(momoconf.Node{Host: "node3.int.example.com"}, momoconf.RemoveOptions{})
	fmt.Println("another write:", errors.Is(p.Apply(ctx, momoconf.ApplyOptions{}), codes.Prepared))
	c.Close()

	fmt.Println("commit:", momoconf.CommitPrepared(ctx, dir, opts, "play-1"))
	fmt.Println("again:", momoconf.CommitPrepared(ctx, dir, opts, "play-1"))

	// The commit landed the change's history record, with its transaction.
	c, _ = momoconf.Open(ctx, dir, opts)
	defer c.Close()
	recs, _ := c.History()
	for _, r := range recs {
		fmt.Printf("history: change %s, transaction %s, %d files\n", r.ID, r.TxID, len(r.Files))
	}
	// Output:
	// prepared: play-1 add-node node4.int.example.com 10.77.0.97 mta_id 5
	// another write: true
	// commit: <nil>
	// again: <nil>
	// history: change 1, transaction play-1, 12 files
}
