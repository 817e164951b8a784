package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/topics"
)

// topicKinds are the kinds a topic can have, in the order of the form.
var topicKinds = []model.TopicKind{model.TopicBrand, model.TopicCompetitor, model.TopicCampaign, model.TopicOther}

// topicsData is the topics list.
type topicsData struct {
	Topics []model.Topic
}

func (s *server) topicsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.title", "listening"
	ts, err := s.Topics.Topics(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = topicsData{Topics: ts}
	s.render(w, r, http.StatusOK, "topic_list", p)
}

// topicFormData is the create and edit form of a topic.
type topicFormData struct {
	Topic    *model.Topic // nil: a new topic
	Kinds    []model.TopicKind
	Warnings []string
}

func (s *server) newTopicPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.new_title", "listening"
	p.Fields["kind"] = string(model.TopicBrand)
	p.Data = topicFormData{Kinds: topicKinds}
	s.render(w, r, http.StatusOK, "topic_form", p)
}

// topicFields keeps the submitted form to refill it.
func topicFields(r *http.Request, p *page) {
	for _, k := range []string{"name", "query", "kind", "color"} {
		p.Fields[k] = r.PostForm.Get(k)
	}
}

func (s *server) createTopic(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.new_title", "listening"
	p.Data = topicFormData{Kinds: topicKinds}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "topic_form", p)
		return
	}
	topicFields(r, p)
	f := r.PostForm
	t, err := s.Topics.CreateTopic(r.Context(), p.WS.Slug, topics.TopicInput{Name: f.Get("name"), Query: f.Get("query"), Kind: f.Get("kind"), Color: f.Get("color")})
	if err != nil {
		s.fail(w, r, err, "topic_form", p)
		return
	}
	s.afterTopicSave(w, r, p, t)
}

// afterTopicSave goes to the dashboard, or back to the form when the
// query raised warnings (so that they are read).
func (s *server) afterTopicSave(w http.ResponseWriter, r *http.Request, p *page, t topics.TopicView) {
	if len(t.Warnings) == 0 {
		s.redirect(w, r, wsURL(p, fmt.Sprintf("listening/topics/%d", t.ID)), "flash.topic_saved")
		return
	}
	p.Title, p.Flash = "topics.edit_title", "flash.topic_saved_warnings"
	p.Fields = map[string]string{"name": t.Name, "query": t.Query, "kind": string(t.Kind), "color": t.Color}
	p.Data = topicFormData{Topic: &t.Topic, Kinds: topicKinds, Warnings: t.Warnings}
	s.render(w, r, http.StatusOK, "topic_form", p)
}

func (s *server) editTopicPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.edit_title", "listening"
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields = map[string]string{"name": t.Name, "query": t.Query, "kind": string(t.Kind), "color": t.Color}
	var warns []string
	if ws, err := topics.CheckQuery(t.Query); err == nil {
		warns = ws
	}
	p.Data = topicFormData{Topic: &t, Kinds: topicKinds, Warnings: warns}
	s.render(w, r, http.StatusOK, "topic_form", p)
}

func (s *server) updateTopic(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.edit_title", "listening"
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = topicFormData{Topic: &t, Kinds: topicKinds}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "topic_form", p)
		return
	}
	topicFields(r, p)
	f := r.PostForm
	name, q, kind, color := f.Get("name"), f.Get("query"), f.Get("kind"), f.Get("color")
	v, err := s.Topics.UpdateTopic(r.Context(), p.WS.Slug, t.ID, topics.TopicUpdate{Name: &name, Query: &q, Kind: &kind, Color: &color})
	if err != nil {
		s.fail(w, r, err, "topic_form", p)
		return
	}
	s.afterTopicSave(w, r, p, v)
}

func (s *server) deleteTopic(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.Topics.DeleteTopic(r.Context(), p.WS.Slug, id); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "listening/topics"), "flash.topic_deleted")
}

// topicOf reads the topic named in the path.
func (s *server) topicOf(r *http.Request, p *page) (model.Topic, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return model.Topic{}, err
	}
	return s.Topics.Topic(r.Context(), p.WS.Slug, id)
}

// rangeFields are the query parameters of a dashboard's period.
var rangeFields = []string{"from", "to", "interval"}

// mentionFilters are the filters of a dashboard's mentions.
var mentionFilters = []string{"q", "network", "kind", "lang", "sentiment", "author"}

// dashboardData is a topic's dashboard.
type dashboardData struct {
	Topic     model.Topic
	Stats     topics.Stats
	TS        topics.TopicStats
	Volume    chart
	Sentiment chart
	Languages chart
	Networks  chart
	// Mentions are the topic's items in the range, with the filters.
	Mentions         []itemView
	MentionsFiltered bool
	MentionsNext     string
	Kinds            []model.ItemKind
	NetworkNames     []string
	Sentiments       []string
	// CSVURL is the page's figures as CSV, for the same period.
	CSVURL    string
	Intervals []string
	// LiveURL is the event stream of new mentions, set when the period
	// includes now (and on the first page of mentions); RefreshURL is this
	// page, which the script re-fetches on each event.
	LiveURL, RefreshURL string
}

