package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/topics"
)

// alertKinds are the kinds of alert rules, in the order of the form.
var alertKinds = []model.AlertKind{model.AlertAny, model.AlertSpike, model.AlertNegativeShare, model.AlertReach}

// alertParamFields are the rule parameters of the form.
var alertParamFields = []string{"window", "sensitivity", "min_count", "threshold", "followers", "quiet", "remind"}

// channelSlots is how many notification channels the form offers.
const channelSlots = 2

// alertsData is the alert rules page.
type alertsData struct {
	Topics     []model.Topic
	TopicNames map[int64]string
	Rules      []topics.RuleView
	Topic      int64 // the topic the list is filtered on, 0 for all
	Kinds      []model.AlertKind
	Channels   []string
	Slots      []int
}

func (s *server) alertsData(r *http.Request, p *page) (alertsData, error) {
	d := alertsData{TopicNames: map[int64]string{}, Kinds: alertKinds, Channels: notify.Types()}
	for i := 1; i <= channelSlots; i++ {
		d.Slots = append(d.Slots, i)
	}
	ts, err := s.Topics.Topics(r.Context(), p.WS.Slug)
	if err != nil {
		return d, err
	}
	d.Topics = ts
	for _, t := range ts {
		d.TopicNames[t.ID] = t.Name
	}
	d.Topic, _ = strconv.ParseInt(r.URL.Query().Get("topic"), 10, 64)
	rules, err := s.Topics.Rules(r.Context(), p.WS.Slug)
	if err != nil {
		return d, err
	}
	for _, rv := range rules {
		if d.Topic == 0 || rv.TopicID == d.Topic {
			d.Rules = append(d.Rules, rv)
		}
	}
	return d, nil
}

func (s *server) alertsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "alerts.title", "listening"
	d, err := s.alertsData(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if d.Topic != 0 {
		p.Fields["topic_id"] = strconv.FormatInt(d.Topic, 10)
	}
	p.Fields["kind"] = string(model.AlertAny)
	p.Data = d
	s.render(w, r, http.StatusOK, "topic_alerts", p)
}

// formNumber reads an optional number of the form (a French decimal comma
// is accepted); empty is 0, the service's "default".
func formNumber(field, v string) (float64, error) {
	v = strings.TrimSpace(strings.Replace(v, ",", ".", 1))
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, apperr.Invalid(field, "error.number_invalid", "must be a number")
	}
	return f, nil
}

// ruleInput reads the alert rule form.
func ruleInput(r *http.Request) (topics.RuleInput, error) {
	f := r.PostForm
	in := topics.RuleInput{Name: f.Get("name"), Kind: f.Get("kind")}
	var err error
	if in.TopicID, err = strconv.ParseInt(f.Get("topic_id"), 10, 64); err != nil {
		return in, apperr.Invalid("topic_id", "error.required", "is required")
	}
	if in.Params, err = ruleParams(r); err != nil {
		return in, err
	}
	in.Notify = ruleChannels(r)
	return in, nil
}

// ruleParams reads the settings of the alert rule form; an empty field is
// the default.
func ruleParams(r *http.Request) (topics.Params, error) {
	f := r.PostForm
	var in topics.Params
	var err error
	in.Window, in.Quiet, in.Remind = strings.TrimSpace(f.Get("window")), strings.TrimSpace(f.Get("quiet")), strings.TrimSpace(f.Get("remind"))
	if in.Sensitivity, err = formNumber("sensitivity", f.Get("sensitivity")); err != nil {
		return in, err
	}
	if in.Threshold, err = formNumber("threshold", f.Get("threshold")); err != nil {
		return in, err
	}
	n, err := formNumber("min_count", f.Get("min_count"))
	if err != nil {
		return in, err
	}
	in.MinCount = int64(n)
	if n, err = formNumber("followers", f.Get("followers")); err != nil {
		return in, err
	}
	in.Followers = int64(n)
	return in, nil
}

