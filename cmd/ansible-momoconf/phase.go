package main

import (
	"context"
	"fmt"
	"time"

	"github.com/momoconf/momoconf"
)

// prepare stages the plan under the transaction a.TxID: every new content
// beside its target and a journal marked prepared, nothing replaced. The
// tree's lock, held since the plan was made, is released when the module
// exits; the prepared change outlives it.
func prepare(r *result, a *args, p *momoconf.Plan, opts momoconf.ApplyOptions) *result {
	if err := p.Prepare(context.Background(), a.TxID, opts); err != nil {
		r.Changed = false
		return r.fail(err)
	}
	r.Prepared = true
	return r
}

// commit puts the change prepared under a.TxID in place. A tree where
// nothing is prepared under it (nothing to change there, or committed
// already) is left as it is, unchanged.
func commit(a *args) *result {
	r := &result{TxID: a.TxID}
	waiting, err := isPrepared(a)
	if err != nil {
		return r.fail(err)
	}
	if !waiting {
		r.Msg = fmt.Sprintf("transaction %s: nothing prepared in %s (nothing to change there, or committed already)", a.TxID, a.Root)
		return r
	}
	if err := momoconf.CommitPrepared(context.Background(), a.Root, momoconf.Options{Wait: lockWait}, a.TxID); err != nil {
		return r.fail(err)
	}
	r.Changed = true
	r.Msg = fmt.Sprintf("transaction %s committed in %s", a.TxID, a.Root)
	return r
}

// abort drops the change prepared under a.TxID, if any.
func abort(a *args) *result {
	r := &result{TxID: a.TxID}
	waiting, err := isPrepared(a)
	if err != nil {
		return r.fail(err)
	}
	if a.CheckMode {
		r.Changed = waiting
		r.Msg = fmt.Sprintf("transaction %s would be aborted in %s (check mode)", a.TxID, a.Root)
		return r
	}
	if err := momoconf.AbortPrepared(context.Background(), a.Root, momoconf.Options{Wait: lockWait}, a.TxID); err != nil {
		return r.fail(err)
	}
	r.Changed = waiting
	r.Msg = fmt.Sprintf("transaction %s: nothing prepared in %s", a.TxID, a.Root)
	if waiting {
		r.Msg = fmt.Sprintf("transaction %s aborted in %s: its staged files are gone, nothing was replaced", a.TxID, a.Root)
	}
	return r
}

// isPrepared reports whether a change under a.TxID waits in a.Root.
func isPrepared(a *args) (bool, error) {
	c, err := momoconf.Open(context.Background(), a.Root, momoconf.Options{Wait: lockWait, NewNode: true})
	if err != nil {
		return false, err
	}
	defer c.Close()
	for _, p := range c.Prepared() {
		if p.ID == a.TxID {
			return true, nil
		}
	}
	return false, nil
}

// pendingOf lists the prepared changes waiting in c.
func pendingOf(c *momoconf.Cluster) []pending {
	out := []pending{}
	for _, p := range c.Prepared() {
		out = append(out, pending{TxID: p.ID, Time: p.Time.UTC().Format(time.RFC3339), Description: p.Description})
	}
	return out
}
