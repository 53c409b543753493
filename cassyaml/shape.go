package cassyaml

// Parse refuses input whose size or nesting could make the YAML parsers
// spend more than linear time or memory on it. Both parsers go wrong on
// deep nesting: goccy/go-yaml's parser, which places a syntax error,
// copies its context at every level, so a file of nested "[" costs memory
// quadratic in its size (40 KB took 2.5 GB), and yaml.v3 spends quadratic
// time on nested "{" up to its own limit of 10000 levels. A real
// cassandra.yaml counts six levels at most, as shapeOf counts them.
const (
	// maxSize is the largest file Parse reads, in bytes; a real
	// cassandra.yaml is under 100 KB.
	maxSize = 4 << 20
	// maxDepth is the deepest nesting Parse reads, counted by shapeOf.
	maxDepth = 64
)

// shape is what a cheap pass over a file's bytes learns before any YAML
// parser sees them.
type shape struct {
	tooDeep int      // the offset where nesting first exceeds maxDepth, or -1
	quotes  []quoted // the quoted scalars that span more than one line
}

// quoted is a quoted scalar: the offset of its opening quote, that just
// past its closing quote (len(src) when it is never closed), and whether
// it is closed.
type quoted struct {
	start, end int
	closed     bool
}

// shapeOf scans src once, in linear time, without parsing it: it follows
// comments, quoted scalars, block scalars and flow brackets the way YAML
// reads them, and counts nesting as open "[" and "{" plus the block
// levels, where each line indented deeper than the one it follows and each
// "- " or "? " before more content on a line opens a level. That count can
// exceed the real nesting (a plain scalar continued on lines indented
// deeper than its first counts a level for each), never fall short of it.
func shapeOf(src []byte) shape {
	s := shapeScan{src: src, sh: shape{tooDeep: -1}}
	s.run()
	return s.sh
}

type shapeScan struct {
	src   []byte
	sh    shape
	flow  int   // open "[" and "{"
	block []int // the columns of the open block levels, ascending
}

func (s *shapeScan) run() {
	i := 0
	if len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF {
		i = 3
	}
	for i < len(s.src) && s.sh.tooDeep < 0 {
		i = s.line(i)
	}
}

// line scans the line starting at i and returns where the next one starts
// (a quoted scalar may carry the scan over several lines).
func (s *shapeScan) line(i int) int {
	start := i
	for i < len(s.src) && s.src[i] == ' ' {
		i++
	}
	if i == len(s.src) || isBreak(s.src[i]) || s.src[i] == '#' {
		return nextLine(s.src, i)
	}
	indent := i - start
	if s.flow == 0 {
		for len(s.block) > 0 && s.block[len(s.block)-1] > indent {
			s.block = s.block[:len(s.block)-1]
		}
		s.open(i, indent)
	}
	return s.tokens(i, start, indent)
}

// tokens scans the content of a line from i, start being the line's first
// byte and indent its indentation, up to the start of the next line.
func (s *shapeScan) tokens(i, start, indent int) int {
	expect := true // a new node may start here
	for i < len(s.src) && s.sh.tooDeep < 0 {
		c := s.src[i]
		switch {
		case isBreak(c):
			return nextLine(s.src, i)
		case c == ' ' || c == '\t':
			i++
		case c == '#':
			return nextLine(s.src, i)
		case (c == '\'' || c == '"') && expect:
			end, last := s.quote(i)
			if last >= 0 {
				start = last
			}
			i, expect = end, false
		case c == '[' || c == '{':
			s.flow++
			s.check(i)
			i, expect = i+1, true
		case c == ']' || c == '}':
			s.flow = max(0, s.flow-1)
			i, expect = i+1, false
		case c == ',' && s.flow > 0:
			i, expect = i+1, true
		case (c == '-' || c == '?') && expect && s.indicator(i+1):
			i = skipBlanks(s.src, i+1)
			if s.flow == 0 && i < len(s.src) && !isBreak(s.src[i]) && s.src[i] != '#' {
				s.open(i, i-start)
			}
		case c == ':' && s.indicator(i+1):
			i, expect = i+1, true
		case (c == '|' || c == '>') && expect && s.flow == 0:
			return s.blockScalar(i, indent)
		case (c == '&' || c == '!' || c == '*') && expect:
			for i < len(s.src) && !isBreak(s.src[i]) && s.src[i] != ' ' && s.src[i] != '\t' && !(s.flow > 0 && isFlowIndicator(s.src[i])) {
				i++
			}
			expect = c != '*'
		default:
			i, expect = s.plain(i), false
		}
	}
	return len(s.src)
}

