package srcpos

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAt(t *testing.T) {
	src := []byte("ab\r\ncd\nef")
	tests := []struct {
		offset    int
		line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {4, 2, 1}, {5, 2, 2}, {7, 3, 1}, {9, 3, 3}, {99, 3, 3}, {-1, 1, 1},
	}
	for _, tt := range tests {
		p := At("f.conf", src, tt.offset)
		assert.Equal(t, tt.line, p.Line, "offset %d", tt.offset)
		assert.Equal(t, tt.col, p.Column, "offset %d", tt.offset)
	}
	assert.Equal(t, "f.conf:2:2", At("f.conf", src, 5).String())
	assert.Equal(t, "2:2", At("", src, 5).String())
}

type posErr struct{ p Position }

func (e posErr) Error() string      { return e.p.String() + ": bad" }
func (e posErr) Position() Position { return e.p }

func TestFind(t *testing.T) {
	p := Position{Filename: "x", Line: 3, Column: 4}
	got, ok := Find(fmt.Errorf("wrapped: %w", posErr{p}))
	assert.True(t, ok)
	assert.Equal(t, p, got)
	_, ok = Find(errors.New("plain"))
	assert.False(t, ok)
	_, ok = Find(posErr{Position{}})
	assert.False(t, ok, "a position with no line is no position")
}