// statsQuery reads the period of a dashboard from the URL into a query
// and the form's fields. Dates stay in the workspace's time zone; "to" is
// inclusive.
func statsQuery(r *http.Request, p *page, ids []int64) topics.StatsQuery {
	q := r.URL.Query()
	for _, k := range rangeFields {
		p.Fields[k] = q.Get(k)
	}
	return topics.StatsQuery{TopicIDs: ids, From: q.Get("from"), To: q.Get("to"), Interval: q.Get("interval")}
}

// fillRange shows the period the stats used in the form (the defaults
// included), in the workspace's calendar; "to" is the last day included.
func fillRange(p *page, st topics.Stats) {
	loc := p.Loc()
	if p.Fields["from"] == "" {
		p.Fields["from"] = st.From.In(loc).Format("2006-01-02")
	}
	if p.Fields["to"] == "" {
		to := st.To.In(loc)
		if to.Hour() == 0 && to.Minute() == 0 && to.Second() == 0 {
			to = to.AddDate(0, 0, -1)
		}
		p.Fields["to"] = to.Format("2006-01-02")
	}
	if p.Fields["interval"] == "" {
		p.Fields["interval"] = st.Interval
	}
}

// Loc is the workspace's time zone (UTC outside a workspace).
func (p *page) Loc() *time.Location {
	if p.WS != nil {
		if l, err := time.LoadLocation(p.WS.TimeZone); err == nil {
			return l
		}
	}
	return time.UTC
}

