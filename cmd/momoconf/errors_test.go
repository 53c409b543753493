package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/srcpos"
	"github.com/stretchr/testify/assert"
)

// errorCodeTests wrap each typed error as the library wraps it.
var errorCodeTests = []struct {
	desc string
	err  error
	want string
}{
	{"a conflict", &momoconf.ConflictError{Field: "ip", Value: "10.0.0.1"}, codeConflict},
	{"an mta_id taken", fmt.Errorf("mta_id 2: %w", momoconf.ErrMTAIDTaken), codeMTAIDTaken},
	{"not a member", fmt.Errorf("from: %w", momoconf.ErrNotMember), codeNotMember},
	{"an empty target", fmt.Errorf("dir: %w", momoconf.ErrTargetEmpty), codeTargetEmpty},
	{"an ip needed", fmt.Errorf("list: %w", momoconf.ErrNeedIP), codeNeedIP},
	{"the last entry", fmt.Errorf("list: %w", momoconf.ErrLastEntry), codeLastEntry},
	{"too few analytics nodes", fmt.Errorf("analytics: %w", momoconf.ErrTooFew), codeTooFew},
	{"locked", fmt.Errorf("dir: %w", momoconf.ErrLocked), codeLocked},
	{"a prepared change", fmt.Errorf("dir: %w", momoconf.ErrPrepared), codePrepared},
	{"an untrusted journal", fmt.Errorf("journal: %w", momoconf.ErrUntrusted), codeUntrusted},
	{"a stale plan", fmt.Errorf("file: %w", momoconf.ErrPlanStale), codePlanStale},
	{"interrupted and rolled back", fmt.Errorf("%w: %w", momoconf.ErrInterrupted, momoconf.ErrRolledBack), codeInterrupted},
	{"refused by nginx", fmt.Errorf("nginx: %w", momoconf.ErrInvalidConfig), codeInvalidConfig},
	{"the rollback failed", fmt.Errorf("disk full: %w", &momoconf.RollbackError{Changed: []string{"a.conf"}, Journal: "j"}), codeRollbackFailed},
	{"a failed write rolled back", fmt.Errorf("disk full: %w", momoconf.ErrRolledBack), codeRolledBack},
	{"a file that does not parse", fmt.Errorf("cluster: %w", parseError("msg_gen {\n")), codeParse},
	{"a refusal that only points at a place", positioned{srcpos.Position{Filename: "f.conf", Line: 2, Column: 1}}, codeError},
	{"anything else", errors.New("something else"), codeError},
}

func TestErrorCode(t *testing.T) {
	for _, tt := range errorCodeTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, errorCode(tt.err), "%v", tt.err)
		})
	}
}

// parseError returns ecconf's error for src, which must not parse.
func parseError(src string) error {
	_, err := ecconf.Parse("msg_gen.conf", []byte(src))
	if err == nil {
		panic("parseError: " + src + " parses")
	}
	return err
}
