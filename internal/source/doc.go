// Package source is the plumbing the format packages share for working on
// raw configuration bytes: positions that print as name:line:col, a
// positioned error type, line helpers (start, end, indent, line ending) and
// byte splices.
//
// Every format package keeps the file's bytes as the truth and edits them by
// splicing; this package holds the pieces of that which do not depend on the
// format.
//
// # The contract of a format package
//
// The four format packages (ecconf, nginxconf, jsonconf, cassyaml) follow
// one set of rules, so that a caller learns them once:
//
//   - Errors. Each package exports its own Error type, a struct
//     {Pos srcpos.Position; Msg string; Err error} with Error, Position and
//     Unwrap methods, so errors.As tells the formats apart and srcpos.Find
//     finds the place of any of them. Its underlying type is that of
//     [Error], so the package builds it with [Errorf] and a conversion:
//     (*pkg.Error)(source.Errorf(...)). Every error a caller can get is one.
//     Messages read "name:line:col: what was found (expected what)", lower
//     case.
//   - Sentinels. A failure a caller may act on is a sentinel named
//     ErrNo<Thing> (ErrNoUpstream, ErrNoScope, ErrNoOption, ErrNoPath,
//     ErrNoKey) whose text is "<package>: <thing> not found"; it is wrapped
//     as the Err of the positioned *Error, never returned bare, and does
//     not repeat itself in Msg.
//   - Bytes. Parse(name, src) does not modify src and keeps a copy of its
//     own, so the caller may reuse src; File.Bytes returns a fresh copy,
//     which the caller may modify.
//   - Verbs report (changed bool, err error): adding what is there or
//     removing what is not changes nothing and is no error.
package source
