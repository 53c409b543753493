package txn

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// benchTree makes hosts×10 small files and returns a Tx rewriting them
// all, plus the same Tx going back.
func benchTree(b testing.TB, hosts int) (forth, back *Tx) {
	b.Helper()
	root := b.TempDir()
	forth, back = &Tx{JournalDir: root}, &Tx{JournalDir: root}
	for h := range hosts {
		dir := filepath.Join(root, fmt.Sprintf("host%03d", h))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for i := range 10 {
			p := filepath.Join(dir, fmt.Sprintf("file%d.conf", i))
			oldC := []byte(fmt.Sprintf("# host %d file %d\nserver a;\n", h, i))
			newC := append(oldC, "server c;\n"...)
			if err := os.WriteFile(p, oldC, 0o644); err != nil {
				b.Fatal(err)
			}
			forth.Files = append(forth.Files, File{Path: p, Old: oldC, New: newC})
			back.Files = append(back.Files, File{Path: p, Old: newC, New: oldC})
		}
	}
	return forth, back
}

func benchApply(b *testing.B, hosts int, journal bool) {
	forth, back := benchTree(b, hosts)
	forth.noJournal, back.noJournal = !journal, !journal
	lock, err := Acquire(context.Background(), forth.LockDirs(), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer lock.Release()
	b.ResetTimer()
	for i := range b.N {
		tx := forth
		if i%2 == 1 {
			tx = back
		}
		if err := tx.Apply(context.Background(), lock); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApply is a full Apply: preflight, journal, temporary files,
// checks, renames, folder syncs.
func BenchmarkApply(b *testing.B) {
	for _, hosts := range []int{5, 250} {
		b.Run(fmt.Sprintf("files=%d", hosts*10), func(b *testing.B) { benchApply(b, hosts, true) })
	}
}

// BenchmarkApplyNoJournal is the same Apply without the journal, to
// measure what the journal costs.
func BenchmarkApplyNoJournal(b *testing.B) {
	for _, hosts := range []int{5, 250} {
		b.Run(fmt.Sprintf("files=%d", hosts*10), func(b *testing.B) { benchApply(b, hosts, false) })
	}
}

// BenchmarkBaseline does the least a safe rewrite must: write a
// temporary file, sync it, rename it, sync each folder once.
func BenchmarkBaseline(b *testing.B) {
	for _, hosts := range []int{5, 250} {
		b.Run(fmt.Sprintf("files=%d", hosts*10), func(b *testing.B) {
			forth, back := benchTree(b, hosts)
			b.ResetTimer()
			for i := range b.N {
				tx := forth
				if i%2 == 1 {
					tx = back
				}
				if err := baseline(tx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func baseline(tx *Tx) error {
	dirs := map[string]bool{}
	for _, f := range tx.Files {
		tmp := tempPath(f.Path)
		w, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := w.Write(f.New); err != nil {
			return err
		}
		if err := w.Sync(); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp, f.Path); err != nil {
			return err
		}
		dirs[filepath.Dir(f.Path)] = true
	}
	for d := range dirs {
		if err := (osFS{}).SyncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkJournalOverhead runs Apply with the journal, Apply without it
// and the bare baseline in turn in one loop, so that drift in the disk's
// speed hits all three alike, and reports the journal's cost
// (overhead-%: with against without) and the whole Apply's cost against
// the baseline (vs-baseline-%).
func BenchmarkJournalOverhead(b *testing.B) {
	for _, hosts := range []int{5, 250} {
		b.Run(fmt.Sprintf("files=%d", hosts*10), func(b *testing.B) {
			forth, back := benchTree(b, hosts)
			lock, err := Acquire(context.Background(), forth.LockDirs(), 0)
			if err != nil {
				b.Fatal(err)
			}
			defer lock.Release()
			var spent [3]time.Duration // journal, no journal, baseline
			b.ResetTimer()
			for i := range b.N {
				mode, tx := (i/2)%3, forth
				if i%2 == 1 {
					tx = back
				}
				start := time.Now()
				if err := runMode(tx, lock, mode); err != nil {
					b.Fatal(err)
				}
				spent[mode] += time.Since(start)
			}
			if spent[1] > 0 && spent[2] > 0 {
				pct := func(a, b time.Duration) float64 { return 100 * (float64(a) - float64(b)) / float64(b) }
				b.ReportMetric(pct(spent[0], spent[1]), "overhead-%")
				b.ReportMetric(pct(spent[0], spent[2]), "vs-baseline-%")
			}
		})
	}
}

func runMode(tx *Tx, lock *Lock, mode int) error {
	if mode == 2 {
		return baseline(tx)
	}
	tx.noJournal = mode == 1
	return tx.Apply(context.Background(), lock)
}

// The disk's speed is dominated by syncs, and it drifts too much here for
// timings to show a few percent; the number of syncs does not drift. The
// journal must cost a fixed five (journal file, its folder after the
// rename, the new commit record, the state folder after the record's
// rename, the journal's folder after its removal) whatever the size of
// the change, plus one the first time, when the state folder is created
// (its parent is synced).
func TestJournalCostsFiveSyncs(t *testing.T) {
	for _, hosts := range []int{5, 25} {
		forth, back := benchTree(t, hosts)
		lock, err := Acquire(context.Background(), forth.LockDirs(), 0)
		require.NoError(t, err)
		syncs := func(tx *Tx, journal bool) int {
			ff := newFaultFS()
			tx.fs, tx.noJournal = ff, !journal
			require.NoError(t, tx.Apply(context.Background(), lock))
			n := 0
			for _, op := range ff.log {
				if strings.HasPrefix(op, "sync ") || strings.HasPrefix(op, "syncdir ") {
					n++
				}
			}
			return n
		}
		first, without, with := syncs(forth, true), syncs(back, false), syncs(forth, true)
		assert.Equal(t, hosts*10+hosts, without, "one sync per file, one per folder")
		assert.Equal(t, without+5+1, first, "the first change creates the state folder")
		assert.Equal(t, without+5, with)
		t.Logf("%d files: %d syncs with the journal, %d without (+%.1f %%)", hosts*10, with, without, 100*float64(with-without)/float64(without))
		lock.Release()
	}
}
