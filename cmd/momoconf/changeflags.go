package main

import (
	"flag"
	"strings"

	"github.com/momoconf/momoconf/filekind"
)

// hostList is a flag of comma-separated host names; given twice, the
// lists add up.
type hostList []string

func (l *hostList) String() string { return strings.Join(*l, ",") }

func (l *hostList) Set(s string) error {
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			*l = append(*l, w)
		}
	}
	return nil
}

// kindList is a flag of comma-separated file kinds, as --kind names them.
type kindList []filekind.Kind

func (l *kindList) String() string {
	var names []string
	for _, k := range *l {
		names = append(names, k.String())
	}
	return strings.Join(names, ",")
}

func (l *kindList) Set(s string) error {
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w == "" {
			continue
		}
		k, err := filekind.Parse(w)
		if err != nil {
			return err
		}
		*l = append(*l, k)
	}
	return nil
}

// changeFlags shape add-node's and remove-node's change: the seeds to
// set and the kinds of file to leave alone.
type changeFlags struct {
	seeds hostList
	leave kindList
}

func (f *changeFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.seeds, "seeds", "make every cassandra.yaml's seeds these hosts (comma-separated members, the new node allowed), in the file's own style")
	fs.Var(&f.leave, "leave", "leave files of these kinds untouched (comma-separated, as --kind names them; click_proxy_upstream where engagement tracking runs on separate hosts)")
}
