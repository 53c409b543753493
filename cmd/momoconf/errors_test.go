package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/momoconf/momoconf"
	"github.com/momoconf/momoconf/codes"
	"github.com/momoconf/momoconf/ecconf"
	"github.com/momoconf/momoconf/srcpos"
)

// errorCodeTests wrap each typed error as the library wraps it.
var errorCodeTests = []struct {
	desc string
	err  error
	want string
}{
	{"a conflict", fmt.Errorf("10.0.0.1 is the address of n1: %w", codes.Conflict), "conflict"},
	{"an mta_id taken", fmt.Errorf("mta_id 2: %w", codes.MTAIDTaken), "mta-id-taken"},
	{"not a member", fmt.Errorf("from: %w", codes.NotMember), "not-member"},
	{"an empty target", fmt.Errorf("dir: %w", codes.TargetEmpty), "target-empty"},
	{"an ip needed", fmt.Errorf("list: %w", codes.NeedIP), "need-ip"},
	{"the last entry", fmt.Errorf("list: %w", codes.LastEntry), "last-entry"},
	{"too few analytics nodes", fmt.Errorf("analytics: %w", codes.TooFew), "too-few"},
	{"locked", fmt.Errorf("dir: %w", codes.Locked), "locked"},
	{"a prepared change", fmt.Errorf("dir: %w", codes.Prepared), "prepared"},
	{"an untrusted journal", fmt.Errorf("journal: %w", codes.Untrusted), "untrusted"},
	{"a stale plan", fmt.Errorf("file: %w", codes.PlanStale), "plan-stale"},
	{"interrupted and rolled back", fmt.Errorf("%w: %w", codes.Interrupted, codes.RolledBack), "interrupted"},
	{"refused by nginx", fmt.Errorf("nginx: %w", codes.InvalidConfig), "invalid-config"},
	{"the rollback failed", fmt.Errorf("disk full: %w", &momoconf.RollbackError{Changed: []string{"a.conf"}, Journal: "j"}), codeRollbackFailed},
	{"a failed write rolled back", fmt.Errorf("disk full: %w", codes.RolledBack), "rolled-back"},
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
