// Package spelling finds what a mistyped name was meant to be: the edit
// distance between two names, and the closest of a set of candidates.
package spelling

// Closest returns the candidate nearest to name by edit distance (an
// insertion, deletion, substitution or swap of two neighbouring letters
// each count one), when it is close enough to be what was meant: at most
// one edit per three letters of the candidate, and at least one allowed.
// It returns "" when no candidate is that close.
func Closest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := Distance(name, c)
		if d > max(1, len(c)/3) {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent bytes that turn a into b.
func Distance(a, b string) int {
	// rows[i][j] is the distance between a[:i] and b[:j]; three rows
	// are enough for the transposition case.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
