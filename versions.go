package momoconf

import (
	"fmt"
	"strings"

	"github.com/momoconf/momoconf/filekind"
)

// KindVersions says how many files of one kind the counted trees (all
// but removed nodes') hold and how many distinct contents they have
// between them. Copies that should be identical but come in several
// versions have drifted, even where the lists they hold agree.
type KindVersions struct {
	Kind     filekind.Kind `json:"kind"`
	Files    int           `json:"files"`    // how many files of the kind
	Versions int           `json:"versions"` // distinct contents, byte for byte
}

// versions counts the distinct contents of each kind of file, in filekind.All()
// order, leaving out kinds no tree holds.
func (c *Cluster) versions() []KindVersions {
	var out []KindVersions
	for _, k := range filekind.All() {
		docs := c.docs(k, false)
		if len(docs) == 0 {
			continue
		}
		distinct := map[parseKey]bool{}
		for _, d := range docs {
			distinct[d.key] = true
		}
		out = append(out, KindVersions{Kind: k, Files: len(docs), Versions: len(distinct)})
	}
	return out
}

// versionsLine tells, in one line, which shared kinds of file come in
// more than one version; "" when every one is identical across its
// trees.
// cassandra.yaml is left out: each host's copy holds its own
// listen_address, so its copies differ by design.
func (s *Status) versionsLine() string {
	var parts []string
	for _, v := range s.Versions {
		if v.Versions > 1 && v.Kind != filekind.CassandraYAML {
			parts = append(parts, fmt.Sprintf("%s: %d versions in %d files", v.Kind, v.Versions, v.Files))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "distinct versions: " + strings.Join(parts, ", ") + "\n"
}
