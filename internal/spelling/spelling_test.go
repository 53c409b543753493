package spelling

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var distanceTests = []struct {
	desc string
	a, b string
	want int
}{
	{"both empty", "", "", 0},
	{"equal", "host", "host", 0},
	{"from empty", "", "host", 4},
	{"to empty", "host", "", 4},
	{"two neighbours swapped count one", "hots", "host", 1},
	{"a letter missing", "add-nod", "add-node", 1},
	{"a letter too many", "add-nodee", "add-node", 1},
	{"a letter wrong", "hast", "host", 1},
	{"unrelated", "ip", "mta-id", 5},
	{"the textbook case", "kitten", "sitting", 3},
	{"a host name with a swap", "node2.int.exmaple.com", "node2.int.example.com", 1},
}

func TestDistance(t *testing.T) {
	for _, tt := range distanceTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, Distance(tt.a, tt.b), "Distance(%q, %q)", tt.a, tt.b)
			assert.Equal(t, tt.want, Distance(tt.b, tt.a), "the distance is symmetric")
		})
	}
}

var (
	someFlags = []string{"host", "ip", "mta-id", "role", "root", "cluster", "dry-run", "json", "wait"}
	someVerbs = []string{"add-node", "remove-node", "add-to-files", "remove-from-files", "add-peer", "remove-peer", "status", "version", "help"}
)

var closestTests = []struct {
	desc       string
	name       string
	candidates []string
	want       string // "" for no suggestion
}{
	{"a swap", "hots", someFlags, "host"},
	{"a dash missing", "dryrun", someFlags, "dry-run"},
	{"a swap in a longer flag", "clustre", someFlags, "cluster"},
	{"a swap at the end", "jsno", someFlags, "json"},
	{"one letter is close to nothing", "x", someFlags, ""},
	{"far from everything", "verbose", someFlags, ""},
	{"a verb missing its last letter", "add-nod", someVerbs, "add-node"},
	{"a verb with a plural", "remove-nodes", someVerbs, "remove-node"},
	{"a swapped verb", "stauts", someVerbs, "status"},
	{"too short to guess", "add", someVerbs, ""},
	{"another word", "delete-node", someVerbs, ""},
}

func TestClosest(t *testing.T) {
	for _, tt := range closestTests {
		t.Run(tt.desc, func(t *testing.T) {
			assert.Equal(t, tt.want, Closest(tt.name, tt.candidates), "Closest(%q)", tt.name)
		})
	}
}
