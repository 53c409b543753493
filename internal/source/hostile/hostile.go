// Package hostile measures a parser on pathological input, for the tests
// and benchmarks of the format packages: each format states a file-size
// and a nesting-depth limit, and its time and memory must grow linearly
// with its input up to them.
package hostile

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/momoconf/momoconf/srcpos"
)

// Shape is one kind of pathological input. Make returns input of about n
// bytes (at least n, at most n plus one repeated unit).
type Shape struct {
	Name string
	Make func(n int) []byte
}

// Bounds are what a parser must keep to on a Shape.
type Bounds struct {
	// PerByte is the most bytes the parser may allocate per byte of
	// input, at every size measured. Bytes allocated in all (TotalAlloc)
	// are counted, which is more than the peak in use.
	PerByte float64
	// Growth is the most the allocation may grow from the smaller input
	// to the larger: 6 for 4 times the input (a linear cost grows 4
	// times, a quadratic one 16 times). Allocations under 64 KB count as
	// that much.
	Growth float64
	// TimeGrowth is the same for CPU time, times under 2 ms counting as
	// that much. It needs more room than Growth: on 2 cores shared with
	// other work, a parse that allocates exactly 4 times as much for 4
	// times the input was measured taking 4.4 to 6.4 times as long (the
	// garbage collector and the copying of growing slices cost more in a
	// larger heap), so 8 still tells linear from quadratic.
	TimeGrowth float64
}

// Sizes are the input sizes measured: 256 KB and 1 MB.
var Sizes = [2]int{256 << 10, 1 << 20}

// runs is how many times Check parses each input; the least time counts.
const runs = 5

// Cost is what one parse of one input cost.
type Cost struct {
	Size  int           // bytes of input
	Time  time.Duration // the CPU time of the process (all threads, the GC's included), least of the runs
	Wall  time.Duration // the wall-clock time, least of the runs
	Bytes uint64        // bytes allocated
	Err   error         // what the parser returned
}

// Measure parses src runs times and returns the least time and the bytes
// allocated by the first run. CPU time is what is compared: on a machine
// shared with other work, wall-clock time varies twice over from run to
// run, CPU time much less.
func Measure(parse func(src []byte) error, src []byte, runs int) Cost {
	c := Cost{Size: len(src)}
	for i := range runs {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		cpu, start := cpuTime(), time.Now()
		err := parse(src)
		wall, cpu := time.Since(start), cpuTime()-cpu
		runtime.ReadMemStats(&m1)
		if i == 0 {
			c.Bytes, c.Err, c.Time, c.Wall = m1.TotalAlloc-m0.TotalAlloc, err, cpu, wall
		}
		c.Time, c.Wall = min(c.Time, cpu), min(c.Wall, wall)
	}
	return c
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Check parses each shape at both Sizes and fails t when a parse panics,
// returns an error that names no position, allocates more than
// b.PerByte per byte of input, or grows in allocation by more than
// b.Growth, or in time by more than b.TimeGrowth, from the smaller size to
// the larger.
func Check(t *testing.T, parse func(src []byte) error, shapes []Shape, b Bounds) {
	t.Helper()
	if testing.Short() {
		t.Skip("hostile inputs of 1 MB take seconds: skipped in -short mode")
	}
	for _, sh := range shapes {
		t.Run(sh.Name, func(t *testing.T) {
			var costs [len(Sizes)]Cost
			var inputs [len(Sizes)][]byte
			for i, n := range Sizes {
				inputs[i] = sh.Make(n)
			}
			for run := range runs {
				// The sizes take turns, so that a change in the
				// machine's load weighs on both alike.
				for i := range Sizes {
					c := Measure(parse, inputs[i], 1)
					if run == 0 {
						costs[i] = c
					}
					costs[i].Time, costs[i].Wall = min(costs[i].Time, c.Time), min(costs[i].Wall, c.Wall)
				}
			}
			for i := range Sizes {
				c := costs[i]
				t.Logf("%7d bytes: %v CPU (%v wall), %d bytes allocated (%.1f per byte), %s", c.Size, c.Time, c.Wall, c.Bytes, perByte(c), outcome(c.Err))
				if c.Err != nil {
					if _, ok := srcpos.Find(c.Err); !ok {
						t.Errorf("%d bytes: refused without a position: %v", c.Size, c.Err)
					}
				}
				if perByte(c) > b.PerByte {
					t.Errorf("%d bytes: allocated %.1f bytes per byte of input (want at most %.0f)", c.Size, perByte(c), b.PerByte)
				}
			}
			small, large := costs[0], costs[1]
			if g := growth(float64(small.Time), float64(large.Time), float64(2*time.Millisecond)); g > b.TimeGrowth {
				t.Errorf("CPU time grew %.1f times from %d to %d bytes (want at most %.0f): %v, then %v", g, small.Size, large.Size, b.TimeGrowth, small.Time, large.Time)
			}
			if g := growth(float64(small.Bytes), float64(large.Bytes), 64<<10); g > b.Growth {
				t.Errorf("allocation grew %.1f times from %d to %d bytes (want at most %.0f): %d, then %d", g, small.Size, large.Size, b.Growth, small.Bytes, large.Bytes)
			}
		})
	}
}

// Bench runs b.N parses of each shape at 1 MB.
func Bench(b *testing.B, parse func(src []byte) error, shapes []Shape) {
	for _, sh := range shapes {
		b.Run(sh.Name, func(b *testing.B) {
			src := sh.Make(Sizes[1])
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				_ = parse(src)
			}
		})
	}
}

// Repeat returns unit repeated until it holds at least n bytes, after
// head and before tail.
func Repeat(head, unit, tail string, n int) []byte {
	k := max(1, (n-len(head)-len(tail)+len(unit)-1)/len(unit))
	out := make([]byte, 0, len(head)+k*len(unit)+len(tail))
	out = append(out, head...)
	for range k {
		out = append(out, unit...)
	}
	return append(out, tail...)
}

// Numbered returns lines made by format (which takes one %d, the line's
// number) until they hold at least n bytes, after head and before tail.
func Numbered(head, format, tail string, n int) []byte {
	out := append(make([]byte, 0, n+len(tail)+64), head...)
	for i := 0; len(out) < n; i++ {
		out = fmt.Appendf(out, format, i)
	}
	return append(out, tail...)
}

// growth returns how many times larger b is than a, counting both as at
// least floor: below it, a cost is noise (a refusal in the first bytes
// costs microseconds and a few KB at any size).
func growth(a, b, floor float64) float64 { return max(b, floor) / max(a, floor) }

func perByte(c Cost) float64 { return float64(c.Bytes) / float64(max(c.Size, 1)) }

func outcome(err error) string {
	if err == nil {
		return "accepted"
	}
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return "refused: " + s
}
