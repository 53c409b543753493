package nginxconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spliceTests are edits that must splice: the file is not parsed whole
// again, and the tree equals a fresh parse of the result.
var spliceTests = []struct {
	desc, in, upstream, addr string
	add                      bool
}{
	{"add to an upstream nested in http, blocks after it", "http {\n  upstream a {\n    server a1:80;\n  }\n  server {\n    location / { proxy_pass http://a; }\n  }\n  upstream b { server b1:80; }\n}\nevents {}\n", "a", "a2:80", true},
	{"remove from the first of two upstreams", "upstream a {\n  server a1:80;\n  server a2:80;\n}\nupstream b {\n  server b1:80;\n}\n", "a", "a1", false},
	{"add to an empty upstream", "upstream a {\n}\nupstream b { server b1; }\n", "a", "a1:80", true},
	{"add beside on one line", "upstream a { server a1; } upstream b { server b1; }", "a", "a2", true},
	{"add to the last upstream", "upstream a { server a1; }\nupstream b {\n  server b1;\n}\n", "b", "b2", true},
	{"upstream with a Lua balancer", "upstream a {\n  server 0.0.0.1;\n  balancer_by_lua_block {\n    local b = require \"ngx.balancer\" -- }\n  }\n}\nserver { listen 80; }\n", "a", "10.0.0.2", true},
}

func TestSplice(t *testing.T) {
	for _, tt := range spliceTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("s.conf", []byte(tt.in))
			require.NoError(t, err)
			before := wholeReparses.Load()
			var changed bool
			if tt.add {
				changed, err = f.AddServer(tt.upstream, tt.addr)
			} else {
				changed, err = f.RemoveServer(tt.upstream, tt.addr)
			}
			require.NoError(t, err)
			require.True(t, changed)
			assert.Equal(t, before, wholeReparses.Load(), "the edit parsed the whole file again")
			requireFresh(t, f)
		})
	}
}

// luaCommentUpstream is read only with the second reading of Lua
// comments, and has an upstream to edit.
const luaCommentUpstream = "location / {\n    content_by_lua_block { -- comment\nlocal foo = \"bar\" -- comment } }\nupstream u {\n    server a1;\n}\n"

// TestSpliceFallsBack: a file read counting braces in Lua comments (the
// second reading) is parsed whole after an edit, and still equals a fresh
// parse.
func TestSpliceFallsBack(t *testing.T) {
	f, err := Parse("l.conf", []byte(luaCommentUpstream))
	require.NoError(t, err)
	require.False(t, f.luaComments)
	before := wholeReparses.Load()
	changed, err := f.AddServer("u", "a2")
	require.NoError(t, err)
	require.True(t, changed)
	assert.Equal(t, before+1, wholeReparses.Load())
	requireFresh(t, f)
}

// A view of an upstream after the edited one, made before the edit, keeps
// describing the file as it was, though the edit moves the tree's offsets.
func TestViewAfterEditElsewhere(t *testing.T) {
	f, err := Parse("v.conf", []byte("upstream a {\n  server a1;\n}\nupstream b {\n  server b1:80 weight=2;\n}\n"))
	require.NoError(t, err)
	old := f.Upstream("b")
	changed, err := f.AddServer("a", "a-second-server.example.com")
	require.NoError(t, err)
	require.True(t, changed)
	assert.Equal(t, []Server{{Address: "b1:80", Host: "b1", Port: "80", Params: []string{"weight=2"}, Pos: old.Servers()[0].Pos}}, old.Servers())
	assert.Equal(t, 5, old.Servers()[0].Pos.Line)
	now := f.Upstream("b").Servers()
	require.Len(t, now, 1)
	assert.Equal(t, "b1:80", now[0].Address)
	assert.Equal(t, 6, now[0].Pos.Line)
}
