package nginxconf

import (
	"bytes"
	"strings"
)

// isLuaBlock reports whether a directive named name takes a Lua body, which
// lua-nginx-module reads with its own lexer (content_by_lua_block and kin).
func isLuaBlock(name []byte) bool {
	return bytes.HasSuffix(name, []byte("_by_lua_block"))
}

// luaBlockEnd returns the offset of the "}" closing a Lua body that starts at
// i (just past its "{"), or -1 when the file ends first. Braces inside Lua
// strings and long strings do not count, nor, when comments is set, those
// inside Lua comments.
func luaBlockEnd(src []byte, i int, comments bool) int {
	depth := 0
	for i < len(src) {
		switch c := src[i]; c {
		case '-':
			if comments && i+1 < len(src) && src[i+1] == '-' {
				i = luaCommentEnd(src, i+2)
				continue
			}
		case '[':
			if level, ok := longOpen(src, i); ok {
				i = longClose(src, i+level+2, level)
				continue
			}
		case '"', '\'':
			i = luaStringEnd(src, i)
			continue
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		}
		i++
	}
	return -1
}

// luaCommentEnd returns the end of a comment whose "--" ends at i: a long
// comment --[==[ ... ]==] or a line comment (its line ending excluded).
func luaCommentEnd(src []byte, i int) int {
	if level, ok := longOpen(src, i); ok {
		return longClose(src, i+level+2, level)
	}
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return len(src)
	}
	return i + j
}

// longOpen reports whether a long bracket [==[ opens at i, and its level
// (the number of "=").
func longOpen(src []byte, i int) (int, bool) {
	if i >= len(src) || src[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j < len(src) && src[j] == '[' {
		return j - i - 1, true
	}
	return 0, false
}

// longClose returns the offset just past the ]==] of the given level that
// closes a long bracket whose content starts at i, or len(src).
func longClose(src []byte, i, level int) int {
	closer := "]" + strings.Repeat("=", level) + "]"
	j := bytes.Index(src[i:], []byte(closer))
	if j < 0 {
		return len(src)
	}
	return i + j + len(closer)
}

// luaStringEnd returns the offset just past a short Lua string opened at i.
// An unescaped line ending also ends it, as Lua allows no raw newline there.
func luaStringEnd(src []byte, i int) int {
	quote := src[i]
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case quote:
			return i + 1
		case '\n':
			return i
		}
	}
	return len(src)
}
