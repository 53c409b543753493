// Package source is the plumbing the format packages share for working on
// raw configuration bytes: positions that print as name:line:col, a
// positioned error type, line helpers (start, end, indent, line ending) and
// byte splices.
//
// Every format package keeps the file's bytes as the truth and edits them by
// splicing; this package holds the pieces of that which do not depend on the
// format.
package source
