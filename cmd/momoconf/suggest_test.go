package main

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"host", "host", 0},
		{"", "host", 4},
		{"host", "", 4},
		{"hots", "host", 1},        // swap
		{"add-nod", "add-node", 1}, // insertion
		{"add-nodee", "add-node", 1},
		{"hast", "host", 1},
		{"ip", "mta-id", 5},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	flags := []string{"host", "ip", "mta-id", "role", "root", "cluster", "dry-run", "json", "wait"}
	verbs := []string{"add-node", "remove-node", "add-to-files", "remove-from-files", "add-peer", "remove-peer", "status", "version", "help"}
	tests := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"hots", flags, "host"},
		{"dryrun", flags, "dry-run"},
		{"clustre", flags, "cluster"},
		{"jsno", flags, "json"},
		{"x", flags, ""},       // nothing close
		{"verbose", flags, ""}, // far from everything
		{"add-nod", verbs, "add-node"},
		{"remove-nodes", verbs, "remove-node"},
		{"stauts", verbs, "status"},
		{"add", verbs, ""},
		{"delete-node", verbs, ""},
	}
	for _, tt := range tests {
		if got := closest(tt.name, tt.candidates); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
