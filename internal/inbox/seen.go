package inbox

import (
	"context"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
)

// SeenBy returns who opened each of a page of conversations (the list's
// "seen by" marker). Conversations of other workspaces get nothing.
func (s *Service) SeenBy(ctx context.Context, ws string, ids []int64) (map[int64][]model.Seen, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	if len(ids) > 200 {
		return nil, apperr.Invalid("ids", "error.bulk_ids", "give from 1 to %d conversation ids", 200)
	}
	out := make(map[int64][]model.Seen, len(ids))
	q := s.db.Q()
	for _, id := range ids {
		if _, err := s.conversation(ctx, q, w.ID, id); err != nil {
			continue
		}
		list, err := q.ListSeen(ctx, id)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		out[id] = list
	}
	return out, nil
}
