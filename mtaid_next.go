package momoconf

import "github.com/momoconf/momoconf/filekind"

// NextMTAID returns the mta_id an addition of node would use, without
// planning the addition: the id the msg_gen.conf files already give the
// node (matched by host name or address), else node.MTAID when it is free,
// else one more than the highest id in use, moving past ids that
// commented-out stanzas still show. The msg_gen.conf files must agree on
// every other node's id; a disagreement, a taken node.MTAID or a changed
// one is an error wrapping [codes.MTAIDTaken] or naming the files. With no
// msg_gen.conf it returns node.MTAID (0 when none is given). node.IP may
// be empty: the node is then matched by host name alone.
func (c *Cluster) NextMTAID(node Node) (int, error) {
	id, _, err := chooseMTAID(c.docs(filekind.MsgGen, false), node)
	return id, err
}
