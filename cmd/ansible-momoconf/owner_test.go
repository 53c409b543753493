package main

import (
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

func ownerOf(t *testing.T, path string) uint32 {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	st, ok := info.Sys().(*syscall.Stat_t)
	require.True(t, ok)
	return st.Uid
}
