package momoconf

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/momoconf/momoconf/cassyaml"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/jsonconf"
	"github.com/momoconf/momoconf/nginxconf"
)

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

// CheckKind parses src, the content of the file name, as a file of kind k
// reads it: with its format's parser, then as momoconf reads its lists. It
// returns the first fault, positioned where the parser can tell, or nil.
func CheckKind(name string, src []byte, k Kind) error {
	s := specOf(k)
	if s == nil {
		return fmt.Errorf("%s: unknown file kind", name)
	}
	_, err := s.parse(name, src)
	return err
}

// FormatOf tells a file's kind and format from its name: a member-listing
// file by its product path or name (see [KindOf]), else a .json file as
// JSON, a .yaml or .yml file as YAML, and a .conf file below a folder
// named nginx (or a conf.d) as nginx, below one named ecelerity as
// ecelerity configuration. It returns "" when the name does not tell.
func FormatOf(path string) (Kind, Format) {
	if k := KindOf(path); k != KindUnknown {
		return k, k.Format()
	}
	slash := "/" + filepath.ToSlash(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return KindUnknown, FormatJSON
	case ".yaml", ".yml":
		return KindUnknown, FormatYAML
	case ".conf":
		switch {
		case strings.Contains(slash, "/nginx/") || strings.Contains(slash, "/conf.d/"):
			return KindUnknown, FormatNginx
		case strings.Contains(slash, "/ecelerity/"):
			return KindUnknown, FormatEcelerity
		}
	}
	return KindUnknown, ""
}
