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
// A record is data from an untrusted place: [Read] and [List] refuse one
// that is a link, not a regular file, owned by another account than the
// effective user or root, or writable by group or others, and one whose
// folders are links or writable by others; [Parse] accepts only relative,
// clean paths with no "..", and hashes that match the content kept.
package history
