// Package ecconf parses and edits ecelerity configuration files
// (ecelerity.conf, msg_gen.conf, msgc_server.conf, ...) without losing a
// byte: comments, blank lines, tabs, CRLF, trailing spaces, a missing final
// newline and bytes that are not UTF-8 all stay as they were.
//
// [Parse] reads a file; [File.Bytes] returns it, unchanged until an edit.
// Each edit splices new text into the bytes next to the entry it follows,
// copying that entry's layout (indent, spacing, quoting, line ending), and
// parses the result again, so a [File] is always valid.
//
// # The language
//
// "#" and "/* */" comments; options "name = value", several to a line if
// wanted; scopes "Name { }" and named scopes "Name instance { }" or
// "Name "instance" { }", nested to any depth, with the brace possibly on
// the next line; values that are bare words (dots, slashes, colons and so
// on allowed), double- or single-quoted strings with backslash escapes,
// lists "( a "b" c )" (whitespace or commas between elements), and hashes
// "[ key = value ... ]"; include and readonly_include directives, which
// are never followed. Option and scope names compare without regard to
// ASCII case; instance names and values keep theirs.
//
// # The typed view
//
// [File.Root] returns the top level as a [Scope]; [Scope.Find] follows a
// path of scope names ("msg_gen", "node"), [Scope.Option] finds an option,
// and a [Value] is a scalar, a list or a hash. Every element has a
// Position (name:line:col). Views are snapshots: after an edit, look them
// up again (edits refuse a stale view).
//
// # Edits
//
// Generic: [File.AppendElement], [File.RemoveElement], [File.AddEntry],
// [File.RemoveEntry], [File.AddScope], [File.RemoveScope],
// [File.SetScalar]. Like the runbook verbs they report whether they
// changed the file (SetScalar to the value written does not). New text
// goes right after the last active entry, so commented-out entries below
// it stay below; a removed entry takes its whole line(s) with it when
// nothing else shares them.
//
// The runbook verbs, built on them: [File.AddCassandraHost] and
// [File.RemoveCassandraHost] (msg_gen.conf, cassandra_client uri),
// [File.AddNode] and [File.RemoveNode] (msg_gen node stanzas),
// [File.AddPeer] and [File.RemovePeer] (msgc_server.conf peers). They
// report whether they changed anything: adding what is there, or removing
// what is not, is a no-op.
//
// # Public API
//
// The generic verbs and the typed view they take ([File.Root],
// [File.Find], the [Scope] and [Option] accessors) are public API, as
// much as the runbook verbs: they let a Go program edit any ecelerity
// setting byte-exactly, not only the member lists this module's verbs
// know (see Example_genericEdits), and they carry the same promises,
// documented on each, checked by table and golden tests and by
// FuzzGenericEdit (each edit's output parses, and its inverse gives the
// input back byte for byte).
//
// The rule for what this package exports: a verb or view that keeps the
// package's promises on any input (bytes kept, one valid [File] after
// each edit, an [*Error] rather than a panic) and is documented and
// fuzzed as such is exported, whether or not momoconf itself calls it; a
// helper that holds only under a caller's care (spans, splices, the
// grammar) stays unexported.
//
// # Speed
//
// Parse is bound by participle. Measured with
// "go test -bench Parse ./ecconf" on 2 shared cores: the realistic
// msg_gen.conf (1.2 KB, 1k allocations) parses in 0.15 ms; generated
// files read about 6 MB/s of CPU time, 1 MB and 10 MB alike (wall clock
// 1-8 MB/s, as the machine's load allowed; measured before Parse refused
// files over 4 MiB, and the benchmark now reads 1 MB and 4 MB), allocating
// some 90 bytes per byte of input. Of that CPU time, participle takes about 80%: its
// lexer.Upgrade collecting every token into one growing slice (40-50%)
// and its reflective parse (35-45%); this package's lexer takes 11-15% and
// building the view 2-3%. That is the ceiling while participle parses the
// statements: a few MB/s, ample for configuration files of some KB, each
// parsed once per run.
//
// The one piece of speed work kept is the lexer handing participle "= value"
// as a single token (assign.go): without it Parse of 1 MB is 2.3 times
// slower and allocates 30% more, measured by making the lexer hand out
// single tokens only.
//
// # Limits
//
// Parse refuses, with an [*Error] at the place, a file larger than 4 MiB
// (at the byte past the limit) and nesting of scopes, lists and hashes
// deeper than 64 levels, counted together (at the bracket that opens the
// 65th). A real configuration is some KB and nests four or five levels.
// Within the limits Parse's time and memory grow linearly with its input,
// but participle's cost per token is high: measured by TestHostileInput on
// 256 KB and 1 MB of pathological shapes, up to 563 bytes allocated per
// byte (scopes "a {" nested to the limit over and over), 330 on one long
// list, 100-200 on options; "go test -bench Hostile ./ecconf" gives the
// figures. Without the depth limit, 64 KB of nested "(" allocated 75 MB
// and took 9 times as long as 16 KB.
//
// # Errors
//
// Syntax errors and impossible edits are an [*Error], this package's own
// type, reading "name:line:col: what was found (expected what)", with a
// [srcpos.Position]. A syntax error points at the first fault of the file,
// not at the furthest point the parser reached.
//
// The first fault is found by a second walk over the tokens (diagnose.go),
// run only when a parse fails, by the same grammar as the participle tags.
// It stays because participle's errors and the lexer alone place fewer
// faults right. Measured on the 51 faulty documentation examples of the
// shared corpus (ecelerity/bad, each named for the line of its fault):
// the walk places 51 at their line; participle's error, or the lexer's
// when lexing fails, 25. With the lexer cut at its error so participle
// reads the tokens before it, and two rules on the tokens at the fault
// (an "=" after "name arg" is the fault of the name, which lacks its "=";
// a statement that is a name alone, or a directive other than include,
// is at fault at the token after it), 48: the three still lost are
// strings left open inside nested scopes (ex-142, ex-278, ex-342), where
// participle, given the tokens up to the open string, reports the "{" of
// an enclosing scope lines before. That approach also places
// "a {\n  foo\n}\nc = [ x ]" at the hash on line 4, not at the bare
// "foo" before it, since the grammar lets a bare name stand, as ecelerity
// does. And the walk's messages name what was open ("closing the scope
// opened at 1:9") where participle says 'unexpected token "{" (expected
// "}")'. A verb that finds no scope
// or option to edit wraps [ErrNoScope] or [ErrNoOption]. Bad input is
// reported, never repaired, and never makes the package panic.
//
// # Bytes
//
// Parse does not modify its src and keeps a copy of its own, so the caller
// may reuse src; [File.Bytes] returns a fresh copy, which the caller may
// modify.
package ecconf
