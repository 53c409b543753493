package ecconf_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/nginxconf"
	"github.com/momoconf/momoconf/srcpos"
)

// Each format has its own error type: an nginx error is no *ecconf.Error,
// and both are positioned for srcpos.Find.
func TestErrorTypesApart(t *testing.T) {
	_, ecErr := ecconf.Parse("e.conf", []byte("a = (\n"))
	_, ngErr := nginxconf.Parse("n.conf", []byte("events {\n"))
	require.Error(t, ecErr)
	require.Error(t, ngErr)
	var ee *ecconf.Error
	var ne *nginxconf.Error
	assert.ErrorAs(t, ecErr, &ee)
	assert.NotErrorAs(t, ecErr, &ne)
	assert.ErrorAs(t, ngErr, &ne)
	assert.NotErrorAs(t, ngErr, &ee)
	var _ srcpos.Positioned = ee
	pos, ok := srcpos.Find(fmt.Errorf("wrapped: %w", ecErr))
	assert.True(t, ok)
	assert.Equal(t, "e.conf:2:1", pos.String())
}

// Parse keeps a copy of src; Bytes returns a copy.
func TestParseKeepsACopy(t *testing.T) {
	src := []byte("a = 1\n")
	f, err := ecconf.Parse("t.conf", src)
	require.NoError(t, err)
	src[4] = '9'
	got := f.Bytes()
	assert.Equal(t, "a = 1\n", string(got))
	got[4] = '8'
	assert.Equal(t, "a = 1\n", string(f.Bytes()))
	assert.Equal(t, "1", f.Root().Option("a").Value.Text)
}

func ExampleError() {
	_, err := ecconf.Parse("msg_gen.conf", []byte("msg_gen {\n  node a {\n}\n"))
	var e *ecconf.Error
	if errors.As(err, &e) {
		fmt.Println(e.Pos.Line, e.Pos.Column, e.Msg)
	}
	// Output:
	// 4 1 found end of file (expected an option or scope name, or "}" closing the scope opened at 1:9)
}
