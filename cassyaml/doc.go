// Package cassyaml edits a Cassandra cassandra.yaml the way a careful
// operator would: only the bytes that must change do.
//
// [Parse] reads the file with yaml.v3 (go.yaml.in/yaml/v3) to find the
// nodes, by line and column, and keeps the file's bytes; the verbs splice
// those bytes and leave every comment, blank line, indentation and line
// ending alone. [File.Bytes] returns the input byte for byte when nothing
// changed.
//
// # Settings
//
// [File.Get], [File.Set] and [File.SetOrAdd] work on top-level scalars such
// as listen_address, rpc_address, broadcast_address, listen_interface and
// cluster_name. A set value keeps its quoting and its trailing comment. A key
// present only as a commented-out example ("# broadcast_address: 1.2.3.4") is
// added on the line after that example.
//
// # Seeds
//
// [File.Seeds], [File.AddSeed] and [File.RemoveSeed] work on the
// comma-separated string in seed_provider[0].parameters[0].seeds, whether the
// block is indented as upstream Cassandra writes it or flattened as
// Momentum's installer writes it ("- class_name:" at column 0).
//
// # Checks
//
// Every edit is verified before it is kept: the new document must equal the
// old one except for the value set (or the key added). A new value of a
// block mapping, on the line of its key and replacing a non-empty value
// (plain by plain, or anything by a quoted one), is verified by parsing
// that line alone, which is enough: such an edit cannot change how any
// other line reads (the reasons are given in local.go). Every other edit is
// verified by parsing the whole file again. An edit that would mean more
// (in a layout this package does not handle, such as a block scalar or a
// value with an anchor) is refused with an error and the file stays as it
// was.
//
// # Bytes
//
// Parse does not modify its src and keeps a copy of its own, so the caller
// may reuse src; [File.Bytes] returns a fresh copy, which the caller may
// modify.
//
// # Limits
//
// Parse refuses, with an [*Error] at the place, a file larger than 4 MiB
// (at the byte past the limit) and nesting deeper than 64 levels (at the
// bracket, dash or line that goes deeper). Levels are counted by a cheap
// pass over the bytes before any YAML parser sees them: each open "[" or
// "{", each "- " or "? " with more on its line, and each line indented
// deeper than the one before. A real cassandra.yaml is under 100 KB, and
// those of the shared corpus count six levels at most. Within the limits,
// Parse's time and memory grow linearly with its input: yaml.v3 allocates
// up to some 85 bytes per byte (on flow collections; 35 on block
// mappings, 6 on long scalars), and the parser that places a syntax error
// (below) reads 16 KB of content at most. Measured by TestHostileInput on
// 256 KB and 1 MB of each pathological shape; "go test -bench Hostile
// ./cassyaml" gives the figures. Without the depth limit, nested "[" cost
// memory quadratic in their number: 16 KB allocated 430 MB, and 40 KB
// 2.5 GB.
//
// # Errors
//
// Every error this package returns is an [*Error] reading
// "name:line:col: what was found (expected what)"; [srcpos.Find] gives its
// place. A YAML syntax error is placed at the fault: yaml.v3 reports only
// a line, often that of the enclosing mapping, so a file it refuses is
// parsed again by goccy/go-yaml's parser, only to place the fault by line
// and column (see syntax.go). When yaml.v3 stops inside a quoted scalar
// that spans lines, or on the line where it closes, the fault is placed at
// its opening quote and the message says where it runs on to: a quote
// left open ends at the next quote of its kind, often an apostrophe in a
// comment far below. A verb that finds no key to edit wraps
// [ErrNoKey]. An argument a verb refuses (a value with a line break, a host
// with a comma) is placed where it would have been written: at the top
// mapping, or at the seeds value.
package cassyaml
