package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// liveTopic streams a topic's new mentions as server-sent events: each
// "items" event carries the new items that matched the topic as HTML (the
// dashboard's fragment, escaped by html/template); "lagged" says some were
// missed. The dashboard's script re-fetches the server-rendered dashboard
// on each event, so counts and charts follow; without script, a reload
// does the same. It ends when the client goes away or the server stops.
func (s *server) liveTopic(w http.ResponseWriter, r *http.Request, p *page) {
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	rc := http.NewResponseController(w)
	sub := s.Listen.Broker.Subscribe(p.WS.ID)
	defer s.Listen.Broker.Unsubscribe(sub)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 5000\nevent: ready\ndata: \n\n"); err != nil || rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(livePing)
	defer ping.Stop()
	tpl := s.pages["topic_dashboard"]
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return
		case <-s.Stopping:
			return
		case items := <-sub.C:
			matched := topicItems(items, t.ID)
			if len(matched) == 0 {
				continue
			}
			var buf bytes.Buffer
			if err := tpl.ExecuteTemplate(&buf, "listen_items", s.itemViews(p, matched)); err != nil {
				s.Log.Error("web: render live mentions", "err", err)
				return
			}
			msg = sseEvent("items", buf.String())
		case <-sub.Lagged:
			msg = sseEvent("lagged", "")
		case <-ping.C:
			msg = ": ping\n\n"
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// topicItems returns the items matched to a topic, newest first (a copy:
// the broker shares its slice with every subscriber).
func topicItems(items []model.Item, topicID int64) []model.Item {
	var out []model.Item
	for _, it := range items {
		if slices.Contains(it.Topics, topicID) {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

// liveRange says whether a dashboard's period includes now, so that new
// mentions belong on it. A period without an end ends at the time the
// stats were computed, a moment before now: it counts as live too.
func liveRange(from, to, now time.Time) bool {
	return !now.Before(from) && to.After(now.Add(-time.Minute))
}
