package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// liveTopic streams a topic's new mentions as server-sent events: each
// "items" event carries the new items that matched the topic as HTML (the
// mentions' fragment, escaped by html/template); "lagged" says some were
// missed. The dashboard's script re-fetches the server-rendered dashboard
// on each event, so counts and charts follow; without script, a reload
// does the same. It ends when the client goes away or the server stops.
func (s *server) liveTopic(w http.ResponseWriter, r *http.Request, p *page) {
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.streamItems(w, r, p, func(items []model.Item) []model.Item { return topicItems(items, t.ID) })
}

// topicItems keeps the items matched to a topic.
func topicItems(items []model.Item, topicID int64) []model.Item {
	return slices.DeleteFunc(items, func(it model.Item) bool { return !slices.Contains(it.Topics, topicID) })
}

// liveRange says whether a dashboard's period includes now, so that new
// mentions belong on it. A period without an end ends at the time the
// stats were computed, a moment before now: it counts as live too.
func liveRange(from, to, now time.Time) bool {
	return !now.Before(from) && to.After(now.Add(-time.Minute))
}
