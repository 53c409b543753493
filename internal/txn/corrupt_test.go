package txn

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A corrupt journal keeps momoconf's temporary files, and must: a commit
// cut short mid-way leaves staged files that hold the only copy of the
// new contents (the journal keeps only their hashes). Here the journal of
// such a commit is damaged; Recover refuses it and touches nothing, the
// staged files included. Once the journal is repaired (its saved bytes put
// back), Recover finishes the commit from those very files: had the
// corrupt journal's recovery removed them, the change would be lost half
// done.
func TestCorruptJournalKeepsStagedFilesForRepair(t *testing.T) {
	fx, tx, lock := prepared(t)
	ff := newFaultFS()
	renames := 0
	ff.before = func(i int, op, name string) {
		if op == "rename" && !strings.Contains(name, journalName) {
			if renames++; renames == 2 {
				ff.crashAt = i + 1 // die right after the second rename
			}
		}
	}
	require.Error(t, commitWith(context.Background(), ff, lock, fx.journal, txid))
	require.Equal(t, "mixed", stateOf(t, tx))
	require.True(t, journalSays(t, fx, stateCommitting))
	staged := stagedFiles(t, fx.root)
	require.NotEmpty(t, staged, "the commit left staged files")

	saved, err := os.ReadFile(journalPath(fx.journal))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(journalPath(fx.journal), saved[:len(saved)/2], 0o600))
	before := snapshot(t, fx.root)
	_, err = Recover(context.Background(), lock, fx.journal)
	require.ErrorIs(t, err, ErrCorruptJournal)
	assert.Equal(t, before, snapshot(t, fx.root), "nothing touched, staged files kept")
	assert.Equal(t, staged, stagedFiles(t, fx.root))

	require.NoError(t, os.WriteFile(journalPath(fx.journal), saved, 0o600))
	rec, err := Recover(context.Background(), lock, fx.journal)
	require.NoError(t, err)
	assert.True(t, rec.Forward)
	assert.Equal(t, "new", stateOf(t, tx))
	assertNoLeftovers(t, fx.root, tx)
}

// stagedFiles lists momoconf's temporary files below root.
func stagedFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".momoconf-tmp") {
			out = append(out, p)
		}
		return err
	}))
	return out
}
