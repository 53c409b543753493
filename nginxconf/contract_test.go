package nginxconf_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/nginxconf"
)

// Parse keeps a copy of src; Bytes returns a copy.
func TestParseKeepsACopy(t *testing.T) {
	src := []byte("upstream u { server a:1; }\n")
	f, err := nginxconf.Parse("t.conf", src)
	require.NoError(t, err)
	src[20] = 'z'
	got := f.Bytes()
	assert.Equal(t, "upstream u { server a:1; }\n", string(got))
	got[20] = 'y'
	assert.Equal(t, "upstream u { server a:1; }\n", string(f.Bytes()))
	assert.Equal(t, "a:1", f.Upstream("u").Servers()[0].Address)
}

// An edit naming an upstream the file lacks wraps ErrNoUpstream.
func TestNoUpstream(t *testing.T) {
	f, err := nginxconf.Parse("t.conf", []byte("upstream u { server a:1; }\n"))
	require.NoError(t, err)
	for _, verb := range []func() (bool, error){
		func() (bool, error) { return f.AddServer("v", "b:1") },
		func() (bool, error) { return f.RemoveServer("v", "a:1") },
	} {
		changed, err := verb()
		assert.False(t, changed)
		assert.ErrorIs(t, err, nginxconf.ErrNoUpstream)
		var e *nginxconf.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 2, e.Pos.Line)
	}
}

func ExampleError() {
	_, err := nginxconf.Parse("lb.conf", []byte("upstream u {\n  server a:1\n}\n"))
	var e *nginxconf.Error
	if errors.As(err, &e) {
		fmt.Println(e.Pos.Line, e.Pos.Column, e.Msg)
	}
	// Output:
	// 3 1 found "}" inside directive "server" (expected ";" before it)
}

// Servers reports a templated address as written, and RemoveServer takes
// it back by that same address.
func TestTemplateAddressRoundTrip(t *testing.T) {
	f, err := nginxconf.Parse("t.conf", []byte("upstream u {\n  server ${A}:1;\n  server b:1;\n}\n"))
	require.NoError(t, err)
	s := f.Upstream("u").Servers()[0]
	assert.Equal(t, "${A}:1", s.Address)
	assert.Equal(t, "${A}", s.Host)
	changed, err := f.RemoveServer("u", s.Address)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, "upstream u {\n  server b:1;\n}\n", string(f.Bytes()))
}
