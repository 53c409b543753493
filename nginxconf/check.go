package nginxconf

// checkUpstreams refuses upstream blocks that nginx would refuse and that an
// edit could make worse: a block without exactly one name, and server lines
// that are blocks, lack an address, or carry a word that is not a
// parameter (most often the next directive, swallowed by a missing ";") or
// a parameter whose value nginx refuses.
func checkUpstreams(t *text, ups []*node) error {
	for _, up := range ups {
		if err := checkUpstream(t, up); err != nil {
			return err
		}
	}
	return nil
}

func checkUpstream(t *text, up *node) error {
	if len(up.words) != 2 {
		return t.errorf(up.term, `found %d names after "upstream" (expected one)`, len(up.words)-1)
	}
	for _, n := range up.children {
		if err := checkServer(t, n); err != nil {
			return err
		}
	}
	return nil
}

func checkServer(t *text, n *node) error {
	if !n.isNamed(t.src, "server") {
		return nil
	}
	if n.block {
		return t.errorf(n.term, `found "{" after server in an upstream (expected ";")`)
	}
	if len(n.words) < 2 {
		return t.errorf(n.term, `found ";" right after server (expected an address)`)
	}
	for _, w := range n.words[2:] {
		known, valueOK, want := checkParam(wordBytes(t.src, w))
		switch {
		case !known:
			return t.errorf(w.start, `found %q among the parameters of server %s (expected ";" before it, or a parameter such as weight=5 or backup)`,
				wordValue(t.src, w), wordValue(t.src, n.words[1]))
		case !valueOK:
			return t.errorf(w.start, "found %q as a parameter of server %s (expected %s)", wordValue(t.src, w), wordValue(t.src, n.words[1]), want)
		}
	}
	return nil
}
