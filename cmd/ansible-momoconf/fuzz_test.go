package main

import (
	"strings"
	"testing"
)

// FuzzParseArgs feeds arbitrary arguments files to the parser: it must not
// panic, and what it accepts must pass its own checks.
func FuzzParseArgs(f *testing.F) {
	f.Add([]byte(`{"host": "node4.int.example.com", "ip": "10.77.0.97", "mta_id": 5, "_ansible_check_mode": true}`))
	f.Add([]byte(`{"state": "query", "validate": "yes", "backup": null}`))
	f.Add([]byte(`{"state": "absent", "host": "a", "mta_id": "7"}`))
	f.Add([]byte(`{"role": "analytics", "hots": 1}`))
	f.Add([]byte(`[1, 2]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := parseArgs("args", data)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("an empty error message")
			}
			return
		}
		if err := a.check(); err != nil {
			t.Fatalf("accepted arguments fail their checks: %v", err)
		}
	})
}
