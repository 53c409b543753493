package srcpos

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

var positionJSONTests = []struct {
	desc string
	pos  Position
	want string
}{
	{"a full place", Position{Filename: "a/b.conf", Offset: 17, Line: 3, Column: 5}, `{"file":"a/b.conf","line":3,"column":5}`},
	{"no column", Position{Filename: "a/b.conf", Line: 3}, `{"file":"a/b.conf","line":3}`},
	{"a file only", Position{Filename: "a/b.conf"}, `{"file":"a/b.conf"}`},
	{"no file", Position{Line: 2, Column: 1}, `{"line":2,"column":1}`},
	{"nothing", Position{}, `{}`},
}

// TestPositionJSON: a position's JSON is file, line and column, each left
// out when unknown; the offset is never in it.
func TestPositionJSON(t *testing.T) {
	for _, tt := range positionJSONTests {
		t.Run(tt.desc, func(t *testing.T) {
			got, err := json.Marshal(tt.pos)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			var back Position
			require.NoError(t, json.Unmarshal(got, &back))
			want := tt.pos
			want.Offset = 0
			assert.Equal(t, want, back)
		})
	}
}
