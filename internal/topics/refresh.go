package topics

import (
	"context"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// heldTopic is what the matcher holds of a topic: enough to tell whether
// the stored topic changed since.
type heldTopic struct {
	wsID    int64
	query   string
	updated time.Time
}

// hold records that the matcher has t (or, for an inactive topic, that it
// has not).
func (s *Service) hold(t model.Topic) {
	s.heldMu.Lock()
	defer s.heldMu.Unlock()
	if !t.Active {
		delete(s.held, t.ID)
		return
	}
	s.held[t.ID] = heldTopic{wsID: t.WorkspaceID, query: t.Query, updated: t.UpdatedAt}
}

// release records that the matcher dropped a topic.
func (s *Service) release(id int64) {
	s.heldMu.Lock()
	delete(s.held, id)
	s.heldMu.Unlock()
}

// Refresh brings the matcher up to date with topics created, changed or
// deleted by other processes sharing the database. It first reads a
// cheap version of the topics (count and latest change); only when it
// differs from the last one seen does it list the active topics, and it
// recompiles only those whose query or change time differ from what the
// matcher holds. It returns how many topics were added, changed or removed.
func (s *Service) Refresh(ctx context.Context) (int, error) {
	q := s.db.Q()
	v, err := q.GetTopicsVersion(ctx)
	if err != nil {
		return 0, err
	}
	s.heldMu.Lock()
	same := s.version == v
	s.heldMu.Unlock()
	if same {
		return 0, nil
	}
	ts, err := q.ListTopics(ctx, 0)
	if err != nil {
		return 0, err
	}
	s.heldMu.Lock()
	defer s.heldMu.Unlock()
	n := 0
	listed := make(map[int64]bool, len(ts))
	for _, t := range ts {
		listed[t.ID] = true
		h, ok := s.held[t.ID]
		if ok && (h.query == t.Query && h.updated.Equal(t.UpdatedAt) || h.updated.After(t.UpdatedAt)) {
			continue // unchanged, or this process already holds a newer state
		}
		if err := s.matcher.Set(t); err != nil {
			s.log.Error("topic query does not compile", "topic", t.ID, "err", err)
			continue
		}
		s.held[t.ID] = heldTopic{wsID: t.WorkspaceID, query: t.Query, updated: t.UpdatedAt}
		n++
	}
	for id, h := range s.held {
		if !listed[id] {
			s.matcher.Remove(h.wsID, id)
			delete(s.held, id)
			n++
		}
	}
	s.version = v
	return n, nil
}

// RunRefresh calls Refresh every interval until ctx ends (the loop that
// lets several `parvis serve` processes share topics). Errors are logged
// and retried at the next tick.
func (s *Service) RunRefresh(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.Refresh(ctx); err != nil {
				if ctx.Err() == nil {
					s.log.Warn("topics: refresh", "err", err)
				}
			} else if n > 0 {
				s.log.Info("topics: refreshed from the database", "changed", n)
			}
		}
	}
}
