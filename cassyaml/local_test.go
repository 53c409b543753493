package cassyaml

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// localTests are Sets and whether each must be verified on its line alone
// (a local edit keeps the line index, shifted; a full re-parse drops it).
var localTests = []struct {
	desc, in, key, val, want string
	local                    bool
}{
	{"plain by plain", "a: 1\nlisten_address: x # c\nb: 2\n", "listen_address", "10.0.0.1", "a: 1\nlisten_address: 10.0.0.1 # c\nb: 2\n", true},
	{"plain by quoted", "listen_address: x\nb: 2\n", "listen_address", "a #b", "listen_address: 'a #b'\nb: 2\n", true},
	{"quoted by quoted", "listen_address: \"x\"\r\nb: 2\r\n", "listen_address", "y", "listen_address: \"y\"\r\nb: 2\r\n", true},
	{"seeds in a sequence item", "seed_provider:\n- class_name: x\n  parameters:\n  - seeds: \"a\"\nb: 2\n", "", "b", "seed_provider:\n- class_name: x\n  parameters:\n  - seeds: \"a,b\"\nb: 2\n", true},
	{"empty value", "listen_address:\nb: 2\n", "listen_address", "x", "listen_address: x\nb: 2\n", false},
	{"set to empty", "listen_address: x\nb: 2\n", "listen_address", "", "listen_address:\nb: 2\n", false},
	{"flow mapping", "{listen_address: x, b: 2}\n", "listen_address", "y", "{listen_address: y, b: 2}\n", false},
	{"value on the next line", "listen_address:\n  x\nb: 2\n", "listen_address", "y", "listen_address:\n  y\nb: 2\n", false},
}

func TestLocalEdit(t *testing.T) {
	for _, tt := range localTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("in.yaml", []byte(tt.in))
			require.NoError(t, err)
			f.index()
			if tt.key == "" {
				_, err = f.AddSeed(tt.val)
			} else {
				_, err = f.Set(tt.key, tt.val)
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(f.Bytes()))
			assert.Equal(t, tt.local, f.lines != nil, "verified on its line alone")
			if f.lines != nil {
				assert.Equal(t, newLineIndex(f.src), f.lines, "line index after the edit")
			}
			fresh, err := Parse("out.yaml", f.Bytes())
			require.NoError(t, err)
			assert.True(t, same(fresh.doc, f.doc), "kept tree is the file's")
		})
	}
}

// TestLineIndex checks the index's fast path (files broken by "\n" alone)
// against the general one, which the same text takes once it holds a CR,
// NEL or LS.
func TestLineIndex(t *testing.T) {
	for _, in := range []string{"", "a", "a\n", "a\nbc\n\nd", "\xef\xbb\xbfa\nb\n", "\n\n"} {
		want := lineIndex{0}
		if len(in) >= 3 && in[:3] == "\xef\xbb\xbf" {
			want[0] = 3
		}
		for i := range len(in) {
			if in[i] == '\n' {
				want = append(want, i+1)
			}
		}
		assert.Equal(t, want, newLineIndex([]byte(in)), "%q", in)
	}
	assert.Equal(t, lineIndex{0, 2, 5, 8, 12}, newLineIndex([]byte("a\rb\r\nc\xc2\x85d\xe2\x80\xa8e")))
	assert.Equal(t, lineIndex{0, 2, 6}, newLineIndex([]byte("a\nb\xc2\xa0\nc")), "a non-breaking space is not a break")
}
