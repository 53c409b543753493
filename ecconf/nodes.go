package ecconf

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// Node is a node stanza of msg_gen: node NAME { mta_id = N  votes = 1 }.
type Node struct {
	Name   string // the instance name, unquoted
	MTAID  int    // 0 if absent or not an integer
	Votes  int    // 0 if absent or not an integer
	Quoted bool   // the name is written as a quoted string
	Pos    srcpos.Position
}

// Nodes returns the active node stanzas of every msg_gen scope, in order.
func (f *File) Nodes() []Node {
	var out []Node
	for _, s := range f.Find("msg_gen", "node") {
		out = append(out, Node{
			Name: s.Instance, Quoted: s.Quoted, Pos: s.Pos,
			MTAID: intOption(s, "mta_id"), Votes: intOption(s, "votes"),
		})
	}
	return out
}

// intOption returns the integer value of s's option name, or 0.
func intOption(s *Scope, name string) int {
	n, _ := intValue(s.Option(name))
	return n
}

func intValue(o *Option) (int, bool) {
	if o == nil || o.Value.Kind != Scalar {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(o.Value.Text))
	return n, err == nil
}

// Quorum returns msg_gen's quorum option (the last one set), and whether it
// is set to an integer.
func (f *File) Quorum() (n int, ok bool) {
	scopes := f.Find("msg_gen")
	for i := len(scopes) - 1; i >= 0; i-- {
		if o := scopes[i].Option("quorum"); o != nil {
			return intValue(o)
		}
	}
	return 0, false
}

// AddNode adds the stanza node NAME { mta_id = N  votes = V } right after
// the last active node stanza, cloned from it (see AddScope: one-line or
// multi-line, bare or quoted name, spacing, indent, line endings). With no
// node stanza yet it goes after msg_gen's last statement, on one line. It
// does nothing and returns false when a node of that name (ASCII
// case-insensitive) exists, and fails when there is no msg_gen scope.
func (f *File) AddNode(name string, mtaID, votes int) (changed bool, err error) {
	scopes := f.Find("msg_gen")
	if len(scopes) == 0 {
		return false, f.missing("msg_gen", "", "msg_gen { ... }")
	}
	for _, n := range f.Nodes() {
		if source.EqualFoldASCII(n.Name, name) {
			return false, nil
		}
	}
	target := scopes[len(scopes)-1]
	for _, s := range scopes {
		if len(s.Scopes("node")) > 0 {
			target = s
		}
	}
	settings := []Setting{{"mta_id", strconv.Itoa(mtaID)}, {"votes", strconv.Itoa(votes)}}
	return f.AddScope(target, "node", name, settings...)
}

// RemoveNode removes every node stanza named name (ASCII case-insensitive)
// from msg_gen, whole: all its lines. It returns false, changing nothing,
// when there is none.
func (f *File) RemoveNode(name string) (changed bool, err error) {
	for {
		s := f.findNode(name)
		if s == nil {
			return changed, nil
		}
		if _, err := f.RemoveScope(s); err != nil {
			return changed, err
		}
		changed = true
	}
}

func (f *File) findNode(name string) *Scope {
	for _, s := range f.Find("msg_gen", "node") {
		if source.EqualFoldASCII(s.Instance, name) {
			return s
		}
	}
	return nil
}

var (
	commentedNodeRE = regexp.MustCompile(`(?i)\bnode\s+("[^"\n]*"|[^\s{}"#=]+)\s*\{([^{}]*)\}?`)
	mtaIDRE         = regexp.MustCompile(`(?i)\bmta_id\s*=\s*"?(\d+)`)
	votesRE         = regexp.MustCompile(`(?i)\bvotes\s*=\s*"?(\d+)`)
)

// CommentedNodes returns the node stanzas written inside comments in
// msg_gen, such as "# node node9.x { mta_id = 9  votes = 1 }" or a
// multi-line stanza commented out line by line. It is a best effort, meant
// to keep a retired mta_id from being reused.
func (f *File) CommentedNodes() []Node {
	var out []Node
	pt := &posTracker{name: f.name, src: f.src, line: 1}
	for _, s := range f.Find("msg_gen") {
		text, offs := f.commentText(s.open, s.close)
		for _, m := range commentedNodeRE.FindAllStringSubmatchIndex(text, -1) {
			out = append(out, commentedNode(text, m, pt.at(srcOffset(offs, m[0]))))
		}
	}
	return out
}

// posTracker computes the positions of increasing offsets in one pass.
type posTracker struct {
	name           string
	src            []byte
	off, line, bol int
}

func (p *posTracker) at(offset int) srcpos.Position {
	if offset < p.off {
		return srcpos.At(p.name, p.src, offset)
	}
	for ; p.off < offset; p.off++ {
		if p.src[p.off] == '\n' {
			p.line, p.bol = p.line+1, p.off+1
		}
	}
	return srcpos.Position{Filename: p.name, Offset: offset, Line: p.line, Column: offset - p.bol + 1}
}

func commentedNode(text string, m []int, pos srcpos.Position) Node {
	name, quoted := unquote(text[m[2]:m[3]])
	body := text[m[4]:m[5]]
	n := Node{Name: name, Quoted: quoted, Pos: pos}
	if mm := mtaIDRE.FindStringSubmatch(body); mm != nil {
		n.MTAID, _ = strconv.Atoi(mm[1])
	}
	if mm := votesRE.FindStringSubmatch(body); mm != nil {
		n.Votes, _ = strconv.Atoi(mm[1])
	}
	return n
}

// commentOff maps an offset of the joined comment text to one of src.
type commentOff struct{ text, src int }

// commentText joins the text of the comments in (start, end), markers
// removed, one a line.
func (f *File) commentText(start, end int) (string, []commentOff) {
	var sb strings.Builder
	var offs []commentOff
	i := sort.Search(len(f.comments), func(i int) bool { return f.comments[i][0] > start })
	for ; i < len(f.comments) && f.comments[i][0] < end; i++ {
		c := f.comments[i]
		body := f.text(c[0], c[1])
		skip := len(body) - len(strings.TrimLeft(body, "#"))
		if strings.HasPrefix(body, "/*") {
			skip, body = 2, strings.TrimSuffix(body, "*/")
		}
		offs = append(offs, commentOff{sb.Len(), c[0] + skip})
		sb.WriteString(body[skip:])
		sb.WriteByte('\n')
	}
	return sb.String(), offs
}

func srcOffset(offs []commentOff, at int) int {
	i := sort.Search(len(offs), func(i int) bool { return offs[i].text > at }) - 1
	if i < 0 {
		return 0
	}
	return offs[i].src + at - offs[i].text
}
