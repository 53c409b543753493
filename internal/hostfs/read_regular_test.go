package hostfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadRegular: a regular file is read, directly or through a link;
// a named pipe is refused at once as not regular (no reader waits on
// it), a file one byte over MaxFileSize is refused by its size, and a
// missing file is fs.ErrNotExist.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.conf")
	require.NoError(t, os.WriteFile(file, []byte("x = 1\n"), 0o644))
	link := filepath.Join(dir, "link.conf")
	require.NoError(t, os.Symlink("a.conf", link))
	for _, p := range []string{file, link} {
		got, err := ReadRegular(p)
		require.NoError(t, err, p)
		assert.Equal(t, "x = 1\n", string(got), p)
	}

	pipe := filepath.Join(dir, "pipe.conf")
	require.NoError(t, syscall.Mkfifo(pipe, 0o644))
	_, err := ReadRegular(pipe)
	assert.ErrorIs(t, err, errNotRegular)

	huge := filepath.Join(dir, "huge.conf")
	require.NoError(t, os.WriteFile(huge, nil, 0o644))
	require.NoError(t, os.Truncate(huge, MaxFileSize+1))
	_, err = ReadRegular(huge)
	var tooLarge *TooLargeError
	require.True(t, errors.As(err, &tooLarge), "%v", err)
	assert.Equal(t, int64(MaxFileSize+1), tooLarge.Size)

	_, err = ReadRegular(filepath.Join(dir, "missing.conf"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
