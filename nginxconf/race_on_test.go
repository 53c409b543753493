//go:build race

package nginxconf

// raceEnabled reports whether the tests run with the race detector, which
// slows them several times over.
const raceEnabled = true
