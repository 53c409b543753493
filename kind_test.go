package momoconf

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/momoconf/momoconf/filekind"
)

// TestEveryKindHasItsSpec: specOf finds, for every file kind, the spec of
// that kind (it indexes specs by kind, so their orders must agree), and
// nothing for Unknown or a number past the last kind.
func TestEveryKindHasItsSpec(t *testing.T) {
	assert.Len(t, specs, len(filekind.All()))
	for _, k := range filekind.All() {
		s := specOf(k)
		if assert.NotNil(t, s, k.String()) {
			assert.Equal(t, k, s.kind)
			assert.NotEmpty(t, s.edits, k.String())
			assert.Equal(t, slices.Equal(s.edits, []Role{RoleAnalytics}), k.AnalyticsOnly(), k.String())
		}
	}
	assert.Nil(t, specOf(filekind.Unknown))
	assert.Nil(t, specOf(filekind.Kind(len(specs)+1)))
}
