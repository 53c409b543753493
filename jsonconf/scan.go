package jsonconf

// A scanner checks that src[pos:] is one strict JSON value (RFC 8259)
// followed only by white space. It keeps an explicit stack of open
// containers rather than recursing, so deep nesting costs memory, not Go
// stack, and every byte is looked at a bounded number of times.
//
// encoding/json accepts exactly the same files (FuzzRoundTrip checks that
// Parse accepts what json.Valid accepts and nothing else), but it is kept
// out of Parse for two reasons, measured:
//
//   - speed: json.Valid reads 185-295 MB/s on the 1 and 10 MB benchmark
//     files where this scanner reads 750-1100 MB/s (json.Unmarshal into a
//     RawMessage, the way to get a SyntaxError.Offset, 45-115 MB/s);
//   - positions: its offset is where it gave up, not the fault: a trailing
//     comma in [1, 2,] is reported at the ']', an unterminated string at
//     the end of the file, "01" at the '1', and its messages ("invalid
//     character '/' after object key:value pair") do not say what was
//     expected. This scanner points at the comma, the opening quote, the
//     whole number "01", and names a comment as a comment.
type scanner struct {
	name  string
	src   []byte
	pos   int
	stack []byte // '{' or '[' for each open container
}

// The states of the scanner's loop.
const (
	wantValue  = iota // a value must start here
	wantKey           // an object key must start here
	afterValue        // a value just ended
	done              // the top-level value ended
)

// validate reports the first syntax error in src at or after offset start,
// as an *Error, or nil when the rest of src is a single JSON value.
func validate(name string, src []byte, start int) error {
	s := &scanner{name: name, src: src, pos: start}
	state := wantValue
	var err error
	for state != done && err == nil {
		s.skipSpace()
		switch state {
		case wantValue:
			state, err = s.value()
		case wantKey:
			state, err = s.key()
		case afterValue:
			state, err = s.after()
		}
	}
	if err != nil {
		return err
	}
	return s.end()
}

// skipSpace moves past JSON white space: space, tab, LF and CR.
func (s *scanner) skipSpace() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value scans one scalar or opens a container.
func (s *scanner) value() (int, error) {
	if s.pos >= len(s.src) {
		return 0, s.errorf(s.pos, "found end of file (expected value)")
	}
	switch c := s.src[s.pos]; {
	case c == '{':
		return s.open('{', '}', wantKey)
	case c == '[':
		return s.open('[', ']', wantValue)
	case c == '"':
		return afterValue, s.str()
	case c == '-' || isDigit(c):
		return afterValue, s.number()
	case c >= 'a' && c <= 'z':
		return afterValue, s.literal()
	default:
		return 0, s.errorf(s.pos, "found %s (expected value)", s.found(s.pos))
	}
}

// maxDepth is the deepest nesting Parse accepts, that of encoding/json:
// every file Parse accepts is one encoding/json reads.
const maxDepth = 10000

// open pushes a container and handles the empty one ("{}" or "[]").
func (s *scanner) open(kind, closer byte, next int) (int, error) {
	if len(s.stack) >= maxDepth {
		return 0, s.errorf(s.pos, "found nesting deeper than %d levels (expected at most %d)", maxDepth, maxDepth)
	}
	s.pos++
	s.skipSpace()
	if s.pos < len(s.src) && s.src[s.pos] == closer {
		s.pos++
		return afterValue, nil
	}
	s.stack = append(s.stack, kind)
	return next, nil
}

// key scans an object key and the colon after it.
func (s *scanner) key() (int, error) {
	if s.pos >= len(s.src) || s.src[s.pos] != '"' {
		return 0, s.errorf(s.pos, "found %s (expected string key)", s.found(s.pos))
	}
	if err := s.str(); err != nil {
		return 0, err
	}
	s.skipSpace()
	if s.pos >= len(s.src) || s.src[s.pos] != ':' {
		return 0, s.errorf(s.pos, "found %s after object key (expected ':')", s.found(s.pos))
	}
	s.pos++
	return wantValue, nil
}

// after handles what follows a value: a comma, the closer of the innermost
// container, or the end of the top-level value.
func (s *scanner) after() (int, error) {
	if len(s.stack) == 0 {
		return done, nil
	}
	kind := s.stack[len(s.stack)-1]
	closer, next, what := byte(']'), wantValue, "array element"
	if kind == '{' {
		closer, next, what = '}', wantKey, "object member"
	}
	if s.pos < len(s.src) && s.src[s.pos] == closer {
		s.pos++
		s.stack = s.stack[:len(s.stack)-1]
		return afterValue, nil
	}
	if s.pos >= len(s.src) || s.src[s.pos] != ',' {
		return 0, s.errorf(s.pos, "found %s after %s (expected ',' or '%c')", s.found(s.pos), what, closer)
	}
	comma := s.pos
	s.pos++
	s.skipSpace()
	if s.pos < len(s.src) && s.src[s.pos] == closer {
		return 0, s.errorf(comma, "found ',' before '%c' (expected no trailing comma)", closer)
	}
	return next, nil
}

// end checks that only white space follows the top-level value.
func (s *scanner) end() error {
	s.skipSpace()
	if s.pos < len(s.src) {
		return s.errorf(s.pos, "found %s after the top-level value (expected end of file)", s.found(s.pos))
	}
	return nil
}

func (s *scanner) errorf(offset int, format string, args ...any) error {
	return errorAt(s.name, s.src, offset, format, args...)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
