// Package history keeps a record of each committed change to a cluster,
// so that the change can be undone: which files it rewrote (with the hash
// of their old and new content, and each distinct old content once),
// which files and folders it created, and which it removed.
//
// Records live in <folder>/.momoconf/history/, one file per change named
// ID.json, where folder is the folder the change locked (the cluster
// folder or the host tree) and ID the change's sequence number. A record
// is written by the change's own transaction, as one more created file,
// so that it lands if and only if the change does.
//
// # How far back a history reaches
//
// A folder keeps only its newest records: [Prune] removes the older ones.
// Before it removes any, it writes (temporary file, sync, rename, sync of
// the folder) the file "pruned" beside the records, naming the newest
// record it removes and its change's time, and it removes nothing when it
// cannot. [Reach] reads that time: a change made after it is either in the
// history or was never made there; one made at or before it may have had
// its record removed. The zero time means nothing was ever pruned. A
// fleet's undo relies on this to tell "this host never made the change"
// from "this host forgot it".
//
// A record, or the pruned marker, is data from an untrusted place: [Read],
// [List] and [Reach] refuse one that is a link, not a regular file, owned
// by another account than the effective user or root, or writable by
// group or others, and one whose folders are links or writable by others;
// [Parse] accepts only relative, clean paths with no "..", and hashes that
// match the content kept; [ParsePruned] only an id and a time.
package history
