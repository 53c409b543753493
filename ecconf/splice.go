package ecconf

import (
	"strings"

	"github.com/momoconf/momoconf/internal/source"
)

// removeEdits returns the edits that take item k out of sq. An item alone
// on its line(s) goes with them, line ending included; otherwise it goes
// with the separator that joined it to its neighbours, and a ")" that
// shared its line stays on the line of the new last item.
func (f *File) removeEdits(sq seq, k int) []source.Edit {
	src, it := f.src, sq.items[k]
	if source.OnlySpaceBefore(src, it.start) && source.RestIsBlank(src, it.commaEnd, '#') && !sq.closeFollows(src, it.commaEnd) {
		return append(f.removeLines(it.start, it.commaEnd), f.dropDanglingComma(sq, k)...)
	}
	var prev item
	prevOnLine := k > 0 && !f.hasComment(sq.items[k-1].end, it.start)
	if k > 0 {
		prev = sq.items[k-1]
		prevOnLine = prevOnLine && (source.SameLine(src, prev.end, it.start) || sq.closeFollows(src, it.commaEnd))
	}
	switch {
	case prevOnLine && it.hasComma && prev.hasComma:
		return []source.Edit{{Start: prev.commaEnd, End: it.commaEnd}}
	case prevOnLine && it.hasComma:
		return []source.Edit{{Start: prev.end, End: it.end}}
	case prevOnLine:
		return []source.Edit{{Start: prev.end, End: it.commaEnd}}
	case sq.closeFollows(src, it.commaEnd):
		return []source.Edit{{Start: it.start, End: sq.close}}
	case k+1 < len(sq.items) && !f.hasComment(it.commaEnd, sq.items[k+1].start) &&
		(sq.commas || source.SameLine(src, it.start, sq.items[k+1].start)):
		// the next item takes its place; in a list, even from the next line
		return []source.Edit{{Start: it.start, End: sq.items[k+1].start}}
	}
	end := skipBlanks(src, it.commaEnd)
	start := it.start
	if end == source.LineEnd(src, end) {
		// nothing follows on the line: take the spacing before it instead
		for start > sq.open && (src[start-1] == ' ' || src[start-1] == '\t') {
			start--
		}
		end = it.commaEnd
	}
	return []source.Edit{{Start: start, End: end}}
}

// removeLines removes the lines holding src[start:end], line ending
// included. On a last line without a line ending, the line ending before it
// goes instead, so the file still ends the way it did.
func (f *File) removeLines(start, end int) []source.Edit {
	ls, next := source.LineStart(f.src, start), source.NextLineStart(f.src, end)
	if next == len(f.src) && source.LineEnding(f.src, end) == "" && ls > 0 {
		ls -= len(source.LineEnding(f.src, ls-1))
	}
	return []source.Edit{{Start: ls, End: next}}
}

// dropDanglingComma removes the comma of the item before k when k, the last
// item, had none: the new last item then ends the way the old one did.
func (f *File) dropDanglingComma(sq seq, k int) []source.Edit {
	if !sq.commas || k == 0 || k != len(sq.items)-1 || sq.items[k].hasComma || !sq.items[k-1].hasComma {
		return nil
	}
	p := sq.items[k-1]
	return []source.Edit{{Start: p.commaEnd - 1, End: p.commaEnd}}
}

// insertEdits returns the edits that put text into sq right after item k
// (k < 0: into an empty sequence) in the layout of item k. text is one item
// as written, without indent; its later lines, if any, carry their own.
func (f *File) insertEdits(sq seq, k int, text string) []source.Edit {
	if k < 0 {
		return f.insertEmpty(sq, text)
	}
	src, last := f.src, sq.items[k]
	lineLayout := source.OnlySpaceBefore(src, last.start) || (!source.SameLine(src, last.end, sq.close) && sq.close < len(src))
	if !lineLayout {
		return []source.Edit{{Start: last.end, End: last.end, New: f.inlineSep(sq, k) + text}}
	}
	indent, eol := alignTo(src, last.start), f.eol(last.start)
	edits, text := f.commaEdits(sq, k, text)
	after := last.commaEnd
	switch {
	case sq.closeFollows(src, after):
		return append(edits, source.Edit{Start: after, End: after, New: eol + indent + text})
	case source.RestIsBlank(src, after, '#') && source.LineEnding(src, after) == "":
		end := len(src)
		return append(edits, source.Edit{Start: end, End: end, New: eol + indent + text})
	case source.RestIsBlank(src, after, '#'):
		at := source.NextLineStart(src, after)
		return append(edits, source.Edit{Start: at, End: at, New: indent + text + eol})
	}
	return append(edits, source.Edit{Start: after, End: after, New: " " + text})
}

// inlineSep returns what joins items on one line: the separator between
// the last two items, or a space.
func (f *File) inlineSep(sq seq, k int) string {
	if k > 0 {
		sep := f.text(sq.items[k-1].end, sq.items[k].start)
		if sep != "" && !strings.ContainsAny(sep, "\r\n#*") {
			return sep
		}
	}
	return " "
}

// commaEdits keeps a comma-separated sequence laid out one item a line
// consistent: the new item takes a comma when the last item had one, and
// the last item gets one when only the items before it had them.
func (f *File) commaEdits(sq seq, k int, text string) ([]source.Edit, string) {
	last := sq.items[k]
	switch {
	case !sq.commas:
		return nil, text
	case last.hasComma:
		return nil, text + ","
	case k > 0 && sq.items[k-1].hasComma:
		return []source.Edit{{Start: last.end, End: last.end, New: ","}}, text
	}
	return nil, text
}

// insertEmpty puts text into a sequence that has no item yet.
func (f *File) insertEmpty(sq seq, text string) []source.Edit {
	src := f.src
	if sq.close == len(src) && sq.open == 0 {
		return f.appendTopLevel(text)
	}
	inner := f.text(sq.open, sq.close)
	switch {
	case strings.TrimLeft(inner, " \t") == "":
		return []source.Edit{{Start: sq.open, End: sq.close, New: inner + text + inner}}
	case !source.OnlySpaceBefore(src, sq.close) || strings.TrimLeft(inner, " \t\r\n") == "" && source.SameLine(src, sq.open, sq.close):
		return []source.Edit{{Start: sq.close, End: sq.close, New: text + " "}}
	}
	indent := source.Indent(src, sq.close) + source.IndentUnit(f.src, "  ")
	if c := f.lastCommentLine(sq.open, sq.close); c >= 0 {
		indent = source.Indent(src, c)
	}
	at := source.LineStart(src, sq.close)
	return []source.Edit{{Start: at, End: at, New: indent + text + f.eol(sq.open)}}
}

// appendTopLevel adds text as the last line of a file with no statement.
func (f *File) appendTopLevel(text string) []source.Edit {
	end := len(f.src)
	eol := source.FileLineEnding(f.src)
	if end > 0 && f.src[end-1] != '\n' {
		return []source.Edit{{Start: end, End: end, New: eol + text}}
	}
	return []source.Edit{{Start: end, End: end, New: text + eol}}
}
