package source

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorf(t *testing.T) {
	src := []byte("a\nbc")
	err := Errorf("x.conf", src, 3, "found %q (expected %s): %w", "c", "'='", fs.ErrInvalid)
	assert.Equal(t, `x.conf:2:2: found "c" (expected '='): invalid argument`, err.Error())
	assert.True(t, errors.Is(err, fs.ErrInvalid))
	var e *Error
	require.True(t, errors.As(error(err), &e))
	assert.Equal(t, 2, e.Pos.Line)
	assert.Nil(t, Errorf("x", src, 0, "plain").Unwrap())
}

func TestLines(t *testing.T) {
	src := []byte("  a\r\n\tb\nc")
	assert.Equal(t, 0, LineStart(src, 2))
	assert.Equal(t, 5, LineStart(src, 6))
	assert.Equal(t, 3, LineEnd(src, 0))
	assert.Equal(t, 7, LineEnd(src, 5))
	assert.Equal(t, 9, LineEnd(src, 8))
	assert.Equal(t, 5, NextLineStart(src, 1))
	assert.Equal(t, 9, NextLineStart(src, 8))
	assert.Equal(t, "  ", Indent(src, 2))
	assert.Equal(t, "\t", Indent(src, 6))
	assert.Equal(t, "\r\n", LineEnding(src, 0))
	assert.Equal(t, "\n", LineEnding(src, 5))
	assert.Equal(t, "", LineEnding(src, 8))
	assert.Equal(t, "\r\n", FileLineEnding(src))
	assert.Equal(t, "\n", FileLineEnding([]byte("x")))
	assert.True(t, OnlySpaceBefore(src, 2))
	assert.False(t, OnlySpaceBefore(src, 3))
	assert.True(t, OnlySpaceAfter(src, 3))
	assert.False(t, OnlySpaceAfter(src, 1))
}

func TestApply(t *testing.T) {
	src := []byte("0123456789")
	got, err := Apply(src, Edit{8, 9, "X"}, Edit{2, 2, "ab"}, Edit{2, 2, "cd"}, Edit{4, 6, ""})
	require.NoError(t, err)
	assert.Equal(t, "01abcd2367X9", string(got))
	_, err = Apply(src, Edit{2, 5, ""}, Edit{4, 6, ""})
	assert.Error(t, err)
	_, err = Apply(src, Edit{9, 11, ""})
	assert.Error(t, err)
	got, err = Apply(src)
	require.NoError(t, err)
	assert.Equal(t, string(src), string(got))
}

func TestIndentUnit(t *testing.T) {
	tests := []struct{ src, def, want string }{
		{"a\n  b\n", "    ", "  "},
		{"a\n\n   \n\tb\n", "  ", "\t"},
		{"a\nb\n", "  ", "  "},
		{"a\n            b\n", "  ", "        "},
		{"a\n  \tb\n", "    ", "  "},
		{"", "    ", "    "},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IndentUnit([]byte(tt.src), tt.def), "%q", tt.src)
	}
}

func TestSameLine(t *testing.T) {
	src := []byte("ab\ncd")
	assert.True(t, SameLine(src, 0, 2))
	assert.True(t, SameLine(src, 2, 0))
	assert.False(t, SameLine(src, 1, 4))
	assert.True(t, SameLine(src, 3, 99))
}

func TestRestIsBlank(t *testing.T) {
	src := []byte("a  # c\r\nb \t\nc x")
	assert.True(t, RestIsBlank(src, 1, '#'))
	assert.False(t, RestIsBlank(src, 1, 0))
	assert.True(t, RestIsBlank(src, 9, 0))
	assert.False(t, RestIsBlank(src, 13, '#'))
	assert.True(t, RestIsBlank(src, len(src), 0))
}

func TestEqualFoldASCII(t *testing.T) {
	assert.True(t, EqualFoldASCII("Msg_Gen", "msg_gen"))
	assert.True(t, EqualFoldASCII([]byte("UPSTREAM"), "upstream"))
	assert.False(t, EqualFoldASCII("msg_ge", "msg_gen"))
	assert.False(t, EqualFoldASCII("\u212a", "k"), "the Kelvin sign folds to k in Unicode, not in ASCII")
	assert.False(t, EqualFoldASCII("a[", "a{"))
	assert.Equal(t, byte('z'), LowerASCII('Z'))
	assert.Equal(t, byte('@'), LowerASCII('@'))
}
