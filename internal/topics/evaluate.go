package topics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
)

type evaluatePayload struct {
	WorkspaceID int64 `json:"workspace_id"`
}

// perItemLookback bounds how old an item may be to fire a per-item rule
// (any, reach): searching the history for a new topic must not alert on
// last year's posts.
const perItemLookback = 24 * time.Hour

// tickEvery is how often live incidents are checked for reminders and
// closing.
const tickEvery = 5 * time.Minute

// Spike is what the spike detector saw.
type Spike struct {
	Observed int64   `json:"observed"`
	Expected float64 `json:"expected"` // the median of the samples
	Spread   float64 `json:"spread"`   // the robust standard deviation used
	Score    float64 `json:"score"`
	Method   string  `json:"method"` // "weekly", "daily" or "none" (not enough history)
	Samples  []int64 `json:"samples,omitempty"`
}

// DetectSpike compares the count of the current window with the same
// window at earlier lags (docs/alerts.md): the same hour of the same
// weekday over up to 4 previous weeks when at least 3 are covered by the
// history, else the same hour of up to 7 previous days. The expected level
// is the median of these samples, the spread 1.4826 × their median
// absolute deviation, floored at the Poisson noise √median (and 1) so that
// a flat history does not make every extra post a spike.
func DetectSpike(observed int64, weekly, daily []int64) Spike {
	sp := Spike{Observed: observed, Method: "none"}
	switch {
	case len(weekly) >= 3:
		sp.Method, sp.Samples = "weekly", weekly
	case len(daily) >= 3:
		sp.Method, sp.Samples = "daily", daily
	default:
		return sp
	}
	med := median(sp.Samples)
	dev := make([]float64, len(sp.Samples))
	for i, v := range sp.Samples {
		dev[i] = math.Abs(float64(v) - med)
	}
	mad := medianF(dev)
	sp.Expected = med
	sp.Spread = max(1.4826*mad, math.Sqrt(med), 1)
	sp.Score = (float64(observed) - med) / sp.Spread
	return sp
}

func median(v []int64) float64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return medianF(f)
}

func medianF(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// spikeSamples counts the rule's topic in the window at earlier lags that
// the stored history covers.
func (s *Service) spikeSamples(ctx context.Context, q *store.Q, topicID int64, now time.Time, window time.Duration, since time.Time) (weekly, daily []int64, err error) {
	count := func(lag time.Duration) (int64, bool, error) {
		from := now.Add(-lag - window)
		if since.IsZero() || from.Before(since) {
			return 0, false, nil
		}
		n, _, err := q.CountTopicMatches(ctx, topicID, from, now.Add(-lag))
		return n, true, err
	}
	const day = 24 * time.Hour
	for k := 1; k <= 4; k++ {
		n, ok, err := count(time.Duration(k) * 7 * day)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			weekly = append(weekly, n)
		}
	}
	for k := 1; k <= 7; k++ {
		n, ok, err := count(time.Duration(k) * day)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			daily = append(daily, n)
		}
	}
	return weekly, daily, nil
}

// check is the verdict of one rule at one time.
type check struct {
	fired   bool
	details map[string]any
	itemIDs []int64
	// window is the period whose matches join the incident.
	window time.Duration
	// severe rules (a strong spike, most items negative) suggest crisis mode.
	severe bool
}

func (s *Service) checkRule(ctx context.Context, q *store.Q, r model.AlertRule, now time.Time) (check, error) {
	var p Params
	json.Unmarshal(r.Params, &p)
	st, err := p.settings(r.Kind)
	if err != nil {
		return check{}, err
	}
	c := check{window: st.window}
	switch r.Kind {
	case model.AlertAny, model.AlertReach:
		since := r.CreatedAt
		if r.LastEvaluatedAt != nil {
			// Transactions commit out of order: look a little further back;
			// alert_hits keeps an item from counting twice.
			since = r.LastEvaluatedAt.Add(-10 * time.Minute)
		}
		minF := int64(-1)
		if r.Kind == model.AlertReach {
			minF = st.followers
		}
		hits, err := q.NewAlertHits(ctx, r.ID, r.TopicID, since, now.Add(-perItemLookback), minF)
		if err != nil {
			return c, err
		}
		var top int64 = -1
		for _, h := range hits {
			c.itemIDs = append(c.itemIDs, h.ItemID)
			top = max(top, h.Followers)
		}
		c.fired = len(hits) > 0
		c.details = map[string]any{"items": len(hits)}
		if r.Kind == model.AlertReach {
			c.details["followers"] = top
			c.details["threshold"] = st.followers
		}
	case model.AlertNegativeShare:
		total, neg, err := q.CountTopicMatches(ctx, r.TopicID, now.Add(-st.window), now.Add(time.Microsecond))
		if err != nil {
			return c, err
		}
		share := 0.0
		if total > 0 {
			share = float64(neg) / float64(total)
		}
		c.fired = total >= st.minCount && share >= st.threshold
		c.severe = share >= 0.6 && total >= 3*st.minCount
		c.details = map[string]any{"total": total, "negative": neg, "share": math.Round(share*1000) / 1000,
			"threshold": st.threshold, "window": st.window.String()}
	case model.AlertSpike:
		observed, _, err := q.CountTopicMatches(ctx, r.TopicID, now.Add(-st.window), now.Add(time.Microsecond))
		if err != nil {
			return c, err
		}
		since, err := q.FirstItemTime(ctx, r.WorkspaceID)
		if err != nil {
			return c, err
		}
		weekly, daily, err := s.spikeSamples(ctx, q, r.TopicID, now.Add(time.Microsecond), st.window, since)
		if err != nil {
			return c, err
		}
		sp := DetectSpike(observed, weekly, daily)
		c.fired = sp.Method != "none" && sp.Score >= st.sensitivity && observed >= st.minCount
		c.severe = sp.Score >= 2*st.sensitivity && observed >= 3*st.minCount
		c.details = map[string]any{"observed": sp.Observed, "expected": sp.Expected, "score": math.Round(sp.Score*100) / 100,
			"method": sp.Method, "window": st.window.String()}
	}
	return c, nil
}