// ruleChannels reads the notification channels of the alert rule form.
func ruleChannels(r *http.Request) []notify.Channel {
	f := r.PostForm
	chs := []notify.Channel{}
	for i := 1; i <= channelSlots; i++ {
		pre := fmt.Sprintf("ch%d_", i)
		typ := f.Get(pre + "type")
		if typ == "" {
			continue
		}
		ch := notify.Channel{Type: typ, URL: strings.TrimSpace(f.Get(pre + "url")), Secret: f.Get(pre + "secret")}
		for _, a := range strings.FieldsFunc(f.Get(pre+"to"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' }) {
			ch.To = append(ch.To, a)
		}
		chs = append(chs, ch)
	}
	return chs
}

// keepRuleFields refills the alert form from what was submitted (never
// the secrets).
func keepRuleFields(r *http.Request, p *page, extra ...string) {
	for _, k := range append(extra, alertParamFields...) {
		p.Fields[k] = r.PostForm.Get(k)
	}
	for i := 1; i <= channelSlots; i++ {
		for _, k := range []string{"type", "url", "to"} {
			k = fmt.Sprintf("ch%d_%s", i, k)
			p.Fields[k] = r.PostForm.Get(k)
		}
	}
}

func (s *server) createAlert(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "alerts.title", "listening"
	d, err := s.alertsData(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = d
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "topic_alerts", p)
		return
	}
	keepRuleFields(r, p, "topic_id", "name", "kind")
	in, err := ruleInput(r)
	if err != nil {
		s.fail(w, r, err, "topic_alerts", p)
		return
	}
	rv, err := s.Topics.CreateRule(r.Context(), p.WS.Slug, in)
	if err != nil {
		s.fail(w, r, err, "topic_alerts", p)
		return
	}
	s.redirect(w, r, wsURL(p, fmt.Sprintf("listening/alerts?topic=%d", rv.TopicID)), "flash.alert_created")
}

// alertEditData is an alert rule's edit form and its delete confirmation.
type alertEditData struct {
	Rule      topics.RuleView
	TopicName string
	Channels  []string
	Slots     []int
}

// alertOf reads the rule named in the path, with its topic's name.
func (s *server) alertOf(r *http.Request, p *page) (alertEditData, error) {
	d := alertEditData{Channels: notify.Types()}
	for i := 1; i <= channelSlots; i++ {
		d.Slots = append(d.Slots, i)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return d, err
	}
	if d.Rule, err = s.Topics.Rule(r.Context(), p.WS.Slug, id); err != nil {
		return d, err
	}
	t, err := s.Topics.Topic(r.Context(), p.WS.Slug, d.Rule.TopicID)
	if err != nil {
		return d, err
	}
	d.TopicName = t.Name
	return d, nil
}

// formFloat shows a setting in the form: empty for the default (0).
func formFloat(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (s *server) editAlertPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "alerts.edit_title", "listening"
	d, err := s.alertOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if !p.Can("manager") {
		s.fail(w, r, apperr.Forbidden(), "", p)
		return
	}
	rv := d.Rule
	p.Fields = map[string]string{"name": rv.Name, "window": rv.Window, "quiet": rv.Quiet, "remind": rv.Remind,
		"sensitivity": formFloat(rv.Sensitivity), "threshold": formFloat(rv.Threshold),
		"min_count": formFloat(float64(rv.MinCount)), "followers": formFloat(float64(rv.Followers))}
	if rv.Enabled {
		p.Fields["enabled"] = "on"
	}
	for i, ch := range rv.Notify {
		if i >= channelSlots {
			break
		}
		p.Fields[fmt.Sprintf("ch%d_type", i+1)] = ch.Type
		p.Fields[fmt.Sprintf("ch%d_to", i+1)] = strings.Join(ch.To, ", ")
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "topic_alert_edit", p)
}

func (s *server) updateAlert(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "alerts.edit_title", "listening"
	d, err := s.alertOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = d
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "topic_alert_edit", p)
		return
	}
	keepRuleFields(r, p, "name", "enabled", "replace_channels")
	f := r.PostForm
	params, err := ruleParams(r)
	if err != nil {
		s.fail(w, r, err, "topic_alert_edit", p)
		return
	}
	name, enabled := f.Get("name"), f.Get("enabled") == "on"
	up := topics.RuleUpdate{Name: &name, Enabled: &enabled, Window: &params.Window, Quiet: &params.Quiet, Remind: &params.Remind,
		Sensitivity: &params.Sensitivity, Threshold: &params.Threshold, MinCount: &params.MinCount, Followers: &params.Followers}
	if f.Get("replace_channels") == "on" {
		chs := ruleChannels(r)
		up.Notify = &chs
	}
	rv, err := s.Topics.UpdateRule(r.Context(), p.WS.Slug, d.Rule.ID, up)
	if err != nil {
		s.fail(w, r, err, "topic_alert_edit", p)
		return
	}
	s.redirect(w, r, wsURL(p, fmt.Sprintf("listening/alerts?topic=%d", rv.TopicID)), "flash.alert_updated")
}

