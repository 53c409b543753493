// Package hostfs reads files below a folder fast, and keeps one copy of
// each distinct content read.
//
// It knows nothing of what the files mean. Its rules:
//
//   - A [Root] reads a file below its folder in one system call to open
//     it (openat2 with RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS): it never
//     follows a link and never leaves the folder. A link on the way,
//     something other than a regular file, or a kernel without openat2
//     gives [ErrSlowPath], and the caller looks the careful way
//     ([Reader.Locate], which follows links, then [Reader.ReadFile]).
//   - A missing file gives an error wrapping [fs.ErrNotExist], on either
//     path.
//   - The path a read reports is the file itself, every link resolved:
//     the file a writer replaces so that a link stays a link.
//   - Every content read is interned: files with the same bytes share one
//     copy and one [Key], compared byte for byte (a hash collision only
//     makes a new key). The bytes returned are shared and read only.
//   - Reads go through reused buffers; only the first copy of a content
//     is kept.
//
// A [Reader] is safe for concurrent use; a [Root] may be read from by
// several goroutines until it is closed.
package hostfs