// evaluateJob evaluates every enabled rule of a workspace after new
// matches, then looks after its live incidents.
func (s *Service) evaluateJob(ctx context.Context, j model.Job) error {
	var p evaluatePayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	return s.Evaluate(ctx, p.WorkspaceID)
}

// Evaluate runs the alert rules of a workspace now.
func (s *Service) Evaluate(ctx context.Context, wsID int64) error {
	now := s.clock.Now()
	rules, err := s.db.Q().ListAlertRules(ctx, wsID)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		err := s.db.InTx(ctx, func(q *store.Q) error {
			c, err := s.checkRule(ctx, q, r, now)
			if err != nil {
				return err
			}
			if err := s.follow(ctx, q, r, c, now); err != nil {
				return err
			}
			return q.RecordAlertEvaluation(ctx, r.ID, now, "")
		})
		if err != nil {
			s.log.Error("alert rule evaluation failed", "rule", r.ID, "err", err)
			s.db.Q().RecordAlertEvaluation(ctx, r.ID, now, err.Error())
		}
	}
	return s.Tick(ctx, wsID)
}

// follow opens an incident when the rule fired and none is live, or adds
// to the live one: the items of the window join it, and only its opening
// notifies.
func (s *Service) follow(ctx context.Context, q *store.Q, r model.AlertRule, c check, now time.Time) error {
	in, err := q.LiveIncident(ctx, r.ID)
	live := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !live && !c.fired {
		return nil
	}
	crisis, err := q.GetCrisis(ctx, r.WorkspaceID)
	if err != nil {
		return err
	}
	details, _ := json.Marshal(c.details)
	if !live {
		t, err := q.GetTopic(ctx, r.WorkspaceID, r.TopicID)
		if err != nil {
			return err
		}
		in = model.Incident{WorkspaceID: r.WorkspaceID, RuleID: r.ID, TopicID: r.TopicID, Kind: r.Kind, State: model.IncidentOpen,
			Summary: t.Name, Details: details, Priority: "normal", OpenedAt: now, LastTriggeredAt: now,
			SuggestCrisis: c.severe && !crisis.Active}
		if crisis.Active || c.severe {
			in.Priority = "high"
		}
		if err := q.CreateIncident(ctx, &in); err != nil {
			return err
		}
	} else if c.fired {
		in.LastTriggeredAt, in.Details = now, details
		if c.severe && in.Priority != "high" {
			in.Priority, in.SuggestCrisis = "high", !crisis.Active
		}
	}
	// What follows joins the incident: the fired items, or for window
	// rules every match of the topic since the window before it opened.
	var added int64
	if r.Kind == model.AlertAny || r.Kind == model.AlertReach {
		added, err = q.AddIncidentItems(ctx, in.ID, c.itemIDs)
	} else {
		added, err = q.AttachTopicMatches(ctx, in.ID, r.TopicID, in.OpenedAt.Add(-c.window), now.Add(time.Microsecond))
	}
	if err != nil {
		return err
	}
	in.ItemsCount += added
	if !live {
		in.NotifiedAt = &now
		if err := s.enqueueNotify(ctx, q, r, in, "incident.opened", 0); err != nil {
			return err
		}
		if _, _, err := s.jobs.Enqueue(ctx, q, TickJob, evaluatePayload{WorkspaceID: r.WorkspaceID},
			jobs.EnqueueOptions{UniqueKey: TickJob + ":" + strconv.FormatInt(r.WorkspaceID, 10), WorkspaceID: r.WorkspaceID,
				RunAt: now.Add(tickEvery)}); err != nil {
			return err
		}
	}
	return q.UpdateIncident(ctx, &in)
}

