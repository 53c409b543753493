// Package nginxcheck checks nginx configuration files with the real
// program, `nginx -t`, before they are written.
//
// The files are usually conf.d fragments (an upstream block alone), which
// are not a whole configuration, so [Check] writes them to a temporary
// folder and includes them, together and in the given order, in the http
// block of a minimal wrapper nginx.conf whose pid file, error log and
// temporary paths all lie in that folder: the check runs as any user and
// touches nothing outside it. The folder is always removed.
//
// # Host names
//
// nginx resolves the host of every upstream server line when it loads the
// configuration, and fails ("host not found in upstream") when a name does
// not resolve, as on an isolated build machine or a host whose resolver
// does not yet know a new node. A check that fails for that reason would
// say nothing about the files, so the copy given to nginx names 127.0.0.1
// instead of every server host that is not an IP address; the line count
// is kept, so nginx's line numbers are the real file's. What is checked is
// therefore the syntax and the directives (names, arguments, contexts,
// duplicate upstreams), not that the names resolve.
//
// # Errors
//
// nginx's message "... in /tmp/x/f1-click_proxy_upstream.conf:3" is mapped
// back to the real file name and line as an [*Error], which carries a
// [srcpos.Position]; its column is that of the first non-blank byte of the
// line, as nginx reports lines only.
//
// When nginx is not installed ([Available] is false), Check returns
// [ErrUnavailable]: callers report that validation was skipped.
package nginxcheck
