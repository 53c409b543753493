package txn

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

var rollbackErrorTests = []struct {
	desc string
	err  RollbackError
	want string
}{
	{"files changed, journal kept",
		RollbackError{Err: errors.New("a: rename"), Rollback: errors.New("b: put back: EIO"), Changed: []string{"b", "c"}, Journal: "/j"},
		"a: rename; rolling back also failed: b: put back: EIO; still changed: b, c; their old content is kept in /j: run the recovery to put them back"},
	{"only the journal left",
		RollbackError{Err: errors.New("a: rename"), Rollback: errors.New("/j: remove journal: EIO"), Journal: "/j"},
		"a: rename; rolling back also failed: /j: remove journal: EIO; no file is changed, but the journal /j remains: run the recovery to clean up"},
	{"no journal",
		RollbackError{Err: errors.New("a: rename"), Rollback: errors.New("b: put back: EIO"), Changed: []string{"b"}},
		"a: rename; rolling back also failed: b: put back: EIO; still changed: b; no journal keeps their old content"},
}

func TestRollbackErrorMessage(t *testing.T) {
	for _, tt := range rollbackErrorTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
			assert.ErrorIs(t, &tt.err, tt.err.Err)
			assert.ErrorIs(t, &tt.err, tt.err.Rollback)
		})
	}
}