// setAlertEnabled turns a rule on or off from the list.
func (s *server) setAlertEnabled(on bool) func(http.ResponseWriter, *http.Request, *page) {
	return func(w http.ResponseWriter, r *http.Request, p *page) {
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err, "", p)
			return
		}
		rv, err := s.Topics.UpdateRule(r.Context(), p.WS.Slug, id, topics.RuleUpdate{Enabled: &on})
		if err != nil {
			s.fail(w, r, err, "", p)
			return
		}
		s.redirect(w, r, wsURL(p, fmt.Sprintf("listening/alerts?topic=%d", rv.TopicID)), "flash.alert_updated")
	}
}

// deleteAlertPage asks before deleting a rule (and its incidents).
func (s *server) deleteAlertPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "alerts.delete_title", "listening"
	d, err := s.alertOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if !p.Can("manager") {
		s.fail(w, r, apperr.Forbidden(), "", p)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "topic_alert_delete", p)
}

// deleteAlert deletes a rule once confirmed; a request without the
// confirmation (an old form, a hand-made post) goes to the question.
func (s *server) deleteAlert(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if r.PostForm.Get("confirm") != "yes" {
		http.Redirect(w, r, wsURL(p, fmt.Sprintf("listening/alerts/%d/delete", id)), http.StatusSeeOther)
		return
	}
	if err := s.Topics.DeleteRule(r.Context(), p.WS.Slug, id); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "listening/alerts"), "flash.alert_deleted")
}

// incidentsData is the incidents list.
type incidentsData struct {
	Incidents  []model.Incident
	TopicNames map[int64]string
	All        bool // closed incidents included
	NextURL    string
}

func (s *server) incidentsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "incidents.title", "listening"
	q := r.URL.Query()
	d := incidentsData{TopicNames: map[int64]string{}, All: q.Get("state") == "all"}
	ts, err := s.Topics.Topics(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	for _, t := range ts {
		d.TopicNames[t.ID] = t.Name
	}
	res, err := s.Topics.Incidents(r.Context(), p.WS.Slug, topics.IncidentQuery{Live: !d.All, Cursor: q.Get("cursor"), Limit: 50})
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d.Incidents = res.Items
	if res.NextCursor != "" {
		state := "live"
		if d.All {
			state = "all"
		}
		d.NextURL = wsURL(p, "listening/incidents") + "?state=" + state + "&cursor=" + res.NextCursor
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "incident_list", p)
}

// incidentData is one incident's page.
type incidentData struct {
	Incident topics.IncidentDetail
	Topic    model.Topic
	Details  []incidentFact
	Timeline []incidentEvent
	Volume   chart
	HasCurve bool
	Posts    []itemView
	Crisis   bool // the workspace is in crisis mode
}

// incidentFact is one figure of the incident's last evaluation.
type incidentFact struct{ Key, Value string }

// incidentEvent is a step of the incident's life.
type incidentEvent struct {
	At   time.Time
	When string
	What string
}

func (s *server) incidentPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "incidents.one_title", "listening"
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	in, err := s.Topics.Incident(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	t, err := s.Topics.Topic(r.Context(), p.WS.Slug, in.TopicID)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d := incidentData{Incident: in, Topic: t, Details: incidentFacts(p, in.Details), Timeline: incidentTimeline(p, in.Incident),
		Posts: s.itemViews(p, in.Items), Crisis: p.Crisis != nil && p.Crisis.Active}
	// The volume curve: from a day before it opened to its end (or now).
	end := time.Now()
	if in.ClosedAt != nil {
		end = in.ClosedAt.Add(time.Hour)
	}
	from := in.OpenedAt.Add(-24 * time.Hour)
	interval := "hour"
	if end.Sub(from) > 14*24*time.Hour {
		interval = "day"
	}
	st, err := s.Topics.Stats(r.Context(), p.WS.Slug, topics.StatsQuery{TopicIDs: []int64{t.ID}, From: from.UTC().Format(time.RFC3339),
		To: end.UTC().Format(time.RFC3339), Interval: interval})
	if err == nil && len(st.Topics) == 1 {
		d.Volume, d.HasCurve = volumeChart(p, "incident-volume", st, st.Topics[0]), true
	} else if err != nil {
		s.Log.WarnContext(r.Context(), "web: incident volume", "incident", id, "err", err)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "incident_detail", p)
}

