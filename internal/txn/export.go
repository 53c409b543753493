package txn

// JournalPath returns the path of the journal a change whose JournalDir
// is dir writes while it is under way, so that a caller can tell whether
// an unfinished change waits there for [Recover] before locking it.
func JournalPath(dir string) string { return journalPath(dir) }

// SetTestHookAfterRename installs f to run after the n-th rename (from 1)
// of every Apply of this process, or removes the hook when f is nil. It
// exists for tests that pause a child process mid-apply (to kill it or
// signal it); nothing else calls it.
func SetTestHookAfterRename(f func(n int)) { testHookAfterRename = f }

// SetTestHookAtCommit installs f to run right after the commit point of
// every Apply of this process (the commit record is in place, the journal
// not yet removed), with the journal's folder, or removes the hook when f
// is nil. It exists for tests that make a step after the commit point
// fail; nothing else calls it.
func SetTestHookAtCommit(f func(journalDir string)) { testHookAtCommit = f }

// SkipJournalForBenchmark makes tx apply without a journal, and so without
// a way back after kill -9 or a power loss. It exists only so that a
// benchmark can measure what the journal costs; nothing else calls it.
func SkipJournalForBenchmark(tx *Tx) { tx.noJournal = true }
