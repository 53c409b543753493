package termsafe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"plain\n\ttext":        "plain\n\ttext",
		"a\x1b[2Jb":            `a\u001b[2Jb`,
		"title\x1b]0;x\x07":    `title\u001b]0;x\u0007`,
		"over\rwrite":          `over\u000dwrite`,
		"del\x7f c1\u009b":     `del\u007f c1\u009b`,
		"naïve → ok":           "naïve → ok",
		"bad\xffbyte":          `bad\xffbyte`,
		"literal \uFFFD stays": "literal \uFFFD stays",
	} {
		assert.Equal(t, want, String(in), "%q", in)
	}
}
