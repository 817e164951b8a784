package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/topics"
)

func (d *Deps) listTopics(r *http.Request) (int, any, error) {
	ts, err := d.Topics.Topics(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": nonNil(ts)}, err
}

func (d *Deps) createTopic(r *http.Request) (int, any, error) {
	var in topics.TopicInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	t, err := d.Topics.CreateTopic(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, t, err
}

func (d *Deps) getTopic(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	t, err := d.Topics.Topic(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, t, err
}

func (d *Deps) patchTopic(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up topics.TopicUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	t, err := d.Topics.UpdateTopic(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, t, err
}

func (d *Deps) deleteTopic(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Topics.DeleteTopic(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) listTopicItems(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	iq, err := ItemQueryFrom(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := iq.ToFilter(0)
	if err != nil {
		return 0, nil, err
	}
	limit := f.Limit
	f.Limit++
	items, err := d.Topics.TopicItems(r.Context(), r.PathValue("ws"), id, f)
	if err != nil {
		return 0, nil, err
	}
	p := listen.ItemPage{Items: nonNil(items)}
	if len(items) > limit {
		p.Items = items[:limit]
		p.NextCursor = listen.Cursor(items[limit-1])
	}
	return http.StatusOK, p, nil
}

// statsQuery reads ?from=&to=&interval=.
func statsQuery(r *http.Request, ids []int64) topics.StatsQuery {
	q := r.URL.Query()
	return topics.StatsQuery{TopicIDs: ids, From: q.Get("from"), To: q.Get("to"), Interval: q.Get("interval")}
}

func (d *Deps) topicStats(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	st, err := d.Topics.Stats(r.Context(), r.PathValue("ws"), statsQuery(r, []int64{id}))
	return http.StatusOK, st, err
}

// compareTopics is the stats of several topics: ?topics=1,2,3.
func (d *Deps) compareTopics(r *http.Request) (int, any, error) {
	var ids []int64
	for _, s := range strings.Split(r.URL.Query().Get("topics"), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return 0, nil, apperr.Invalid("topics", "error.id_invalid", "must be a numeric id")
		}
		ids = append(ids, id)
	}
	st, err := d.Topics.Stats(r.Context(), r.PathValue("ws"), statsQuery(r, ids))
	return http.StatusOK, st, err
}

func (d *Deps) listAlerts(r *http.Request) (int, any, error) {
	rs, err := d.Topics.Rules(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": nonNil(rs)}, err
}

func (d *Deps) createAlert(r *http.Request) (int, any, error) {
	var in topics.RuleInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	a, err := d.Topics.CreateRule(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, a, err
}

func (d *Deps) getAlert(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	a, err := d.Topics.Rule(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, a, err
}

func (d *Deps) patchAlert(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up topics.RuleUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	a, err := d.Topics.UpdateRule(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, a, err
}

func (d *Deps) deleteAlert(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Topics.DeleteRule(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) listIncidents(r *http.Request) (int, any, error) {
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	iq := topics.IncidentQuery{Live: q.Get("state") == "live", Cursor: q.Get("cursor"), Limit: n}
	if s := q.Get("topic"); s != "" {
		if iq.TopicID, err = strconv.ParseInt(s, 10, 64); err != nil {
			return 0, nil, apperr.Invalid("topic", "error.id_invalid", "must be a numeric id")
		}
	}
	p, err := d.Topics.Incidents(r.Context(), r.PathValue("ws"), iq)
	return http.StatusOK, p, err
}

func (d *Deps) getIncident(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := d.Topics.Incident(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, in, err
}

func (d *Deps) ackIncident(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := d.Topics.AckIncident(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, in, err
}

func (d *Deps) getCrisis(r *http.Request) (int, any, error) {
	c, err := d.Topics.Crisis(r.Context(), r.PathValue("ws"))
	return http.StatusOK, c, err
}

func (d *Deps) putCrisis(r *http.Request) (int, any, error) {
	var in topics.CrisisInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := d.Topics.SetCrisis(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, c, err
}
