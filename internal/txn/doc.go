// Package txn changes a set of files all or nothing: either every file
// gets its new content, or every file keeps its old one, whatever happens
// meanwhile (an I/O error, Ctrl-C, SIGTERM, kill -9, a power cut, another
// run, a hand edit). It knows nothing of what the files mean.
//
// # Use
//
// The caller describes the change as a [Tx] (files to rewrite or create,
// folders to create, and a folder for the journal), locks the folders it
// touches with [Acquire], recovers any change a previous run left
// unfinished with [Recover], then applies:
//
//	lock, err := txn.Acquire(ctx, tx.LockDirs(), 10*time.Second)
//	if err != nil { ... }           // errors.Is(err, txn.ErrLocked): another run
//	defer lock.Release()
//	if _, err := txn.Recover(ctx, lock, tx.JournalDir); err != nil { ... }
//	err = tx.Apply(ctx, lock)
//
// Old content should be read (and the change planned) while the lock is
// held, or Apply may find a file changed since it was read.
//
// # Locking
//
// [Acquire] takes flock(2) on the folders themselves, so two spellings of
// one folder (a symlink, "..", a bind mount, another TMPDIR) are one lock,
// no lock file is ever left behind, and the kernel drops the lock when the
// process dies. Folders are locked in device and inode order, so runs
// locking overlapping sets cannot deadlock. [Lock.Extend] adds folders.
//
// # Steps of Apply
//
//  1. Preflight, writing nothing: the lock holds every folder of
//     [Tx.LockDirs]; no journal is pending ([ErrPending]); each file to
//     rewrite is a regular file ([ErrNotRegular]) with one link
//     ([ErrHardLinked]) and a write bit ([ErrReadOnly]) that holds exactly
//     File.Old ([ErrChanged]); each file or folder to create is missing.
//  2. The journal, a file named .momoconf-journal in Tx.JournalDir, is
//     written beside (temporary file, sync, rename, folder sync). It holds
//     the old content of every rewritten file, hashes of old and new
//     content, the created files and folders, and a checksum of itself.
//  3. Folders are created with their mode and owner set explicitly (the
//     umask does not matter).
//  4. Each new content is written to a hidden temporary file beside its
//     target ("."+name+".momoconf-tmp") carrying the target's owner, mode
//     (setuid, setgid and sticky bits included) and extended attributes
//     (security.selinux and user.*), and synced.
//  5. Just before each rename, the target is read again: a hand edit made
//     meanwhile stops the change ([ErrChanged]) rather than being lost.
//     Then the temporary file is renamed over the target.
//  6. Every folder touched is synced once, and the journal removed (and its
//     folder synced): that removal is the commit.
//
// SIGINT, SIGTERM and SIGHUP are caught during Apply and stop it at the
// next step ([ErrInterrupted]); [IgnoreSIGPIPE] is offered to CLIs.
//
// # Failure
//
// Any failure, signal or cancelled context rolls back what was done: old
// content back (through a synced temporary file and a rename), created
// files removed while they hold what Apply wrote, created folders removed
// while empty, temporary files and the journal removed. The error is a
// [*RolledBackError] whose message names the file and the step that
// failed. If the rollback itself fails, the error is a [*RollbackError]
// listing the files still changed and the journal that keeps their old
// content; the journal stays for [Recover].
//
// # Recovery
//
// After kill -9 or a power cut the journal remains. [Recover] reads it
// (a torn or damaged journal is reported as [ErrCorruptJournal], and
// nothing is done) and rolls the change back: a file holding its new
// content gets its old one, a file holding its old content is left, a
// created file holding its new content is removed, a created folder is
// removed once empty. A file holding neither is left alone and reported
// ([ErrConflict]); the journal is then kept. Recover is idempotent.
//
// Nothing is ever left in $TMPDIR or beside the targets once Apply or
// Recover has returned without a [*RollbackError] or a conflict.
package txn
