package momoconf

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/momoconf/momoconf/internal/history"
	"github.com/momoconf/momoconf/internal/txn"
)

// A PreparedChange is a change staged by [Plan.Prepare] and waiting, in
// its folder, for [CommitPrepared] or [AbortPrepared].
type PreparedChange struct {
	ID          string    `json:"id"`          // the transaction id given to Prepare
	Time        time.Time `json:"time"`        // when it was prepared
	Description string    `json:"description"` // the operation and the node, "add-node node4 10.77.0.97"
	Journal     string    `json:"journal"`     // its journal, which marks the folder as prepared
}

// Prepared lists the prepared changes [Open] found waiting in the folders
// it locked (the cluster folder, the host tree, the folder above a host
// tree). Reading works meanwhile (status, a dry run, a query); writing is
// refused with [codes.Prepared] until each is committed or aborted.
func (c *Cluster) Prepared() []PreparedChange {
	if c == nil {
		return nil
	}
	var out []PreparedChange
	for _, r := range c.recovered {
		if p := r.Prepared; p != nil {
			out = append(out, PreparedChange{ID: p.TxID, Time: p.Time, Description: p.Description, Journal: p.Journal})
		}
	}
	return out
}

// refusePrepared refuses a write while a change other than txid ("" for
// none) is prepared.
func (c *Cluster) refusePrepared(txid string) error {
	for _, p := range c.Prepared() {
		if p.ID != txid {
			return &txn.PreparedError{TxID: p.ID, Time: p.Time, Description: p.Description, Journal: p.Journal}
		}
	}
	return nil
}

// Prepare is the first phase of a two-phase commit: under the locks of
// the plan's cluster (or, once it is closed, locks it takes as
// [Plan.Apply] does), it checks every file as Apply does, then writes
// every new content to a temporary file beside its target and a journal in state "prepared" carrying id, the time and a
// description of the change (the operation and the node); it replaces
// nothing. The process may exit afterwards: no lock is held between the
// phases, and the prepared change stays bound to the files' contents, so
// [CommitPrepared] refuses it if a file changed meanwhile. Until it is
// committed or aborted, every other momoconf write in the folder is
// refused ([codes.Prepared]); reading still works, and [Cluster.Prepared]
// reports it.
//
// The change's history record (see [Cluster.History]), carrying id as its
// TxID, is staged with the files as one more created file: the commit
// lands it with the change, an abort removes it with the change.
//
// Prepare is idempotent: preparing the same change under the same id
// again does nothing, even at another time (the history record staged
// first is kept; only its name takes part in the comparison), while a
// different change under the same id is refused ([codes.Prepared]). id is 1
// to 128 letters, digits, '.', '_' or '-'. A plan that changes nothing
// prepares nothing. Files and folders the change removes (an undo of a
// change that created them) stay until the commit.
//
// opts.History < 0 leaves the change out of the history; the records
// beyond the limit are removed by [CommitPrepared], after the commit, as
// Apply removes them.
func (p *Plan) Prepare(ctx context.Context, id string, opts ApplyOptions) error {
	tx, backups, at, err := p.begin(opts)
	if err != nil {
		return err
	}
	if len(tx.Files) == 0 {
		return nil
	}
	if err := p.cluster.refusePrepared(id); err != nil {
		return err
	}
	lock, release, err := p.lockFor(ctx, tx, opts.Wait, id)
	if err != nil {
		return err
	}
	defer release()
	if err := p.recordHistory(ctx, tx, lock, opts, at, id); err != nil {
		return err
	}
	if err := tx.Prepare(ctx, lock, id, p.describe()); err != nil {
		return applyError(err)
	}
	p.Backups = backups
	return nil
}

// describe says what the plan does: the operation and the node.
func (p *Plan) describe() string {
	parts := []string{p.Op, p.Node.Host}
	if p.Node.IP != "" {
		parts = append(parts, p.Node.IP)
	}
	if p.Node.MTAID != 0 {
		parts = append(parts, fmt.Sprintf("mta_id %d", p.Node.MTAID))
	}
	return strings.Join(parts, " ")
}

// CommitPrepared is the second phase of a two-phase commit: it locks dir
// (a cluster folder with opts.Cluster, else a host tree), finds the change
// prepared there under id, checks that every file still holds what it
// held at prepare time (else it refuses, naming the files, and the error
// matches [codes.PlanStale]), marks the journal "committing", renames each
// staged file over its target, syncs, and removes the journal. Once
// marked committing, the change only goes forward: if the run is cut
// short (kill -9, a power cut), the next momoconf run on the folder
// ([Open]) finishes it.
//
// Then the history records beyond opts.History (default 20) are removed,
// oldest first, as after [Plan.Apply].
//
// With no change prepared under id, when the folder's commit record shows
// the change under id committed, CommitPrepared succeeds and does nothing
// (so a commit may be retried); else the error matches [codes.NotPrepared].
func CommitPrepared(ctx context.Context, dir string, opts Options, id string) error {
	base, lock, err := lockPrepared(ctx, dir, opts)
	if err != nil {
		return err
	}
	defer lock.Release()
	err = txn.CommitPrepared(ctx, lock, base, id)
	var ce *txn.CommittedError
	if errors.As(err, &ce) {
		return nil // committed; the journal left is removed by the next run
	}
	if err != nil {
		return applyError(err)
	}
	pruneAfterCommit(base, opts)
	return nil
}

// pruneAfterCommit removes the history records of base beyond
// opts.History, oldest first, as [Plan.Apply] does after its commit. A
// failure leaves records beyond the limit, which do no harm: the commit
// stands either way. When it comes from a record or marker that cannot be
// read or trusted, every later pruning fails the same way until an
// operator removes it; Apply says so in a warning, a commit here cannot.
func pruneAfterCommit(base string, opts Options) {
	if keep := historyLimit(opts.History); keep > 0 {
		_, _ = history.Prune(base, keep)
	}
}

// AbortPrepared removes the change prepared under id in dir (a cluster
// folder with opts.Cluster, else a host tree): its staged files, the
// folders it created, and its journal; no target is touched. It does
// nothing when nothing is prepared under id. A change whose commit began
// cannot be aborted.
func AbortPrepared(ctx context.Context, dir string, opts Options, id string) error {
	base, lock, err := lockPrepared(ctx, dir, opts)
	if err != nil {
		return err
	}
	defer lock.Release()
	return rootError(txn.AbortPrepared(ctx, lock, base, id))
}

// lockPrepared locks the folders a run on dir locks, without recovering:
// the prepared journal is the one to work on.
func lockPrepared(ctx context.Context, dir string, opts Options) (string, *txn.Lock, error) {
	base, err := folder(dir)
	if err != nil {
		return "", nil, err
	}
	lock, err := acquire(ctx, lockSet(base, opts), opts.Wait)
	if err != nil {
		return "", nil, err
	}
	return base, lock, nil
}