// open opens a block level at column col (at offset i) unless the
// innermost one is at that column already.
func (s *shapeScan) open(i, col int) {
	if n := len(s.block); n == 0 || s.block[n-1] < col {
		s.block = append(s.block, col)
		s.check(i)
	}
}

// check records offset i when the nesting there exceeds maxDepth.
func (s *shapeScan) check(i int) {
	if s.sh.tooDeep < 0 && s.flow+len(s.block) > maxDepth {
		s.sh.tooDeep = i
	}
}

// indicator reports whether a "-", "?" or ":" whose next byte is at i is an
// indicator: followed by a blank, a line break or the end, or in a flow
// collection by a flow indicator.
func (s *shapeScan) indicator(i int) bool {
	if i >= len(s.src) {
		return true
	}
	c := s.src[i]
	return c == ' ' || c == '\t' || isBreak(c) || (s.flow > 0 && isFlowIndicator(c))
}

// quote returns the offset just past the quoted scalar whose opening quote
// is at i (len(src) when it is never closed) and, when the scalar spans
// lines, the start of the line it ends on, else -1; it records a scalar
// that spans lines.
func (s *shapeScan) quote(i int) (end, last int) {
	q, j, last := s.src[i], i+1, -1
	for ; j < len(s.src); j++ {
		c := s.src[j]
		switch {
		case isBreak(c):
			last = j + 1
		case c == '\\' && q == '"' && j+1 < len(s.src) && !isBreak(s.src[j+1]):
			j++
		case c == q && q == '\'' && j+1 < len(s.src) && s.src[j+1] == '\'':
			j++
		case c == q:
			j++
			if last >= 0 {
				s.sh.quotes = append(s.sh.quotes, quoted{i, j, true})
			}
			return j, last
		}
	}
	if last >= 0 {
		s.sh.quotes = append(s.sh.quotes, quoted{i, len(s.src), false})
	}
	return len(s.src), last
}

// plain returns the end of the plain scalar at i on its line: a ": " or
// " #" ends it, and in a flow collection a flow indicator too.
func (s *shapeScan) plain(i int) int {
	for i++; i < len(s.src); i++ {
		c := s.src[i]
		switch {
		case isBreak(c):
			return i
		case c == ':' && s.indicator(i+1):
			return i
		case c == '#' && (s.src[i-1] == ' ' || s.src[i-1] == '\t'):
			return i
		case s.flow > 0 && isFlowIndicator(c):
			return i
		}
	}
	return i
}

// blockScalar skips the block scalar whose indicator is at i, on a line
// indented by indent: the rest of that line, then every line that is blank
// or indented deeper. It returns where the next line to scan starts.
func (s *shapeScan) blockScalar(i, indent int) int {
	i = nextLine(s.src, i)
	for i < len(s.src) {
		j := i
		for j < len(s.src) && s.src[j] == ' ' {
			j++
		}
		if j < len(s.src) && !isBreak(s.src[j]) && j-i <= indent {
			return i
		}
		i = nextLine(s.src, j)
	}
	return i
}

// nextLine returns the offset after the line break at or after i, or
// len(src).
func nextLine(src []byte, i int) int {
	for i < len(src) && !isBreak(src[i]) {
		i++
	}
	if i+1 < len(src) && src[i] == '\r' && src[i+1] == '\n' {
		return i + 2
	}
	return min(i+1, len(src))
}

func skipBlanks(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

func isBreak(c byte) bool { return c == '\n' || c == '\r' }

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}
