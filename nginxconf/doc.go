// Package nginxconf reads nginx configuration files without losing a byte
// and edits the server lines of their upstream blocks the way a careful
// operator would.
//
// [Parse] reads the whole nginx syntax: directives ending in ";", blocks
// (http, server, location ~* "re", if (...), map, upstream, ...), single-
// and double-quoted words with escapes, $var and ${var}, "#" comments
// anywhere a word could start, directives split over several lines, bytes
// that are not UTF-8, and *_by_lua_block bodies, kept as raw Lua text. Its
// tokenizer follows nginx's own, so an unbalanced brace or a missing ";" is
// reported on the line nginx reports it. One leniency: like crossplane, it
// reads a word glued to a closing quote ("a"-b) as two words.
//
// # Bytes are the truth
//
// A [File] keeps the bytes it was parsed from, and byte spans for every
// directive. With no edit, [File.Bytes] returns the input exactly: comments,
// blank lines, tabs, CRLF, trailing spaces and a missing final newline
// included. An edit splices new bytes into the old ones and changes only the
// lines it must. It splices the directive tree too: the upstream block it
// changed is parsed again alone and put in place of the old one, and the
// offsets after it move, so an edit costs a copy of the bytes and a walk of
// the tree, not a parse of the whole file; the result is the tree Parse
// gives for the new bytes, which the golden, corpus and fuzz tests check
// after every edit. Views handed out afterwards describe the new content;
// views made before keep describing the old one.
//
// # Upstreams
//
// [File.Upstreams] and [File.Upstream] find upstream blocks at any depth.
// An [Upstream] lists its active [Server] lines (a "#server" comment is not
// one) and its other directives ([Upstream.Options]): least_conn, keepalive,
// hash, zone. Parse refuses an upstream server line that carries a word
// that is no parameter, which is what a missing ";" looks like there, or
// a misspelt one: the parameters are nginx's own, case-sensitively
// (weight=, max_fails=, fail_timeout=, max_conns=, backup, down, and those
// of nginx Plus and newer nginx: resolve, drain, service=, route=,
// slow_start=). Where nginx checks a value, Parse does too: weight is a
// whole number of at least 1, max_fails and max_conns whole numbers,
// fail_timeout a time in seconds (30, 30s, 1m30s, 1h); the flags take no
// value. A value may be one template variable ($NAME or ${NAME}). The
// error points at the parameter.
//
// # Blocks
//
// Parse refuses, at its ";" (the line nginx names), a directive that takes
// a block given without one: http, events, stream, mail, location,
// upstream, if, map, geo, types, limit_except, split_clients, charset_map,
// the *_by_lua_block directives, and server inside http, stream or mail.
// A server line at the top of a file is not refused, as the file may be
// included inside an upstream.
//
// [File.AddServer] adds a server line after the last active one, cloned
// from it: indentation, spacing, quoting, parameters and line ending.
// [File.RemoveServer] removes matching lines whole. Both are idempotent and
// report whether they changed anything; hosts match ASCII
// case-insensitively, IP addresses as addresses.
//
// # Errors
//
// Every error is an [*Error], this package's own type, whose message reads
// "name:line:col: what was found (expected what)" and whose Pos is a
// [srcpos.Position]. An edit naming an upstream the file lacks wraps
// [ErrNoUpstream]. Parse never panics.
//
// # Limits
//
// Parse reads files of up to [MaxSize] bytes (16 MiB) and blocks nested
// up to [MaxDepth] (256) deep; beyond them it refuses the input with an
// *Error at the first byte past the size limit or at the "{" that opens
// one block too many. Within them its time and memory grow linearly with
// the input, whatever its shape: deep nesting, tiny blocks, one long line,
// huge quoted strings, comments, Lua bodies (TestHostileInputLinear and
// BenchmarkHostile check it, 256 KB against 1 MB). Memory is at most about
// 90 bytes for each byte of input, reached by a file of nothing but "a;".
//
// # Speed
//
// Parse reads 60-110 MB/s on a generated 1 MB http {} file and 45-100 MB/s
// on the corpus' 1.3 MB large-config.conf (2 shared cores, under load),
// 6 to 9 times crossplane's speed on the same bytes; it is to stay at least
// 4 times as fast. A whole edit, Parse then AddServer then Bytes, runs at
// 4.6 to 5.5 times the speed of crossplane's Parse alone on generated 1 MB
// and 10 MB files (5.3 to 6.6 times in CPU time), timed in the same loop;
// it is to stay at least 3 times as fast. The comparison is a module of
// its own, nginxconf/internal/crossbench, so the main module does not
// depend on crossplane.
//
// # Bytes
//
// Parse does not modify its src and keeps a copy of its own, so the caller
// may reuse src; [File.Bytes] returns a fresh copy, which the caller may
// modify.
package nginxconf
