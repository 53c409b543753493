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
//	if err != nil { ... }           // errors.Is(err, txn.ErrLocked): another process
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
//     [Tx.LockDirs]; the journal's folder is not writable by others
//     without the sticky bit ([ErrUntrusted]); no journal is pending
//     ([ErrPending]) or prepared ([ErrPrepared]); each file to rewrite is
//     a regular file ([ErrNotRegular]) with one link ([ErrHardLinked]) and
//     a write bit ([ErrReadOnly]) that holds exactly File.Old
//     ([ErrChanged]); each file or folder to create is missing; the commit
//     record (below) is read.
//  2. The journal, a file named .momoconf-journal in Tx.JournalDir, is
//     written beside (temporary file, sync, rename, folder sync). It holds
//     the run's identity, the old content of every rewritten file, hashes
//     of old and new content, the created files and folders, and a
//     checksum of itself.
//  3. Folders are created with their mode and owner set explicitly (the
//     umask does not matter); first the state folder, .momoconf, when it
//     is missing (see below).
//  4. Each new content, and the next commit record, is written to a
//     hidden temporary file beside its target ("."+name+".momoconf-tmp")
//     carrying the target's owner, mode (setuid, setgid and sticky bits
//     included) and extended attributes (security.selinux, the POSIX ACLs
//     system.posix_acl_access and system.posix_acl_default, and user.*),
//     and synced.
//  5. Just before each rename, the target is read again: a hand edit made
//     meanwhile stops the change ([ErrChanged]) rather than being lost.
//     Then the temporary file is renamed over the target.
//  6. Every folder touched is synced.
//  7. The commit point: the new commit record is renamed into place, and
//     its folder synced. Then an old .momoconf-commit is removed, the
//     journal is removed and its folder synced. A failure after the
//     commit point is a [*CommittedError] ("committed; syncing the folder
//     failed: ..."): the change stands and is never rolled back.
//
// SIGINT, SIGTERM and SIGHUP are caught during Apply and stop it at the
// next step before the commit point ([ErrInterrupted]); a signal the
// process ignores (SIGHUP under nohup) stays ignored. [IgnoreSIGPIPE] is
// offered to CLIs.
//
// # Failure
//
// Any failure, signal or cancelled context before the commit point rolls
// back what was done: old content back (through a synced temporary file
// and a rename), created files removed while they hold what Apply wrote,
// created folders removed while empty, temporary files and the journal
// removed. A created folder that someone else has put entries in
// meanwhile (or replaced) is kept and named in [RolledBackError.Kept],
// the rule [Recover] follows too. The error is a [*RolledBackError] whose
// message names the file
// and the step that failed (and, when nothing had reached the disk, as on
// a read-only file system, says only that nothing was changed). If the
// rollback itself fails, the error is a [*RollbackError] listing the files
// still changed and the journal that keeps their old content; the journal
// stays for [Recover].
//
// # Trust
//
// Everything read back from disk is data from an untrusted place: anyone
// who can write the folder could have put it there.
//
//   - A journal or commit record is read through [OpenTrusted]: not through
//     a symbolic link, and only if it is a regular file owned by the
//     effective user or root, not writable by group or others, in a folder
//     others may not write to unless it has the sticky bit. Otherwise the
//     error matches [ErrUntrusted], names the file and its owner, and
//     nothing is done.
//   - The commit record lives in the state folder .momoconf, which is
//     opened without following a symbolic link and trusted only if it is
//     a folder owned by the effective user or root and not writable by
//     group or others; otherwise the error matches [ErrUntrusted] and
//     names it, and nothing is done.
//   - Its paths are relative: to the journal's own folder, recorded by
//     device and inode (a journal copied into another folder is refused),
//     or to another folder the change touched, recorded by path, device and
//     inode (a folder put in its place is refused). Each path is resolved
//     below its folder with openat2(2) RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS
//     (or one component at a time with O_NOFOLLOW where openat2 is
//     missing): no "..", no absolute path, no escape through a link. The
//     folder reached is held open and its entries are named through
//     /proc/self/fd, so nothing swapped in afterwards redirects a write.
//     A file reached otherwise is left alone ([ErrConflict]).
//   - Messages name the paths actually touched, never a name the journal
//     offers.
//
// An apply, a prepare and their rollback work the same way, since whoever
// may write a folder of the change (the owner of one host tree) can
// rename its entries while the change runs. Each folder whose entries the
// change touches is opened once, below the journal's folder (or, outside
// it, below the highest folder above it that the lock holds, checked by
// device and inode), following no symbolic link, and held open; its
// entries are named through /proc/self/fd. A folder swapped for a link
// after that is not followed; one swapped before is refused
// ([ErrChanged] when the link leads into the locked folders,
// [ErrNotLocked] when it leads out of them). A temporary file gets its
// owner, mode and extended attributes through its descriptor, never by
// name, and is checked to be still the file written just before it is
// renamed into place ([ErrChanged] otherwise): this narrows, but cannot
// close, the moment in which the owner of the folder could swap the name,
// and what a swap could then put in place lies in that owner's own folder.
// Files are read without following a symbolic link.
//
// # Run identity and the commit record
//
// Each change has a random id, a time, and the hash of each file's new
// content; it also carries a sequence number and the id of the change
// before it. The commit record, .momoconf/commit below the journal's
// folder ("momoconf-commit 1 seq=N id=ID [txid=T]"), names the last change
// committed in the folder. It is rewritten inside every change, staged
// like the other files, and renamed into place last, after every other
// file is in place and synced: that rename is the commit point, and the
// record is the part of the committed state that can disprove a journal.
// [Recover] acts on a journal only when the record shows its change as
// the next one (sequence N-1, the journal's previous id). When the record
// names the journal's own change, that change committed (the run stopped
// between the commit point and the journal's removal, or the journal was
// saved and put back): only the journal is removed, no file is touched.
// Any other journal, above all an old one put back after a later change
// committed, is refused ([ErrUntrusted]) and nothing is touched. Within a
// journal that is acted upon, recovery changes only files whose current
// content hashes to exactly what that run wrote.
//
// Why a record and not the targets alone: after a change commits, every
// target holds its new content, exactly as when a run dies after its last
// rename but before it commits; no state of the targets tells the two
// apart. The record is written by the commit itself, so it can. Power
// cuts keep this sound: the targets' folders are synced before the record
// is renamed, and the record's folder is synced before the journal is
// removed; if the record's rename is lost, so was the commit (the journal
// rolls back a change that was never reported done); if the journal's
// removal is lost, the record shows the change committed.
// Removing the record makes the folder look new: then only a journal
// numbered 1 is acted upon.
//
// # The state folder
//
// momoconf's state in a folder is one hidden folder, .momoconf (the commit
// record; the history of changes lives there too), plus the journal,
// .momoconf-journal, while a change is under way. The journal stays
// beside, not inside: it must reach the disk before anything else, the
// state folder included, so that a crash right after the folder is made
// is rolled back like any other step. A change creates the state folder
// as the first of its folders (mode 0700, owned by the effective user,
// whatever a caller asked for it), so a rollback or [Recover] removes it
// again while empty, and its parent is synced before the commit point.
// Recovery reports neither it nor the record among the files and folders
// of the change.
//
// Earlier versions kept the record at .momoconf-commit beside the
// journal. Such a record is read, under the same trust rules, when
// .momoconf/commit is missing; the next change that commits (by Apply,
// [CommitPrepared] or a recovery finishing one) writes .momoconf/commit
// and, after its commit point, removes .momoconf-commit.
//
// # Recovery
//
// After kill -9 or a power cut the journal remains. [Recover] reads it
// under the rules above (a torn or damaged journal is reported as
// [ErrCorruptJournal], and nothing is done: not even momoconf's temporary
// files are removed, see below) and, for a change that was
// applying, rolls it back: a file holding its new content gets its old
// one, a file holding its old content is left, a created file holding its
// new content is removed, a created folder is removed once empty. A file
// holding neither is left alone and reported ([ErrConflict]); the journal
// is then kept. A created folder that holds other entries now is kept and
// reported ([Recovery.Kept]). A change that was committing is finished
// forward instead (see below); a prepared one is left alone and reported.
// Recover is idempotent. With no journal it writes nothing, so read-only
// runs work on a read-only file system.
//
// A corrupt journal keeps its temporary files ("."+name+".momoconf-tmp"),
// by design. Only the journal says where they are (a change may touch
// folders outside the journal's, and nothing else proves a file of that
// name is momoconf's), and whether they are leftovers of a change being
// applied, which could go, or the staged new contents of a prepared or
// committing change, which must not: the journal keeps only the hashes of
// new contents, so a staged file is their only copy, and a commit cut
// short half way can be finished from them once the journal is repaired
// or put back. The journal is written through a synced temporary file and
// a rename, so it is corrupt only through damage or a hand edit, which
// wants a person's look anyway. Only the journal's own temporary file
// (.momoconf-journal.tmp, never acted upon) is removed.
//
// # Two-phase commit
//
// [Tx.Prepare] does the steps of Apply up to the renames: journal in state
// "prepared" (with a transaction id, time and description), folders,
// staged temporary files, synced; then the lock may be released and the
// process may exit. Meanwhile every other change in the folder is refused
// ([ErrPrepared]). [CommitPrepared] checks that every target still holds
// the content it held at prepare time and every staged file is intact
// (else [ErrChanged], nothing done), marks the journal "committing", and
// renames. From "committing" on, the decision is commit: a crash is
// finished forward by the next [Recover], which renames each staged file
// still waiting over a target that still holds its old content, the
// commit record last. [AbortPrepared] removes the staged files, created
// folders and journal, and touches no target. All of it is read under
// the same trust rules.
//
// # Locking and waiting
//
// A held lock is reported as a [*LockedError] that names the holder's pid
// and command from /proc/locks and /proc/PID/comm, and calls it another
// momoconf run only when it is one. One wait covers every folder of a
// lock; a folder removed while the run waited (a recovery rolling back a
// new tree) is skipped rather than failing the run.
//
// Nothing is ever left in $TMPDIR or beside the targets once Apply or
// Recover has returned without a [*RollbackError], a conflict or a
// corrupt journal, except the state folder .momoconf and its commit
// record.
package txn
