package codes

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

var refusals = []Code{NotMember, Conflict, MTAIDTaken, TargetEmpty, PlanStale, NeedIP, LastEntry, TooFew,
	Locked, Untrusted, Prepared, NotPrepared, Interrupted, RolledBack, InvalidConfig, UndoRefused, NotValidated}

var warnings = []Code{NoList, MTAIDRetired, MTAIDPerHost, Quorum, Seeds, DuraVIP, NotChecked, NotListed,
	CopyMentions, CopyNotRegular, KSafety, AnalyticsFew, NoOwnTree, WebuiAuth, Recovered, Committed, History, HostForm, NotValidated}

// TestTextsDiffer: no two codes share a text, so the JSON's "code" tells
// them apart; only NotValidated is both a refusal and a warning.
func TestTextsDiffer(t *testing.T) {
	seen := map[Code]int{}
	for _, c := range append(append([]Code{}, refusals...), warnings...) {
		seen[c]++
		assert.Regexp(t, `^[a-z]+(-[a-z]+)*$`, string(c))
	}
	for c, n := range seen {
		if c == NotValidated {
			assert.Equal(t, 2, n)
			continue
		}
		assert.Equal(t, 1, n, "%s is listed twice", c)
	}
	assert.Len(t, messages, len(refusals), "every refusal has a message, and only they do")
}

// TestCodeIsTheErrorItWraps: a refusal that wraps a code matches it with
// errors.Is and no other code; its message is the code's phrase.
func TestCodeIsTheErrorItWraps(t *testing.T) {
	for _, c := range refusals {
		assert.Equal(t, messages[c], c.Error(), "%s has a message of its own", c)
		assert.NotEmpty(t, c.Error())
		err := fmt.Errorf("node4: %w", c)
		assert.ErrorIs(t, err, c)
		for _, other := range refusals {
			if other != c {
				assert.NotErrorIs(t, err, other, "%s is not %s", c, other)
			}
		}
	}
	assert.Equal(t, "quorum", Quorum.Error())
	assert.Equal(t, "folder locked", Locked.Error())
	var c Code
	assert.True(t, errors.As(fmt.Errorf("x: %w", TooFew), &c))
	assert.Equal(t, TooFew, c)
}
