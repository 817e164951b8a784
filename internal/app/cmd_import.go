package app

import (
	"context"
	"errors"
)

// PLACEHOLDER: replaced by the real command in its own change.
func runImport(_ context.Context, _ *Env, _ []string) error {
	return errors.New("import: not built yet")
}
