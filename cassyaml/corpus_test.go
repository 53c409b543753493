package cassyaml

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusFiles returns the real cassandra.yaml files of shared/corpus, or
// skips the test when that folder is absent.
func corpusFiles(t testing.TB) map[string][]byte {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus", "cassandra")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(paths) == 0 {
		t.Skip("cassandra corpus: corpus folder absent")
	}
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		files[filepath.Base(p)] = src
	}
	return files
}

// TestCorpus round-trips every real cassandra.yaml and checks that setting
// listen_address, adding a commented-out key and adding and removing a seed
// each change exactly the lines they must.
func TestCorpus(t *testing.T) {
	for name, src := range corpusFiles(t) {
		t.Run(name, func(t *testing.T) {
			f, err := Parse(name, src)
			require.NoError(t, err)
			require.Equal(t, string(src), string(f.Bytes()), "round trip")
			corpusSetListen(t, name, src)
			corpusCommentedOut(t, name, src)
			corpusSeeds(t, name, src)
		})
	}
}

func corpusSetListen(t *testing.T, name string, src []byte) {
	f, _ := Parse(name, src)
	old, ok := f.Get("listen_address")
	require.True(t, ok)
	changed, err := f.Set("listen_address", "10.77.0.245")
	require.NoError(t, err)
	assert.True(t, changed)
	assertOneLineChanged(t, string(src), string(f.Bytes()), "listen_address: "+old, "listen_address: 10.77.0.245")
	v, _ := f.Get("listen_address")
	assert.Equal(t, "10.77.0.245", v)
}

func corpusCommentedOut(t *testing.T, name string, src []byte) {
	f, _ := Parse(name, src)
	_, err := f.Set("broadcast_address", "10.77.0.245")
	require.NoError(t, err)
	before, after := lines(string(src)), lines(string(f.Bytes()))
	i := slices.Index(before, "# broadcast_address: 1.2.3.4\n")
	require.GreaterOrEqual(t, i, 0)
	want := slices.Insert(slices.Clone(before), i+1, "broadcast_address: 10.77.0.245\n")
	assert.Equal(t, want, after)
}

func corpusSeeds(t *testing.T, name string, src []byte) {
	f, _ := Parse(name, src)
	seeds, err := f.Seeds()
	require.NoError(t, err)
	require.Len(t, seeds, 1)
	old := `"` + seeds[0] + `"`
	_, err = f.AddSeed("10.77.0.245")
	require.NoError(t, err)
	assertOneLineChanged(t, string(src), string(f.Bytes()), "seeds: "+old, `seeds: "`+seeds[0]+`,10.77.0.245"`)
	changed, err := f.RemoveSeed("10.77.0.245")
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, string(src), string(f.Bytes()), "remove after add restores the file")
	_, err = f.RemoveSeed(seeds[0])
	require.NoError(t, err)
	assertOneLineChanged(t, string(src), string(f.Bytes()), "seeds: "+old, `seeds: ""`)
}

// assertOneLineChanged checks that got is want's lines with one line
// changed: the one holding from, which now holds to instead.
func assertOneLineChanged(t *testing.T, in, got, from, to string) {
	t.Helper()
	before, after := lines(in), lines(got)
	require.Len(t, after, len(before))
	diff := 0
	for i := range before {
		if before[i] == after[i] {
			continue
		}
		diff++
		assert.Contains(t, before[i], from)
		assert.Equal(t, strings.Replace(before[i], from, to, 1), after[i])
	}
	assert.Equal(t, 1, diff, "lines changed")
}

func lines(s string) []string { return strings.SplitAfter(s, "\n") }
