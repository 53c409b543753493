package nginxconf

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// editTests hold what txtar cannot: CR bytes and files without a final
// newline.
var editTests = []struct {
	desc    string
	in      string
	add     bool // AddServer, else RemoveServer
	addr    string
	changed bool
	want    string
}{
	{
		desc: "add keeps crlf",
		in:   "upstream click_proxy {\r\n     server node1:2081;\r\n     least_conn;\r\n   }\r\n",
		add:  true, addr: "node2:2081", changed: true,
		want: "upstream click_proxy {\r\n     server node1:2081;\r\n     server node2:2081;\r\n     least_conn;\r\n   }\r\n",
	},
	{
		desc: "remove keeps crlf",
		in:   "upstream click_proxy {\r\n     server node1:2081;\r\n     server node2:2081;\r\n   }\r\n",
		addr: "node1:2081", changed: true,
		want: "upstream click_proxy {\r\n     server node2:2081;\r\n   }\r\n",
	},
	{
		desc: "add copies the server line's ending in a mixed file",
		in:   "upstream click_proxy {\n\tserver node1:2081;\r\n}\n",
		add:  true, addr: "node2:2081", changed: true,
		want: "upstream click_proxy {\n\tserver node1:2081;\r\n\tserver node2:2081;\r\n}\n",
	},
	{
		desc: "add with no final newline",
		in:   "upstream click_proxy {\n  server node1:2081;\n}",
		add:  true, addr: "node2:2081", changed: true,
		want: "upstream click_proxy {\n  server node1:2081;\n  server node2:2081;\n}",
	},
	{
		desc: "remove with no final newline",
		in:   "upstream click_proxy {\n  server node1:2081;\n  server node2:2081;\n}",
		addr: "node2", changed: true,
		want: "upstream click_proxy {\n  server node1:2081;\n}",
	},
	{
		desc: "add to an empty crlf block",
		in:   "upstream click_proxy {\r\n}\r\n",
		add:  true, addr: "node1:2081", changed: true,
		want: "upstream click_proxy {\r\n    server node1:2081;\r\n}\r\n",
	},
	{
		desc: "add present is a no-op with crlf",
		in:   "upstream click_proxy {\r\n  server Node1:2081;\r\n}",
		add:  true, addr: "node1:2081",
		want: "upstream click_proxy {\r\n  server Node1:2081;\r\n}",
	},
	{
		desc: "remove the crlf line of a multi-line server",
		in:   "upstream u {\r\n  server a:1\r\n    weight=2;\r\n  server b:1;\r\n}\r\n",
		addr: "a", changed: true,
		want: "upstream u {\r\n  server b:1;\r\n}\r\n",
	},
}

func TestEditTable(t *testing.T) {
	for _, tt := range editTests {
		t.Run(tt.desc, func(t *testing.T) {
			f, err := Parse("x.conf", []byte(tt.in))
			require.NoError(t, err)
			name := f.Upstreams()[0].Name
			var changed bool
			if tt.add {
				changed, err = f.AddServer(name, tt.addr)
			} else {
				changed, err = f.RemoveServer(name, tt.addr)
			}
			require.NoError(t, err)
			requireFresh(t, f)
			assert.Equal(t, tt.changed, changed)
			assert.Equal(t, tt.want, string(f.Bytes()))
		})
	}
}
