// Package filecheck is what momoconf check needs beyond the library: the
// four formats the files are written in, each parsed by its own package,
// and the format a file's name tells. Whether a member-listing file reads
// as momoconf reads it is the library's [momoconf.CheckKind].
package filecheck

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/nginxconf"
)

// Format is the syntax a file is written in, as momoconf check names it.
type Format string

// The formats of the files momoconf reads.
const (
	FormatEcelerity Format = "ecelerity" // the ecelerity configuration: msg_gen.conf, msgc_server.conf
	FormatNginx     Format = "nginx"     // nginx configuration: the upstream files
	FormatJSON      Format = "json"      // strict JSON: the applications' production.json
	FormatYAML      Format = "yaml"      // YAML: cassandra.yaml
)

// Formats returns every format, in the order momoconf reports them.
func Formats() []Format { return []Format{FormatEcelerity, FormatNginx, FormatJSON, FormatYAML} }

// FormatOfKind returns the format files of kind k are written in, or ""
// for KindUnknown.
func FormatOfKind(k filekind.Kind) Format { return Format(k.Format()) }

// ParseFormat returns the format named s: ecelerity, nginx, json or yaml.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == strings.ToLower(s) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (expected one of ecelerity, nginx, json, yaml)", s)
}

// CheckFormat parses src, the content of the file name, with the parser of
// format f and returns its first fault, an error that points at the place
// ("name:line:col: message", see srcpos.Find), or nil when the file
// parses.
func CheckFormat(name string, src []byte, f Format) error {
	var err error
	switch f {
	case FormatEcelerity:
		_, err = ecconf.Parse(name, src)
	case FormatNginx:
		_, err = nginxconf.Parse(name, src)
	case FormatJSON:
		_, err = jsonconf.Parse(name, src)
	case FormatYAML:
		_, err = cassyaml.Parse(name, src)
	default:
		return fmt.Errorf("%s: unknown format %q", name, f)
	}
	return err
}

// IsFormatError reports whether err is, or wraps, the error of one of the
// four formats' packages ([*ecconf.Error], [*nginxconf.Error],
// [*jsonconf.Error], [*cassyaml.Error]): content its parser or a verb
// refused, at a place. A refusal of the library that merely points at a
// place (an mta_id taken, peers that disagree) is not one.
func IsFormatError(err error) bool {
	var ec *ecconf.Error
	var ng *nginxconf.Error
	var js *jsonconf.Error
	var ym *cassyaml.Error
	return errors.As(err, &ec) || errors.As(err, &ng) || errors.As(err, &js) || errors.As(err, &ym)
}

// FormatOf tells a file's kind and format from its name: a member-listing
// file by its product path or name (see [momoconf.KindOf]), else a .json file as
// JSON, a .yaml or .yml file as YAML, and a .conf file below a folder
// named nginx (or a conf.d) as nginx, below one named ecelerity as
// ecelerity configuration. It returns "" when the name does not tell.
func FormatOf(path string) (filekind.Kind, Format) {
	if k := filekind.Of(path); k != filekind.Unknown {
		return k, FormatOfKind(k)
	}
	slash := "/" + filepath.ToSlash(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return filekind.Unknown, FormatJSON
	case ".yaml", ".yml":
		return filekind.Unknown, FormatYAML
	case ".conf":
		switch {
		case strings.Contains(slash, "/nginx/") || strings.Contains(slash, "/conf.d/"):
			return filekind.Unknown, FormatNginx
		case strings.Contains(slash, "/ecelerity/"):
			return filekind.Unknown, FormatEcelerity
		}
	}
	return filekind.Unknown, ""
}
