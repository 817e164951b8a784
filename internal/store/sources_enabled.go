package store

import (
	"context"

	"github.com/parvis/parvis/internal/model"
)

// ListEnabledSources lists the enabled sources of every workspace except
// those of type skip (the live stream supervisor looks for streaming ones).
func (q *Q) ListEnabledSources(ctx context.Context, skip string) ([]model.Source, error) {
	rows, err := q.Query(ctx, `SELECT `+sourceCols+` FROM sources WHERE enabled = TRUE AND type <> ? ORDER BY id`, skip)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
