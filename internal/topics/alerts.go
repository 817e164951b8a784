package topics

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
)

// Params are the settings of an alert rule; each kind reads some of them
// and the others keep their defaults.
type Params struct {
	// Window is the period spike and negative_share look at (default 1h).
	Window string `json:"window,omitempty"`
	// Sensitivity is how many robust standard deviations above its usual
	// level a spike must be (default 3).
	Sensitivity float64 `json:"sensitivity,omitempty"`
	// MinCount is the least number of items in the window for spike
	// (default 5) and negative_share (default 10) to fire.
	MinCount int64 `json:"min_count,omitempty"`
	// Threshold is the share of negative items, 0 to 1 (default 0.4).
	Threshold float64 `json:"threshold,omitempty"`
	// Followers is the reach threshold of an author (default 10000).
	Followers int64 `json:"followers,omitempty"`
	// Quiet is how long an incident stays open without the rule firing
	// again (default 2h).
	Quiet string `json:"quiet,omitempty"`
	// Remind is the interval of reminders while an incident is not
	// acknowledged (default 4h, halved in crisis mode); "off" for none.
	Remind string `json:"remind,omitempty"`
}

// settings are Params checked, with defaults.
type settings struct {
	window, quiet, remind time.Duration
	sensitivity           float64
	minCount              int64
	threshold             float64
	followers             int64
}

