package nginxconf

// spaceBefore returns the length of the run of spaces and tabs ending at i.
func spaceBefore(src []byte, i int) int {
	j := i
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	return i - j
}

// spaceAfter returns the length of the run of spaces and tabs starting at i.
func spaceAfter(src []byte, i int) int {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	return j - i
}

// onlySpaceTab reports whether b holds nothing but spaces and tabs.
func onlySpaceTab(b []byte) bool {
	return spaceAfter(b, 0) == len(b)
}

// stripComments returns gap, the bytes between two tokens, without its
// comments (and the spaces before them); line endings stay.
func stripComments(gap []byte) string {
	out := make([]byte, 0, len(gap))
	for i := 0; i < len(gap); i++ {
		if gap[i] != '#' {
			out = append(out, gap[i])
			continue
		}
		out = out[:len(out)-spaceBefore(out, len(out))]
		for i < len(gap) && gap[i] != '\n' && !(gap[i] == '\r' && i+1 < len(gap) && gap[i+1] == '\n') {
			i++
		}
		i--
	}
	return string(out)
}