func (s *Service) tickJob(ctx context.Context, j model.Job) error {
	var p evaluatePayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	if err := s.Tick(ctx, p.WorkspaceID); err != nil {
		return err
	}
	live, err := s.db.Q().ListIncidents(ctx, store.IncidentFilter{WorkspaceID: p.WorkspaceID, Live: true, Limit: 1})
	if err != nil {
		return err
	}
	if len(live) > 0 {
		return jobs.Snooze(tickEvery, "incidents still open")
	}
	return nil
}

// Tick closes the live incidents of a workspace whose rule has been quiet
// long enough, and reminds about unacknowledged ones.
func (s *Service) Tick(ctx context.Context, wsID int64) error {
	now := s.clock.Now()
	live, err := s.db.Q().ListIncidents(ctx, store.IncidentFilter{WorkspaceID: wsID, Live: true, Limit: 200})
	if err != nil {
		return err
	}
	crisis, err := s.db.Q().GetCrisis(ctx, wsID)
	if err != nil {
		return err
	}
	for _, in := range live {
		err := s.db.InTx(ctx, func(q *store.Q) error {
			r, err := q.GetAlertRule(ctx, wsID, in.RuleID)
			if err != nil {
				return err
			}
			var p Params
			json.Unmarshal(r.Params, &p)
			st, err := p.settings(r.Kind)
			if err != nil {
				return err
			}
			switch {
			case now.Sub(in.LastTriggeredAt) >= st.quiet:
				in.State, in.ClosedAt = model.IncidentClosed, &now
			case in.State == model.IncidentOpen && st.remind > 0:
				every := st.remind
				if crisis.Active {
					every /= 2
				}
				if in.NotifiedAt != nil && now.Sub(*in.NotifiedAt) < every {
					return nil
				}
				in.Reminders++
				in.NotifiedAt = &now
				if err := s.enqueueNotify(ctx, q, r, in, "incident.reminder", in.Reminders); err != nil {
					return err
				}
			default:
				return nil
			}
			return q.UpdateIncident(ctx, &in)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type notifyPayload struct {
	WorkspaceID int64  `json:"workspace_id"`
	IncidentID  int64  `json:"incident_id"`
	Event       string `json:"event"`
	Channel     int    `json:"channel"`
}

// enqueueNotify asks for one delivery per channel, each a durable job
// retried on its own, so that a failing chat webhook does not resend the
// e-mail.
func (s *Service) enqueueNotify(ctx context.Context, q *store.Q, r model.AlertRule, in model.Incident, event string, n int) error {
	chs, err := s.channels(r)
	if err != nil {
		return err
	}
	for i := range chs {
		key := fmt.Sprintf("%s:%d:%s:%d:%d", NotifyJob, in.ID, event, n, i)
		if _, _, err := s.jobs.Enqueue(ctx, q, NotifyJob, notifyPayload{WorkspaceID: r.WorkspaceID, IncidentID: in.ID, Event: event, Channel: i},
			jobs.EnqueueOptions{UniqueKey: key, WorkspaceID: r.WorkspaceID}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyJob(ctx context.Context, j model.Job) error {
	var p notifyPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	in, err := q.GetIncident(ctx, p.WorkspaceID, p.IncidentID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if p.Event == "incident.reminder" && in.State != model.IncidentOpen {
		return nil // acknowledged or closed since
	}
	r, err := q.GetAlertRule(ctx, p.WorkspaceID, in.RuleID)
	if err != nil {
		return err
	}
	chs, err := s.channels(r)
	if err != nil {
		return jobs.Permanent(err)
	}
	if p.Channel >= len(chs) {
		return nil // the rule's channels changed
	}
	ws, err := q.GetWorkspace(ctx, strconv.FormatInt(p.WorkspaceID, 10))
	if err != nil {
		return err
	}
	msg := s.message(ws, in, p.Event)
	if err := s.sender.Send(ctx, chs[p.Channel], msg); err != nil {
		if notify.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return err
	}
	return nil
}

// message renders an incident's notification in the workspace's language.
func (s *Service) message(ws model.Workspace, in model.Incident, event string) notify.Message {
	lang := ws.Language
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	title := t("alert.title."+string(in.Kind), in.Summary)
	if event == "incident.reminder" {
		title = t("alert.reminder", title)
	}
	var d map[string]any
	json.Unmarshal(in.Details, &d)
	var fields []notify.Field
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fields = append(fields, notify.Field{Label: t("alert.field." + k), Value: fmt.Sprint(d[k])})
	}
	link := ""
	if s.baseURL != "" {
		link = fmt.Sprintf("%s/w/%s/incidents/%d", s.baseURL, ws.Slug, in.ID)
	}
	loc, err := time.LoadLocation(ws.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return notify.Message{Event: event, Title: title, Text: t("alert.text", ws.Name, in.OpenedAt.In(loc).Format("2006-01-02 15:04 MST"), in.ItemsCount),
		Link: link, Priority: in.Priority, Workspace: ws.Name, Topic: in.Summary, IncidentID: in.ID, Fields: fields, At: s.clock.Now()}
}
