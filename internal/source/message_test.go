package source

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMessage(t *testing.T) {
	msg, err := Message("found %q (expected %s): %w", "c", "'='", fs.ErrInvalid)
	assert.Equal(t, `found "c" (expected '='): invalid argument`, msg)
	assert.Equal(t, fs.ErrInvalid, err)
	msg, err = Message("plain %d", 1)
	assert.Equal(t, "plain 1", msg)
	assert.NoError(t, err)
}
