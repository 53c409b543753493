package nginxconf

import (
	"fmt"
	"sort"
	"sync"

	"github.com/momoconf/momoconf/internal/source"
	"github.com/momoconf/momoconf/srcpos"
)

// text is one version of a file's bytes with a line index built on first
// use, so positions cost a binary search rather than a rescan.
type text struct {
	name  string
	src   []byte
	once  sync.Once
	lines []int // offset of the first byte of each line
}

// pos returns the position of offset.
func (t *text) pos(offset int) srcpos.Position {
	t.once.Do(t.index)
	offset = max(0, min(offset, len(t.src)))
	i := sort.SearchInts(t.lines, offset+1) - 1
	return srcpos.Position{Filename: t.name, Offset: offset, Line: i + 1, Column: offset - t.lines[i] + 1}
}

func (t *text) index() {
	t.lines = append(t.lines, 0)
	for i, c := range t.src {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
}

// lineCol returns "line:col" of offset, for messages that cite a second place.
func (t *text) lineCol(offset int) string {
	p := t.pos(offset)
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// errorf returns an *Error at offset.
func (t *text) errorf(offset int, format string, args ...any) *Error {
	return (*Error)(source.Errorf(t.name, t.src, offset, format, args...))
}
