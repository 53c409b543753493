package nginxconf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir holds real files from public projects, beside the repository.
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "nginx")

func corpusFiles(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("nginxconf: corpus folder absent: " + corpusDir)
	}
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no files in %s", corpusDir)
	return paths
}

// TestCorpus parses every real file of the corpus (the .conf files and the
// nginx distribution's params and mime.types) and round-trips it.
func TestCorpus(t *testing.T) {
	for _, p := range corpusFiles(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			require.NoError(t, err)
			f, err := Parse(filepath.Base(p), src)
			require.NoError(t, err)
			assert.True(t, string(src) == string(f.Bytes()), "round trip changed the bytes")
		})
	}
}

// TestCorpusEdit adds then removes a server in every upstream of the corpus
// and expects the original bytes back; after each edit the tree must equal
// a fresh parse.
func TestCorpusEdit(t *testing.T) {
	for _, p := range corpusFiles(t) {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		f, err := Parse(filepath.Base(p), src)
		require.NoError(t, err)
		names := map[string]int{}
		for _, u := range f.Upstreams() {
			names[u.Name]++
		}
		for name, n := range names {
			if n > 1 {
				continue
			}
			t.Run(filepath.Base(p)+"/"+name, func(t *testing.T) {
				changed, err := f.AddServer(name, "corpus-test.invalid:9")
				require.NoError(t, err)
				require.True(t, changed)
				requireFresh(t, f)
				changed, err = f.RemoveServer(name, "corpus-test.invalid:9")
				require.NoError(t, err)
				require.True(t, changed)
				requireFresh(t, f)
				assert.True(t, string(src) == string(f.Bytes()), "add then remove changed the bytes")
			})
		}
	}
}
