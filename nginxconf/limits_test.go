package nginxconf

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeatTo returns unit repeated until it is at least size bytes long,
// between head and tail.
func repeatTo(head, unit, tail string, size int) []byte {
	n := max(1, (size-len(head)-len(tail)+len(unit)-1)/len(unit))
	return []byte(head + strings.Repeat(unit, n) + tail)
}

// hostileShapes are pathological inputs of about size bytes, each with
// whether Parse accepts it.
var hostileShapes = []struct {
	name string
	ok   bool
	gen  func(size int) []byte
}{
	{"open-blocks", false, func(n int) []byte { return repeatTo("", "a {", "", n) }},
	{"deepest-blocks-repeated", true, func(n int) []byte {
		unit := strings.Repeat("a {", MaxDepth) + strings.Repeat("}", MaxDepth) + "\n"
		return repeatTo("", unit, "", n)
	}},
	{"tiny-blocks", true, func(n int) []byte { return repeatTo("", "a{}", "", n) }},
	{"tiny-directives", true, func(n int) []byte { return repeatTo("", "a;", "", n) }},
	{"long-line-of-words", true, func(n int) []byte { return repeatTo("a", " b", ";\n", n) }},
	{"long-bare-word", true, func(n int) []byte { return repeatTo("a ", "b", ";\n", n) }},
	{"huge-quoted-string", true, func(n int) []byte { return repeatTo(`a "`, `x\"`, "\";\n", n) }},
	{"unclosed-quoted-string", false, func(n int) []byte { return repeatTo(`a "`, "x\n", "", n) }},
	{"comment-lines", true, func(n int) []byte { return repeatTo("", "#\n", "", n) }},
	{"one-long-comment", true, func(n int) []byte { return repeatTo("#", "#", "\n", n) }},
	{"braces-in-a-word", true, func(n int) []byte { return repeatTo("a ", "${", ";\n", n) }},
	{"lua-braces-unbalanced", false, func(n int) []byte { return repeatTo("x_by_lua_block {", "{ -- }\n", "", n) }},
	{"lua-long-strings", true, func(n int) []byte { return repeatTo("x_by_lua_block {", "[[a]]--[=[}]=]'}'", "}\n", n) }},
	{"upstream-servers", true, func(n int) []byte {
		return repeatTo("upstream u {\n", "server 10.0.0.1:80 weight=2 max_fails=3 fail_timeout=1m30s;\n", "}\n", n)
	}},
	{"missing-semicolon-at-end", false, func(n int) []byte { return repeatTo("", "a b c;\n", "d", n) }},
}

// cost is what a parse takes: CPU time and wall time per parse (best of
// several measures) and bytes allocated.
type cost struct {
	cpu, wall time.Duration
	alloc     uint64
}

// measure parses src, again and again until 20 ms of CPU time have gone
// (timer and page-fault noise then counts little), and keeps the time per
// parse when it is the best so far. The garbage collector is off while it
// runs: how often it runs depends on the heap's starting size, so it would
// blur the parser's own growth; its work follows the bytes allocated,
// which are checked on their own.
func (c *cost) measure(t testing.TB, src []byte, ok bool) {
	var before, after runtime.MemStats
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.ReadMemStats(&before)
	cpu0, wall0 := cpuTime(), time.Now()
	n := 0
	for ; n == 0 || cpuTime()-cpu0 < 20*time.Millisecond; n++ {
		if _, err := Parse("h.conf", src); (err == nil) != ok {
			t.Fatalf("Parse = %v, want ok=%v", err, ok)
		}
		if n == 0 {
			runtime.ReadMemStats(&after)
		}
	}
	cpu, wall := (cpuTime()-cpu0)/time.Duration(n), time.Since(wall0)/time.Duration(n)
	if c.alloc == 0 {
		c.cpu, c.wall = cpu, wall
	}
	c.cpu, c.wall, c.alloc = min(c.cpu, cpu), min(c.wall, wall), after.TotalAlloc-before.TotalAlloc
}

// costs measures small and large in turn, three times each, so that both
// see the same load.
func costs(t testing.TB, small, large []byte, ok bool) (s, l cost) {
	for range 3 {
		s.measure(t, small, ok)
		l.measure(t, large, ok)
	}
	return s, l
}

// grows reports whether a 1 MB cost exceeds 6 times the 256 KB one, the
// latter taken as at least floor so that noise on tiny costs is no growth.
func grows[T time.Duration | uint64](small, large, floor T) bool {
	return float64(large) > 6*float64(max(small, floor))
}

// TestHostileInputLinear feeds each hostile shape at 256 KB and 1 MB: the
// 1 MB parse takes at most 1 s of wall time (not checked under the race
// detector) and 100 bytes of memory per input byte, and neither its CPU time nor its memory is more than 6 times
// that of 256 KB (4 times is linear). CPU time is used because other
// processes share the cores, with a floor of 1 ms for the small input; the
// measure is taken again, up to three times, before a time growth is
// called a failure.
func TestHostileInputLinear(t *testing.T) {
	const small, large = 256 << 10, 1 << 20
	for _, s := range hostileShapes {
		t.Run(s.name, func(t *testing.T) {
			srcS, srcL := s.gen(small), s.gen(large)
			require.GreaterOrEqual(t, len(srcL), large)
			cS, cL := costs(t, srcS, srcL, s.ok)
			for try := 1; try < 3 && grows(cS.cpu, cL.cpu, time.Millisecond); try++ {
				cS, cL = costs(t, srcS, srcL, s.ok)
			}
			t.Logf("256KB: %v cpu, %d B; 1MB: %v cpu, %v wall, %d B (%.1f B/byte)", cS.cpu, cS.alloc, cL.cpu, cL.wall, cL.alloc, float64(cL.alloc)/float64(len(srcL)))
			if !raceEnabled {
				assert.Less(t, cL.wall, time.Second)
			}
			assert.Less(t, cL.alloc, uint64(100*len(srcL)))
			assert.False(t, grows(cS.cpu, cL.cpu, time.Millisecond), "CPU time grows faster than linear: %v then %v", cS.cpu, cL.cpu)
			assert.False(t, grows(cS.alloc, cL.alloc, 64<<10), "memory grows faster than linear: %d then %d", cS.alloc, cL.alloc)
		})
	}
}

// TestLimits checks the stated limits: MaxDepth blocks nest, one more is
// refused at its "{"; a file of MaxSize bytes parses, one byte more is
// refused at that byte.
func TestLimits(t *testing.T) {
	deep := strings.Repeat("a {\n", MaxDepth) + strings.Repeat("}\n", MaxDepth)
	_, err := Parse("d.conf", []byte(deep))
	require.NoError(t, err)
	_, err = Parse("d.conf", []byte("b;\n"+strings.Repeat("a {\n", MaxDepth+1)+strings.Repeat("}\n", MaxDepth+1)))
	assert.EqualError(t, err, fmt.Sprintf(`d.conf:%d:3: found "{" opening block %d levels deep (expected at most %d)`, MaxDepth+2, MaxDepth+1, MaxDepth))

	big := repeatTo("", "# a comment line to fill the file\n", "", MaxSize)[:MaxSize]
	_, err = Parse("s.conf", big)
	require.NoError(t, err)
	_, err = Parse("s.conf", append(big, '\n'))
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.Equal(t, MaxSize, e.Pos.Offset)
	assert.Contains(t, err.Error(), fmt.Sprintf("found a file of %d bytes (expected at most %d)", MaxSize+1, MaxSize))
}
