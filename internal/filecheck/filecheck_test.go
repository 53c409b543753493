package filecheck

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/srcpos"
)

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path string
		kind filekind.Kind
		f    Format
	}{
		{"/opt/msys/ecelerity/etc/conf/default/msg_gen.conf", filekind.MsgGen, FormatEcelerity},
		{"x/api_users_upstream.conf", filekind.APIUsers, FormatNginx},
		{"/opt/msys/app/metrics-api/cron/config/production.json", filekind.MetricsCron, FormatJSON},
		{"cassandra.yaml", filekind.CassandraYAML, FormatYAML},
		{"/opt/msys/ecelerity/etc/conf/default/ecelerity.conf", filekind.Unknown, FormatEcelerity},
		{"/etc/nginx/sites-enabled/default.conf", filekind.Unknown, FormatNginx},
		{"/srv/app/config/default.json", filekind.Unknown, FormatJSON},
		{"a.yml", filekind.Unknown, FormatYAML},
		{"ecelerity.conf", filekind.Unknown, ""},
		{"README", filekind.Unknown, ""},
	}
	for _, tt := range tests {
		k, f := FormatOf(tt.path)
		assert.Equal(t, tt.kind, k, tt.path)
		assert.Equal(t, tt.f, f, tt.path)
	}
}

// TestCheckFormat: each format's parser refuses its own kind of fault at
// its place, and accepts a good file.
func TestCheckFormat(t *testing.T) {
	tests := []struct {
		f         Format
		good, bad string
		line      int
	}{
		{FormatEcelerity, "msg_gen { node a { mta_id = 1 } }\n", "msg_gen {\n  node a { mta_id = 1 }\n", 3},
		{FormatNginx, "upstream a {\n  server a:1;\n}\n", "upstream a {\n  server a:1\n}\n", 3},
		{FormatJSON, "{\"a\": [1, 2]}\n", "{\n  \"a\": [1, 2,]\n}\n", 2},
		{FormatYAML, "a: 1\nb: [x]\n", "a: 1\nb: [x\n", 2},
	}
	for _, tt := range tests {
		t.Run(string(tt.f), func(t *testing.T) {
			require.NoError(t, CheckFormat("good", []byte(tt.good), tt.f))
			err := CheckFormat("bad", []byte(tt.bad), tt.f)
			require.Error(t, err)
			pos, ok := srcpos.Find(err)
			require.True(t, ok, "%v has a position", err)
			assert.Equal(t, "bad", pos.Filename)
			assert.Equal(t, tt.line, pos.Line, "%v", err)
			assert.True(t, IsFormatError(fmt.Errorf("wrapped: %w", err)), "%T is a format's error", err)
		})
	}
	assert.False(t, IsFormatError(errors.New("plain")))
	assert.False(t, IsFormatError(placeOnly{srcpos.Position{Filename: "f", Line: 1, Column: 1}}), "a place alone does not make a format's error")
	f, err := ParseFormat("NGINX")
	assert.NoError(t, err)
	assert.Equal(t, FormatNginx, f)
	_, err = ParseFormat("toml")
	assert.ErrorContains(t, err, `unknown format "toml"`)
}

// placeOnly is an error that points at a place and is no format's error.
type placeOnly struct{ pos srcpos.Position }

func (e placeOnly) Error() string             { return e.pos.String() + ": refused" }
func (e placeOnly) Position() srcpos.Position { return e.pos }
