package workspace

import (
	"time"

	"github.com/parvis/parvis/internal/apperr"
)

// parseTime reads an RFC 3339 time or a date (YYYY-MM-DD, UTC) from a filter.
func parseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.Invalid(field, "error.time_invalid", "must be an RFC 3339 time (2026-01-31T09:00:00Z) or a date (2026-01-31)")
}