func parseDur(field, v string, def, lo, hi time.Duration) (time.Duration, error) {
	if v == "" {
		return def, nil
	}
	if field == "remind" && (v == "off" || v == "0") {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || d > hi {
		return 0, apperr.Invalid(field, "error.alert_duration", "must be a duration from %s to %s, such as 1h", lo, hi)
	}
	return d, nil
}

func (p Params) settings(kind model.AlertKind) (settings, error) {
	var st settings
	var err error
	if st.window, err = parseDur("window", p.Window, time.Hour, 5*time.Minute, 7*24*time.Hour); err != nil {
		return st, err
	}
	if st.quiet, err = parseDur("quiet", p.Quiet, 2*time.Hour, 5*time.Minute, 7*24*time.Hour); err != nil {
		return st, err
	}
	if st.remind, err = parseDur("remind", p.Remind, 4*time.Hour, 15*time.Minute, 7*24*time.Hour); err != nil {
		return st, err
	}
	st.sensitivity, st.minCount, st.threshold, st.followers = p.Sensitivity, p.MinCount, p.Threshold, p.Followers
	if st.sensitivity == 0 {
		st.sensitivity = 3
	}
	if st.sensitivity < 1 || st.sensitivity > 20 {
		return st, apperr.Invalid("sensitivity", "error.alert_range", "must be from %v to %v", 1, 20)
	}
	if st.minCount == 0 {
		st.minCount = 5
		if kind == model.AlertNegativeShare {
			st.minCount = 10
		}
	}
	if st.minCount < 1 || st.minCount > 1_000_000 {
		return st, apperr.Invalid("min_count", "error.alert_range", "must be from %v to %v", 1, 1000000)
	}
	if st.threshold == 0 {
		st.threshold = 0.4
	}
	if st.threshold <= 0 || st.threshold > 1 {
		return st, apperr.Invalid("threshold", "error.alert_range", "must be from %v to %v", 0.01, 1)
	}
	if st.followers == 0 {
		st.followers = 10000
	}
	if st.followers < 1 {
		return st, apperr.Invalid("followers", "error.alert_range", "must be from %v to %v", 1, "∞")
	}
	return st, nil
}

// RuleInput creates an alert rule: {"topic_id":…, "kind":…, its
// parameters…, "notify":[…]}.
type RuleInput struct {
	TopicID int64  `json:"topic_id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Params
	Notify  []notify.Channel `json:"notify"`
	Enabled *bool            `json:"enabled"`
}

// RuleUpdate changes a rule; nil fields stay. Notify, when given,
// replaces every channel (webhook URLs and secrets are not shown back, so
// they must be given again).
type RuleUpdate struct {
	Name        *string           `json:"name"`
	Window      *string           `json:"window"`
	Sensitivity *float64          `json:"sensitivity"`
	MinCount    *int64            `json:"min_count"`
	Threshold   *float64          `json:"threshold"`
	Followers   *int64            `json:"followers"`
	Quiet       *string           `json:"quiet"`
	Remind      *string           `json:"remind"`
	Notify      *[]notify.Channel `json:"notify"`
	Enabled     *bool             `json:"enabled"`
}

// ChannelView is a notification channel as people see it: webhook URLs
// carry credentials, so only their host is shown.
type ChannelView struct {
	Type      string   `json:"type"`
	To        []string `json:"to,omitempty"`
	URL       string   `json:"url,omitempty"`
	HasSecret bool     `json:"has_secret,omitempty"`
}

// RuleView is an alert rule as the API shows it.
type RuleView struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	TopicID     int64           `json:"topic_id"`
	Name        string          `json:"name"`
	Kind        model.AlertKind `json:"kind"`
	Params
	Notify          []ChannelView `json:"notify"`
	Enabled         bool          `json:"enabled"`
	LastEvaluatedAt *time.Time    `json:"last_evaluated_at,omitempty"`
	LastError       string        `json:"last_error,omitempty"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

func ruleView(r model.AlertRule) RuleView {
	v := RuleView{ID: r.ID, WorkspaceID: r.WorkspaceID, TopicID: r.TopicID, Name: r.Name, Kind: r.Kind, Enabled: r.Enabled,
		LastEvaluatedAt: r.LastEvaluatedAt, LastError: r.LastError, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	json.Unmarshal(r.Params, &v.Params)
	json.Unmarshal(r.Notify, &v.Notify)
	if v.Notify == nil {
		v.Notify = []ChannelView{}
	}
	return v
}

func validKind(k string) bool {
	switch model.AlertKind(k) {
	case model.AlertSpike, model.AlertNegativeShare, model.AlertReach, model.AlertAny:
		return true
	}
	return false
}

// setChannels checks channels and stores them on r: the visible part in
// Notify, the whole sealed in Secrets.
func (s *Service) setChannels(r *model.AlertRule, chs []notify.Channel) error {
	if len(chs) > 10 {
		return apperr.Invalid("notify", "error.alert_channels", "at most %d channels", 10)
	}
	views := make([]ChannelView, len(chs))
	for i, ch := range chs {
		ch.Type = strings.ToLower(strings.TrimSpace(ch.Type))
		chs[i] = ch
		if err := ch.Validate(); err != nil {
			var fe *notify.FieldError
			errors.As(err, &fe)
			return apperr.Invalid("notify", "error.alert_channel", "channel %d (%s): %s", i+1, ch.Type, err.Error())
		}
		views[i] = ChannelView{Type: ch.Type, To: ch.To, HasSecret: ch.Secret != ""}
		if ch.URL != "" {
			views[i].URL = redactURL(ch.URL)
		}
	}
	r.Notify, _ = json.Marshal(views)
	r.Secrets = ""
	if len(chs) > 0 {
		b, _ := json.Marshal(chs)
		r.Secrets = s.box.Seal(b)
	}
	return nil
}

func (s *Service) channels(r model.AlertRule) ([]notify.Channel, error) {
	if r.Secrets == "" {
		return nil, nil
	}
	b, err := s.box.Open(r.Secrets)
	if err != nil {
		return nil, err
	}
	var chs []notify.Channel
	return chs, json.Unmarshal(b, &chs)
}

// Rules lists a workspace's alert rules.
func (s *Service) Rules(ctx context.Context, ws string) ([]RuleView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	rs, err := s.db.Q().ListAlertRules(ctx, w.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := make([]RuleView, len(rs))
	for i, r := range rs {
		out[i] = ruleView(r)
	}
	return out, nil
}

func (s *Service) rule(ctx context.Context, q *store.Q, wsID, id int64) (model.AlertRule, error) {
	r, err := q.GetAlertRule(ctx, wsID, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, apperr.NotFound("alert")
	}
	if err != nil {
		return r, apperr.Internal(err)
	}
	return r, nil
}

// Rule returns one alert rule.
func (s *Service) Rule(ctx context.Context, ws string, id int64) (RuleView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return RuleView{}, err
	}
	r, err := s.rule(ctx, s.db.Q(), w.ID, id)
	return ruleView(r), err
}

func checkRuleName(name string, kind model.AlertKind, topic string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = topic + " · " + string(kind)
	}
	if utf8.RuneCountInString(name) > 200 {
		return "", apperr.Invalid("name", "error.too_long", "must be at most %d characters", 200)
	}
	return name, nil
}

// CreateRule saves an alert rule on a topic.
func (s *Service) CreateRule(ctx context.Context, ws string, in RuleInput) (RuleView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return RuleView{}, err
	}
	if !validKind(in.Kind) {
		return RuleView{}, apperr.Invalid("kind", "error.alert_kind", "must be spike, negative_share, reach or any")
	}
	r := model.AlertRule{WorkspaceID: w.ID, TopicID: in.TopicID, Kind: model.AlertKind(in.Kind), Enabled: in.Enabled == nil || *in.Enabled}
	if _, err := in.Params.settings(r.Kind); err != nil {
		return RuleView{}, err
	}
	r.Params, _ = json.Marshal(in.Params)
	if err := s.setChannels(&r, in.Notify); err != nil {
		return RuleView{}, err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		t, err := q.GetTopic(ctx, w.ID, in.TopicID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Invalid("topic_id", "error.alert_topic", "is not a topic of this workspace")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if r.Name, err = checkRuleName(in.Name, r.Kind, t.Name); err != nil {
			return err
		}
		if err := q.CreateAlertRule(ctx, &r); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "alert.create", "alert", r.ID, map[string]any{"topic_id": r.TopicID, "kind": r.Kind})
	})
	return ruleView(r), err
}