// incidentFacts lists the figures of an incident's details in a stable
// order, labelled in the page's language.
func incidentFacts(p *page, raw json.RawMessage) []incidentFact {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]incidentFact, 0, len(keys))
	for _, k := range keys {
		label := p.T("alert.field." + k)
		if label == "alert.field."+k {
			label = k
		}
		v := m[k]
		var val string
		switch x := v.(type) {
		case float64:
			if k == "share" || k == "threshold" && x <= 1 {
				val = p.Pct(x)
			} else if x == math.Trunc(x) {
				val = strconv.FormatInt(int64(x), 10)
			} else {
				val = p.Num(x, 2)
			}
		default:
			val = fmt.Sprint(x)
		}
		out = append(out, incidentFact{label, val})
	}
	return out
}

// incidentTimeline lists what happened to an incident, oldest first.
func incidentTimeline(p *page, in model.Incident) []incidentEvent {
	ev := []incidentEvent{{At: in.OpenedAt, What: p.T("incidents.ev_opened")}}
	if in.NotifiedAt != nil {
		ev = append(ev, incidentEvent{At: *in.NotifiedAt, What: p.T("incidents.ev_notified", in.Reminders)})
	}
	if in.LastTriggeredAt.After(in.OpenedAt) {
		ev = append(ev, incidentEvent{At: in.LastTriggeredAt, What: p.T("incidents.ev_triggered")})
	}
	if in.AckedAt != nil {
		who := in.AckedByName
		if who == "" {
			who = p.T("incidents.someone")
		}
		ev = append(ev, incidentEvent{At: *in.AckedAt, What: p.T("incidents.ev_acked", who)})
	}
	if in.ClosedAt != nil {
		ev = append(ev, incidentEvent{At: *in.ClosedAt, What: p.T("incidents.ev_closed")})
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].At.Before(ev[j].At) })
	for i := range ev {
		ev[i].When = p.Time(ev[i].At)
	}
	return ev
}

func (s *server) ackIncident(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if _, err := s.Topics.AckIncident(r.Context(), p.WS.Slug, id); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, fmt.Sprintf("listening/incidents/%d", id)), "flash.incident_acked")
}

// crisisData is the crisis page.
type crisisData struct {
	Crisis model.Crisis
	Since  string
	// Incident is the incident that proposed crisis mode, if any.
	Incident int64
}

func (s *server) crisisPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "crisis.title", "listening"
	c, err := s.Topics.Crisis(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d := crisisData{Crisis: c}
	d.Incident, _ = strconv.ParseInt(r.URL.Query().Get("incident"), 10, 64)
	if c.Since != nil {
		d.Since = p.Time(*c.Since)
	}
	p.Fields["reason"] = c.Reason
	if d.Incident != 0 && c.Reason == "" {
		p.Fields["reason"] = p.T("crisis.reason_from_incident", d.Incident)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "crisis", p)
}

func (s *server) setCrisis(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "crisis.title", "listening"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	in := topics.CrisisInput{Active: r.PostForm.Get("active") == "on", Reason: r.PostForm.Get("reason")}
	in.IncidentID, _ = strconv.ParseInt(r.PostForm.Get("incident"), 10, 64)
	if _, err := s.Topics.SetCrisis(r.Context(), p.WS.Slug, in); err != nil {
		// The form shows the state as it is, with what was typed.
		c, cerr := s.Topics.Crisis(r.Context(), p.WS.Slug)
		if cerr != nil {
			s.fail(w, r, cerr, "", p)
			return
		}
		p.Fields["reason"] = r.PostForm.Get("reason")
		p.Data = crisisData{Crisis: c, Incident: in.IncidentID}
		s.fail(w, r, err, "crisis", p)
		return
	}
	flash := "flash.crisis_lifted"
	if in.Active {
		flash = "flash.crisis_on"
	}
	s.redirect(w, r, wsURL(p, "crisis"), flash)
}
