//go:build !fleet2pc

package main

import (
	"errors"

	"github.com/momoconf/momoconf"
)

// errNo2PC: this build has no two-phase commit (the library's Prepare,
// CommitPrepared and AbortPrepared); build with -tags fleet2pc once it has.
var errNo2PC = errors.New("this build of the module has no two-phase commit (phase=prepare, commit, abort): the library lacks Plan.Prepare; nothing written")

func prepare(r *result, _ *args, _ *momoconf.Plan, _ momoconf.ApplyOptions) *result {
	r.Changed = false
	return r.fail(errNo2PC)
}

func commit(a *args) *result { return (&result{TxID: a.TxID}).fail(errNo2PC) }

func abort(a *args) *result { return (&result{TxID: a.TxID}).fail(errNo2PC) }

func pendingOf(*momoconf.Cluster) []pending { return []pending{} }