// UpdateRule changes an alert rule.
func (s *Service) UpdateRule(ctx context.Context, ws string, id int64, up RuleUpdate) (RuleView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return RuleView{}, err
	}
	var r model.AlertRule
	err = s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		if r, err = s.rule(ctx, q, w.ID, id); err != nil {
			return err
		}
		var p Params
		json.Unmarshal(r.Params, &p)
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&p.Window, up.Window)
		set(&p.Quiet, up.Quiet)
		set(&p.Remind, up.Remind)
		if up.Sensitivity != nil {
			p.Sensitivity = *up.Sensitivity
		}
		if up.MinCount != nil {
			p.MinCount = *up.MinCount
		}
		if up.Threshold != nil {
			p.Threshold = *up.Threshold
		}
		if up.Followers != nil {
			p.Followers = *up.Followers
		}
		if _, err := p.settings(r.Kind); err != nil {
			return err
		}
		r.Params, _ = json.Marshal(p)
		if up.Name != nil {
			if r.Name, err = checkRuleName(*up.Name, r.Kind, r.Name); err != nil {
				return err
			}
		}
		if up.Notify != nil {
			if err := s.setChannels(&r, *up.Notify); err != nil {
				return err
			}
		}
		if up.Enabled != nil {
			r.Enabled = *up.Enabled
		}
		if err := q.UpdateAlertRule(ctx, &r); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "alert.update", "alert", r.ID, map[string]any{"enabled": r.Enabled})
	})
	return ruleView(r), err
}

// DeleteRule deletes an alert rule and its incidents.
func (s *Service) DeleteRule(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		if _, err := s.rule(ctx, q, w.ID, id); err != nil {
			return err
		}
		if _, err := q.DeleteAlertRule(ctx, w.ID, id); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "alert.delete", "alert", id, nil)
	})
}

func redactURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return u[:i+3] + rest[:j] + "/…"
		}
	}
	return u
}