func (s *server) topicDashboard(w http.ResponseWriter, r *http.Request, p *page) {
	p.Nav = "listening"
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Title = "topics.dashboard_title"
	d := dashboardData{Topic: t, Kinds: model.ItemKinds, NetworkNames: s.networks(), Sentiments: []string{"positive", "neutral", "negative"},
		Intervals: []string{"hour", "day", "week"}}
	p.Data = d
	sq := statsQuery(r, p, []int64{t.ID})
	st, err := s.Topics.Stats(r.Context(), p.WS.Slug, sq)
	if err != nil {
		s.fail(w, r, err, "topic_dashboard", p)
		return
	}
	fillRange(p, st)
	d.Stats, d.TS = st, st.Topics[0]
	d.Volume = volumeChart(p, "volume", st, d.TS)
	d.Sentiment = sentimentChart(p, d.TS.Sentiment)
	d.Languages = countChart(p, "languages", "topics.languages", d.TS.Languages, t.Color)
	d.Networks = countChart(p, "networks", "topics.networks", d.TS.Networks, t.Color)
	keep := url.Values{}
	for _, k := range rangeFields {
		if v := r.URL.Query().Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	d.CSVURL = withQuery(wsURL(p, fmt.Sprintf("listening/topics/%d/stats.csv", t.ID)), keep.Encode())

	// The mentions of the period, filtered.
	q := r.URL.Query()
	iq := listen.ItemQuery{Network: q.Get("network"), Kind: q.Get("kind"), Lang: q.Get("lang"), Sentiment: q.Get("sentiment"),
		Author: q.Get("author"), Q: q.Get("q"), Cursor: q.Get("cursor"), Limit: 30}
	for _, k := range mentionFilters {
		p.Fields[k] = q.Get(k)
		if q.Get(k) != "" {
			d.MentionsFiltered = true
		}
	}
	f, err := iq.ToFilter(0)
	if err != nil {
		p.Data = d
		s.fail(w, r, err, "topic_dashboard", p)
		return
	}
	f.Since, f.Until = st.From, st.To
	f.Limit = iq.Limit + 1
	items, err := s.Topics.TopicItems(r.Context(), p.WS.Slug, t.ID, f)
	if err != nil {
		p.Data = d
		s.fail(w, r, err, "topic_dashboard", p)
		return
	}
	if len(items) > iq.Limit {
		items = items[:iq.Limit]
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("cursor", listen.Cursor(items[len(items)-1]))
		d.MentionsNext = wsURL(p, fmt.Sprintf("listening/topics/%d", t.ID)) + "?" + next.Encode()
	}
	d.Mentions = s.itemViews(p, items)
	if q.Get("cursor") == "" && liveRange(st.From, st.To, time.Now()) {
		d.LiveURL = wsURL(p, fmt.Sprintf("listening/topics/%d/live", t.ID))
		d.RefreshURL = r.URL.RequestURI()
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "topic_dashboard", p)
}

// csvCell keeps text that a spreadsheet would read as a formula inert.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// topicStatsCSV writes the numbers of a dashboard as CSV, one figure per
// row: metric, key, value, and a detail column (the other figure of an
// author, the earlier count of a rising term).
func (s *server) topicStatsCSV(w http.ResponseWriter, r *http.Request, p *page) {
	t, err := s.topicOf(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	st, err := s.Topics.Stats(r.Context(), p.WS.Slug, statsQuery(r, p, []int64{t.ID}))
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	ts := st.Topics[0]
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="topic-%d-stats.csv"`, t.ID))
	h.Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	row := func(metric, key string, value any, detail string) {
		cw.Write([]string{metric, csvCell(key), fmt.Sprint(value), csvCell(detail)})
	}
	cw.Write([]string{"metric", "key", "value", "detail"})
	row("topic", t.Name, t.ID, string(t.Kind))
	row("range", st.From.Format(time.RFC3339), st.To.Format(time.RFC3339), st.Interval+" "+st.TimeZone)
	row("total", "", ts.Total, "")
	for i, b := range st.Buckets {
		row("volume", b.Format(time.RFC3339), ts.Volume[i], "")
	}
	for i, b := range st.Buckets {
		row("negative_volume", b.Format(time.RFC3339), ts.Negative[i], "")
	}
	sp := ts.Sentiment
	row("sentiment", "positive", sp.Positive, "")
	row("sentiment", "neutral", sp.Neutral, "")
	row("sentiment", "negative", sp.Negative, "")
	row("sentiment", "mixed", sp.Mixed, "")
	row("sentiment", "unknown", sp.Unknown, "")
	row("net_sentiment", "", strconv.FormatFloat(sp.Net, 'f', 1, 64), "")
	for _, a := range ts.AuthorsByVolume {
		row("author_by_volume", a.Handle+" ("+a.Network+")", a.Items, "followers="+strconv.FormatInt(a.Followers, 10))
	}
	for _, a := range ts.AuthorsByReach {
		row("author_by_reach", a.Handle+" ("+a.Network+")", a.Followers, "items="+strconv.FormatInt(a.Items, 10))
	}
	for _, c := range ts.Hashtags {
		row("hashtag", c.Key, c.Count, "")
	}
	for _, c := range ts.Sources {
		row("source", c.Key, c.Count, "")
	}
	for _, c := range ts.Networks {
		row("network", c.Key, c.Count, "")
	}
	for _, c := range ts.Languages {
		row("language", c.Key, c.Count, "")
	}
	for _, rt := range ts.RisingTerms {
		row("rising_term", rt.Term, rt.Count, "before="+strconv.FormatInt(rt.Before, 10))
	}
	for _, sh := range st.ShareOfVoice {
		row("share_of_voice", sh.Name, strconv.FormatFloat(sh.Share*100, 'f', 1, 64), "count="+strconv.FormatInt(sh.Count, 10))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.Log.WarnContext(r.Context(), "web: writing stats CSV", "err", err)
	}
}

// compareData is the comparison page.
type compareData struct {
	All      []model.Topic
	Selected map[int64]bool
	Stats    topics.Stats
	Share    chart
	Volume   chart
	// Totals are the selected topics' volumes over the range.
	Intervals []string
	Shown     bool
	// CSVURL is the comparison as CSV, for the same selection and period.
	CSVURL string
}

// withQuery appends a query string to a path. The whole link goes to the
// template as one value: html/template would escape the "=" of a query
// string inserted after a literal "?".
func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// compareSelection reads the topics to compare from the URL: by default,
// the brand against its competitors.
func compareSelection(r *http.Request, all []model.Topic) (map[int64]bool, []int64) {
	selected := map[int64]bool{}
	var ids []int64
	for _, v := range r.URL.Query()["topic"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && !selected[id] {
			selected[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		for _, t := range all {
			if (t.Kind == model.TopicBrand || t.Kind == model.TopicCompetitor) && len(ids) < 10 {
				selected[t.ID] = true
				ids = append(ids, t.ID)
			}
		}
	}
	return selected, ids
}

// compareCSV writes the numbers of the comparison as CSV, one row per
// figure and one column per topic (in the order of the comparison): the
// totals, sentiment, share of voice, then the volume of each period.
func (s *server) compareCSV(w http.ResponseWriter, r *http.Request, p *page) {
	all, err := s.Topics.Topics(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	_, ids := compareSelection(r, all)
	st, err := s.Topics.Stats(r.Context(), p.WS.Slug, statsQuery(r, p, ids))
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="topics-compare.csv"`)
	h.Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	row := func(metric, key string, value func(ts topics.TopicStats) string) {
		rec := []string{metric, csvCell(key)}
		for _, ts := range st.Topics {
			rec = append(rec, value(ts))
		}
		cw.Write(rec)
	}
	head := []string{"metric", "key"}
	for _, ts := range st.Topics {
		head = append(head, csvCell(ts.Topic.Name))
	}
	cw.Write(head)
	row("topic_id", "", func(ts topics.TopicStats) string { return strconv.FormatInt(ts.Topic.ID, 10) })
	row("kind", "", func(ts topics.TopicStats) string { return string(ts.Topic.Kind) })
	row("range", st.From.Format(time.RFC3339)+"/"+st.To.Format(time.RFC3339), func(topics.TopicStats) string { return st.Interval + " " + st.TimeZone })
	row("total", "", func(ts topics.TopicStats) string { return strconv.FormatInt(ts.Total, 10) })
	share := map[int64]topics.Share{}
	for _, sh := range st.ShareOfVoice {
		share[sh.TopicID] = sh
	}
	row("share_of_voice", "percent", func(ts topics.TopicStats) string {
		return strconv.FormatFloat(share[ts.Topic.ID].Share*100, 'f', 1, 64)
	})
	row("net_sentiment", "", func(ts topics.TopicStats) string { return strconv.FormatFloat(ts.Sentiment.Net, 'f', 1, 64) })
	for _, label := range []string{"positive", "neutral", "negative", "mixed", "unknown"} {
		row("sentiment", label, func(ts topics.TopicStats) string {
			sp := ts.Sentiment
			return strconv.FormatInt(map[string]int64{"positive": sp.Positive, "neutral": sp.Neutral, "negative": sp.Negative, "mixed": sp.Mixed, "unknown": sp.Unknown}[label], 10)
		})
	}
	for i, b := range st.Buckets {
		row("volume", b.Format(time.RFC3339), func(ts topics.TopicStats) string { return strconv.FormatInt(ts.Volume[i], 10) })
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.Log.WarnContext(r.Context(), "web: writing comparison CSV", "err", err)
	}
}

func (s *server) comparePage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "topics.compare_title", "listening"
	all, err := s.Topics.Topics(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d := compareData{All: all, Intervals: []string{"hour", "day", "week"}}
	var ids []int64
	d.Selected, ids = compareSelection(r, all)
	d.CSVURL = withQuery(wsURL(p, "listening/compare.csv"), r.URL.RawQuery)
	p.Data = d
	sq := statsQuery(r, p, ids)
	if len(ids) == 0 {
		s.render(w, r, http.StatusOK, "topic_compare", p)
		return
	}
	st, err := s.Topics.Stats(r.Context(), p.WS.Slug, sq)
	if err != nil {
		s.fail(w, r, err, "topic_compare", p)
		return
	}
	fillRange(p, st)
	d.Stats, d.Shown = st, true
	d.Share = shareChart(p, st.ShareOfVoice)
	d.Volume = compareChart(p, st)
	p.Data = d
	s.render(w, r, http.StatusOK, "topic_compare", p)
}

// Pct formats a share (0–1) as a percentage.
func (p *page) Pct(v float64) string {
	return p.Num(v*100, 1) + " %"
}

// Num formats a number with the decimal separator of the page's language.
func (p *page) Num(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if p.Lang == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Followers formats a follower count (-1: unknown).
func (p *page) Followers(n int64) string {
	if n < 0 {
		return "—"
	}
	return strconv.FormatInt(n, 10)
}

// Share formats part/total as a percentage, "—" when total is 0.
func (p *page) Share(part, total int64) string {
	if total == 0 {
		return "—"
	}
	return p.Pct(float64(part) / float64(total))
}

// countTable is a table of top counts (sources, hashtags).
type countTable struct {
	Caption, KeyHead, CountHead, EmptyText string
	Rows                                   []topics.Count
}

// Counts prepares the "counttable" template.
func (p *page) Counts(rows []topics.Count, captionKey string) countTable {
	return countTable{Caption: p.T(captionKey), KeyHead: p.T(captionKey), CountHead: p.T("topics.col_items"), EmptyText: p.T("topics.no_data"), Rows: rows}
}

// authorTable is a table of top authors.
type authorTable struct {
	Caption, KeyHead, CountHead, ReachHead, EmptyText string
	Rows                                              []authorRow
}

type authorRow struct {
	Name, Handle, Network, Reach string
	Items                        int64
}

// Authors prepares the "authortable" template.
func (p *page) Authors(list []topics.AuthorStat, captionKey string) authorTable {
	t := authorTable{Caption: p.T(captionKey), KeyHead: p.T("topics.col_author"), CountHead: p.T("topics.col_items"),
		ReachHead: p.T("topics.col_followers"), EmptyText: p.T("topics.no_data")}
	for _, a := range list {
		t.Rows = append(t.Rows, authorRow{Name: a.Name, Handle: a.Handle, Network: a.Network, Reach: p.Followers(a.Followers), Items: a.Items})
	}
	return t
}
