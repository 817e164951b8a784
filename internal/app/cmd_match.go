package app

import (
	"context"
	"errors"
)

// PLACEHOLDER: replaced by the real command in its own change.
func runMatch(_ context.Context, _ *Env, _ []string) error {
	return errors.New("match: not built yet")
}
