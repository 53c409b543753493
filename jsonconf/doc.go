// Package jsonconf edits arrays of strings in JSON configuration files, such
// as the cassandra.hosts list of a Node application's production.json, the
// way a careful operator would: only the lines the edit must touch change,
// and new lines copy their neighbours.
//
// [Parse] reads strict JSON (RFC 8259: no comments, no trailing commas, no
// single quotes, no NaN) and keeps the bytes; [File.Bytes] returns them
// unchanged until a verb edits the file. Paths are gjson paths
// ("cassandra.hosts", with a dot inside a key escaped as in "a\.b", which
// gjson.Escape writes; queries, modifiers and pipes are refused, as their
// results are computed); "" and "@this" name the top-level value. gjson
// finds the array and the verbs splice bytes into or out of the file. A
// path that passes through an object holding its key twice is refused:
// gjson would find the first, while Node and jq read the last.
//
// # Verbs
//
// [File.Strings] lists an array of strings, [File.AddString] appends one and
// [File.RemoveString] removes every element equal to a value. Values match
// ASCII case-insensitively, as host names do. Adding a value already listed,
// or removing one that is not, changes nothing and reports changed == false.
// A path that names nothing fails with an error wrapping [ErrNoPath]; a path
// that names anything but an array of strings fails with an [*Error] that
// says what was found there.
//
// # Layout
//
// An array written one element per line keeps that layout: a new element
// goes on a new line below the former last one, with its indentation and
// line ending (CRLF stays CRLF), and the former last element gains a comma;
// trailing spaces on that line stay where they were. Removing an element
// deletes its whole line, and removing the last element also deletes the
// comma that preceded it; a comma that stands alone on a line goes with
// that line. An array written on one line stays on one line,
// with the spacing of its separators. An empty array that sits on a line of
// its own takes the layout of the file's first other array that holds
// something: on one line when that one is, else (or when there is none)
// opened onto new lines indented one step deeper, the step being the
// file's own indentation unit (tabs, 2 or 4 spaces); an empty array inside
// a one-line value stays on one line. Removing every element leaves
// "[]", or "[ ]" for an array on one line that was padded inside.
//
// New strings are written with JSON escapes for quotes, backslashes and
// control characters; when the file escapes its non-ASCII characters (as
// jq -a writes them) and stores none raw, the new string escapes them too.
//
// # Bytes
//
// Parse does not modify its src and keeps a copy of its own, so the caller
// may reuse src; [File.Bytes] returns a fresh copy, which the caller may
// modify.
//
// # Limits
//
// Parse refuses, with an [*Error] at the place, a file larger than 64 MiB
// (at the byte past the limit) and nesting deeper than 10000 levels, the
// limit of encoding/json (at the bracket that goes deeper). Within them,
// Parse and the verbs' walk along a path cost time and memory linear in
// the file: measured by TestHostileInput on 256 KB and 1 MB of
// pathological shapes (nesting at the limit over and over, a million
// keys, a long string, a string never closed), Parse then Strings read
// 100-1000 MB/s and allocate at most 6 bytes per byte of input;
// "go test -bench Hostile ./jsonconf" gives the figures.
//
// # Errors
//
// Every error this package returns is an [*Error] reading
// "name:line:col: what was found (expected what)"; [srcpos.Find] gives its
// place. A refused argument (a value that is not UTF-8) is placed at the
// array it was meant for.
package jsonconf
