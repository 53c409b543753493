package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/momoconf/momoconf"
)

// TestErrorCode checks that each typed error, wrapped as the library
// wraps it, gets its stable code.
func TestErrorCode(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&momoconf.ConflictError{Field: "ip", Value: "10.0.0.1"}, codeConflict},
		{fmt.Errorf("mta_id 2: %w", momoconf.ErrMTAIDTaken), codeMTAIDTaken},
		{fmt.Errorf("from: %w", momoconf.ErrNotMember), codeNotMember},
		{fmt.Errorf("dir: %w", momoconf.ErrTargetEmpty), codeTargetEmpty},
		{fmt.Errorf("list: %w", momoconf.ErrNeedIP), codeNeedIP},
		{fmt.Errorf("list: %w", momoconf.ErrLastEntry), codeLastEntry},
		{fmt.Errorf("analytics: %w", momoconf.ErrTooFew), codeTooFew},
		{fmt.Errorf("dir: %w", momoconf.ErrLocked), codeLocked},
		{fmt.Errorf("file: %w", momoconf.ErrPlanStale), codePlanStale},
		{&momoconf.RolledBackError{Err: momoconf.ErrInterrupted}, codeInterrupted},
		{fmt.Errorf("nginx: %w", momoconf.ErrInvalidConfig), codeInvalidConfig},
		{&momoconf.RollbackError{Err: errors.New("disk full"), Rollback: errors.New("read-only")}, codeRollbackFailed},
		{&momoconf.RolledBackError{Err: errors.New("disk full")}, codeRolledBack},
		{errors.New("something else"), codeError},
	}
	for _, tt := range tests {
		if got := errorCode(tt.err); got != tt.want {
			t.Errorf("errorCode(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
