package nginxconf

import (
	"bytes"

	"github.com/momoconf/momoconf/internal/source"
)

// File is a parsed nginx configuration file. It keeps the bytes it was
// parsed from and edits them in place; see the package comment.
type File struct {
	t         *text
	root      *node
	upstreams []*node

	luaComments bool // whether the parse skipped braces in Lua comments
}

// Parse parses src, the content of the file called name (name is used in
// positions only). It reads the whole nginx syntax; on bad input it returns
// an *Error at the place where nginx itself would complain: an unbalanced
// brace, a missing ";", an open string, and in an upstream block a name
// count other than one or a server line with no address or with a word
// that is not a parameter. Parse does not modify src and keeps a copy of
// its own, so the caller may reuse src.
func Parse(name string, src []byte) (*File, error) {
	if len(src) > MaxSize {
		return nil, (*Error)(source.Errorf(name, src, MaxSize, "found a file of %d bytes (expected at most %d)", len(src), MaxSize))
	}
	return parseText(&text{name: name, src: bytes.Clone(src)})
}

// parseText parses t, which it keeps.
func parseText(t *text) (*File, error) {
	p := &parser{sc: scanner{f: t}, t: t, luaComments: true}
	root, err := p.parse()
	if err != nil {
		// Some files in the wild close a Lua block with a "}" that sits
		// after a "--" on its line; tools such as gonginx read them, so
		// try again counting braces in Lua comments too.
		p = &parser{sc: scanner{f: t}, t: t}
		var err2 error
		if root, err2 = p.parse(); err2 != nil {
			return nil, err
		}
	}
	if err := checkUpstreams(t, p.upstreams); err != nil {
		return nil, err
	}
	return &File{t: t, root: root, upstreams: p.upstreams, luaComments: p.luaComments}, nil
}

// Bytes returns a copy of the file's content: after Parse with no edit,
// exactly the bytes given to Parse. The caller may modify it.
func (f *File) Bytes() []byte { return bytes.Clone(f.t.src) }

// Name returns the file name given to Parse.
func (f *File) Name() string { return f.t.name }

// parser builds the directive tree with an explicit stack, so deep nesting
// costs no Go stack.
type parser struct {
	sc        scanner
	t         *text
	stack     []*node // open blocks; stack[0] is the file
	cur       *node   // the directive being read, if any
	upstreams []*node

	luaComments bool // whether braces in Lua comments are skipped
	baseDepth   int  // how deep the blocks being read are nested in the file

	words []token // the words of p.cur; copied into the arena when it ends
	arena []token // the words of finished directives, shared to save allocations
	nodes []node  // a slab the next nodes are taken from
}

// newNode returns a node taken from the slab.
func (p *parser) newNode(start int) *node {
	if len(p.nodes) == 0 {
		p.nodes = make([]node, 256)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.start = start
	return n
}

// finish gives p.cur its words, stored in the arena; a directive of many
// words keeps the slice they were gathered in, so that they are not
// copied again.
func (p *parser) finish() *node {
	n := p.cur
	if len(p.words) > 256 {
		n.words = p.words[:len(p.words):len(p.words)]
		p.cur, p.words = nil, nil
		return n
	}
	if len(p.arena)+len(p.words) > cap(p.arena) {
		p.arena = make([]token, 0, max(1024, 2*len(p.words)))
	}
	i := len(p.arena)
	p.arena = append(p.arena, p.words...)
	n.words = p.arena[i:len(p.arena):len(p.arena)]
	p.cur, p.words = nil, p.words[:0]
	return n
}

func (p *parser) parse() (*node, error) {
	root := &node{}
	p.stack = []*node{root}
	for {
		tok, err := p.sc.next()
		if err != nil {
			return nil, err
		}
		done, err := p.step(tok)
		if err != nil || done {
			return root, err
		}
	}
}

// step consumes one token; it reports true at a clean end of file.
func (p *parser) step(tok token) (bool, error) {
	switch tok.kind {
	case tokWord:
		if p.cur == nil {
			p.cur = p.newNode(tok.start)
		}
		p.words = append(p.words, tok)
	case tokSemi:
		return false, p.endSimple(tok)
	case tokOpen:
		return false, p.open(tok)
	case tokClose:
		return false, p.close(tok)
	default:
		return true, p.eof(tok)
	}
	return false, nil
}

func (p *parser) top() *node { return p.stack[len(p.stack)-1] }

func (p *parser) endSimple(tok token) error {
	if p.cur == nil {
		return p.t.errorf(tok.start, `found ";" with no directive before it (expected a directive name)`)
	}
	n := p.finish()
	n.term, n.end = tok.start, tok.end
	parent := p.top()
	if needsBlock(n.nameBytes(p.t.src), parentName(p.t.src, parent)) {
		return p.t.errorf(tok.start, `found ";" after %s (expected "{": %s takes a block)`, directiveText(p.t.src, n), n.name(p.t.src))
	}
	parent.children = append(parent.children, n)
	return nil
}

// parentName returns the name of block n, or nil for the file.
func parentName(src []byte, n *node) []byte {
	if len(n.words) == 0 {
		return nil
	}
	return n.nameBytes(src)
}

func (p *parser) open(tok token) error {
	if p.cur == nil {
		return p.t.errorf(tok.start, `found "{" with no directive before it (expected a block name such as "server")`)
	}
	n := p.finish()
	n.block, n.term = true, tok.start
	p.top().children = append(p.top().children, n)
	if isLuaBlock(n.nameBytes(p.t.src)) {
		return p.luaBody(n)
	}
	if n.isNamed(p.t.src, "upstream") {
		p.upstreams = append(p.upstreams, n)
	}
	if depth := p.baseDepth + len(p.stack); depth > MaxDepth {
		return p.t.errorf(tok.start, `found "{" opening block %d levels deep (expected at most %d)`, depth, MaxDepth)
	}
	p.stack = append(p.stack, n)
	return nil
}

// luaBody skips a Lua body as raw text.
func (p *parser) luaBody(n *node) error {
	end := luaBlockEnd(p.t.src, n.term+1, p.luaComments)
	if end < 0 {
		return p.t.errorf(len(p.t.src), "found end of file inside the Lua block %q opened at %s (expected \"}\")", n.name(p.t.src), p.t.lineCol(n.term))
	}
	n.lua, n.close, n.end = true, end, end+1
	p.sc.pos = end + 1
	return nil
}

func (p *parser) close(tok token) error {
	if p.cur != nil {
		return p.t.errorf(tok.start, `found "}" inside directive %q (expected ";" before it)`, wordValue(p.t.src, p.words[0]))
	}
	if len(p.stack) == 1 {
		return p.t.errorf(tok.start, `found "}" with no open block (expected a directive)`)
	}
	n := p.top()
	n.close, n.end = tok.start, tok.end
	p.stack = p.stack[:len(p.stack)-1]
	return nil
}

func (p *parser) eof(tok token) error {
	if p.cur != nil {
		return p.t.errorf(tok.start, `found end of file inside directive %q (expected ";" or "{")`, wordValue(p.t.src, p.words[0]))
	}
	if len(p.stack) > 1 {
		n := p.top()
		return p.t.errorf(tok.start, `found end of file inside block %q opened at %s (expected "}")`, n.name(p.t.src), p.t.lineCol(n.term))
	}
	return nil
}
