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
// Every edit is parsed again before it is kept: the new document must equal
// the old one except for the value set (or the key added). An edit that
// would mean more than that (in a layout this package does not handle, such
// as a block scalar or a value with an anchor) is refused with an error and
// the file stays as it was.
//
// # Errors
//
// Errors about the file are [*Error] values reading
// "name:line:col: what was found (expected what)". yaml.v3 reports syntax
// errors by line only, so their column is that of the line's first
// character that is not a space, and the line is the one where yaml.v3
// noticed the problem (sometimes a line away from the cause). Errors about
// the arguments (a value with a line break, a host with a comma) are plain
// errors naming the file.
package cassyaml
