package codes_test

import (
	"errors"
	"fmt"

	"github.com/momoconf/momoconf/codes"
)

// A refusal wraps the code of its kind: errors.Is tells it, and the code's
// text is what the JSON prints.
func ExampleCode() {
	err := fmt.Errorf("mta_id 3 belongs to node3.int.example.com: %w", codes.MTAIDTaken)
	fmt.Println(errors.Is(err, codes.MTAIDTaken), errors.Is(err, codes.Conflict))
	fmt.Println(err)
	fmt.Println(string(codes.MTAIDTaken))
	// Output:
	// true false
	// mta_id 3 belongs to node3.int.example.com: mta_id taken
	// mta-id-taken
}
