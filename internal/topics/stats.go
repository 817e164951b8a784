package topics

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// StatsQuery asks for the dashboard of one or more topics.
type StatsQuery struct {
	TopicIDs []int64
	From, To string // RFC 3339 or dates in the workspace's time zone; default: the last 7 days
	Interval string // hour, day, week; default chosen from the range
}

// Count is a key and how many items have it.
type Count struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// AuthorStat is an author of matched items.
type AuthorStat struct {
	Handle    string `json:"handle"`
	Name      string `json:"name,omitempty"`
	Network   string `json:"network"`
	Items     int64  `json:"items"`
	Followers int64  `json:"followers"` // -1 when unknown
}

// Rising is a term more frequent than in the period before.
type Rising struct {
	Term   string  `json:"term"`
	Count  int64   `json:"count"`
	Before int64   `json:"before"`
	Ratio  float64 `json:"ratio"`
}

// SentimentSplit counts items by feeling; Net is (positive − negative) /
// (positive + negative) × 100, 0 when neither.
type SentimentSplit struct {
	Positive int64   `json:"positive"`
	Negative int64   `json:"negative"`
	Neutral  int64   `json:"neutral"`
	Mixed    int64   `json:"mixed"`
	Unknown  int64   `json:"unknown"`
	Net      float64 `json:"net"`
}

// TopicStats is the dashboard of one topic.
type TopicStats struct {
	Topic           model.Topic    `json:"topic"`
	Total           int64          `json:"total"`
	Volume          []int64        `json:"volume"` // per bucket
	Negative        []int64        `json:"negative_volume"`
	Sentiment       SentimentSplit `json:"sentiment"`
	AuthorsByVolume []AuthorStat   `json:"top_authors_by_volume"`
	AuthorsByReach  []AuthorStat   `json:"top_authors_by_reach"`
	Hashtags        []Count        `json:"top_hashtags"`
	Sources         []Count        `json:"top_sources"`
	Networks        []Count        `json:"networks"`
	Languages       []Count        `json:"languages"`
	RisingTerms     []Rising       `json:"rising_terms"`
}

// Share is a topic's share of voice.
type Share struct {
	TopicID int64           `json:"topic_id"`
	Name    string          `json:"name"`
	Kind    model.TopicKind `json:"kind"`
	Color   string          `json:"color"`
	Count   int64           `json:"count"`
	Share   float64         `json:"share"` // 0–1
}

// Stats is a dashboard: one entry per topic, on shared time buckets.
type Stats struct {
	From     time.Time    `json:"from"`
	To       time.Time    `json:"to"`
	Interval string       `json:"interval"`
	TimeZone string       `json:"time_zone"`
	Buckets  []time.Time  `json:"buckets"` // starts, in the workspace's time zone
	Topics   []TopicStats `json:"topics"`
	// ShareOfVoice compares the brand and competitor topics of the
	// workspace (and the topics asked for) over the range.
	ShareOfVoice []Share `json:"share_of_voice"`
	// Truncated is set when the range held more matches than one
	// dashboard reads (maxStatRows): figures cover the oldest ones.
	Truncated bool `json:"truncated,omitempty"`
}

const (
	maxStatRows = 200_000
	maxBuckets  = 2000
	topN        = 10
)

// Stats computes the dashboard of topics over a range.
func (s *Service) Stats(ctx context.Context, ws string, sq StatsQuery) (Stats, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Stats{}, err
	}
	loc, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	now := s.clock.Now()
	st := Stats{TimeZone: loc.String()}
	if st.From, st.To, err = parseRange(sq.From, sq.To, now, loc); err != nil {
		return Stats{}, err
	}
	if st.Interval, err = pickInterval(sq.Interval, st.To.Sub(st.From)); err != nil {
		return Stats{}, err
	}
	st.Buckets = Buckets(st.From, st.To, st.Interval, loc)
	if len(st.Buckets) > maxBuckets {
		return Stats{}, apperr.Invalid("interval", "error.stats_buckets", "too many points (%d): choose a longer interval or a shorter range", len(st.Buckets))
	}
	if len(sq.TopicIDs) == 0 || len(sq.TopicIDs) > 10 {
		return Stats{}, apperr.Invalid("topics", "error.stats_topics", "choose from 1 to %d topics", 10)
	}
	q := s.db.Q()
	all, err := q.ListTopics(ctx, w.ID)
	if err != nil {
		return Stats{}, apperr.Internal(err)
	}
	byID := map[int64]model.Topic{}
	for _, t := range all {
		byID[t.ID] = t
	}
	for _, id := range sq.TopicIDs {
		t, ok := byID[id]
		if !ok {
			return Stats{}, apperr.NotFound("topic")
		}
		st.Topics = append(st.Topics, TopicStats{Topic: t})
	}
	rows, err := q.TopicStatRows(ctx, w.ID, sq.TopicIDs, st.From, st.To, maxStatRows+1)
	if err != nil {
		return Stats{}, apperr.Internal(err)
	}
	if len(rows) > maxStatRows {
		rows, st.Truncated = rows[:maxStatRows], true
	}
	// The period before, of the same length, for rising terms.
	before, err := q.TopicStatRows(ctx, w.ID, sq.TopicIDs, st.From.Add(-st.To.Sub(st.From)), st.From, maxStatRows)
	if err != nil {
		return Stats{}, apperr.Internal(err)
	}
	for i := range st.Topics {
		st.Topics[i].aggregate(rows, before, st.Buckets, s.stop)
	}
	counts, err := q.CountMatchesByTopic(ctx, w.ID, st.From, st.To)
	if err != nil {
		return Stats{}, apperr.Internal(err)
	}
	st.ShareOfVoice = shareOfVoice(all, sq.TopicIDs, counts)
	return st, nil
}

// shareOfVoice compares the brand and competitor topics, plus the topics
// asked for, by volume.
func shareOfVoice(all []model.Topic, asked []int64, counts map[int64]int64) []Share {
	var out []Share
	var total int64
	for _, t := range all {
		if t.Kind != model.TopicBrand && t.Kind != model.TopicCompetitor && !slices.Contains(asked, t.ID) {
			continue
		}
		out = append(out, Share{TopicID: t.ID, Name: t.Name, Kind: t.Kind, Color: t.Color, Count: counts[t.ID]})
		total += counts[t.ID]
	}
	for i := range out {
		if total > 0 {
			out[i].Share = float64(out[i].Count) / float64(total)
		}
	}
	slices.SortStableFunc(out, func(a, b Share) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

func parseRange(from, to string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	parse := func(field, v string, def time.Time, endOfDay bool) (time.Time, error) {
		if v == "" {
			return def, nil
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t, nil
		}
		if t, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
			if endOfDay {
				t = t.AddDate(0, 0, 1)
			}
			return t, nil
		}
		return time.Time{}, apperr.Invalid(field, "error.time_invalid", "must be an RFC 3339 time (2026-01-31T09:00:00Z) or a date (2026-01-31)")
	}
	t, err := parse("to", to, now, true)
	if err != nil {
		return t, t, err
	}
	f, err := parse("from", from, t.AddDate(0, 0, -7), false)
	if err != nil {
		return f, t, err
	}
	if !f.Before(t) {
		return f, t, apperr.Invalid("from", "error.stats_range", "must be before to")
	}
	if t.Sub(f) > 2*366*24*time.Hour {
		return f, t, apperr.Invalid("from", "error.stats_range_long", "the range is limited to two years")
	}
	return f.UTC(), t.UTC(), nil
}

func pickInterval(v string, span time.Duration) (string, error) {
	switch v {
	case "hour", "day", "week":
		return v, nil
	case "", "auto":
		switch {
		case span <= 3*24*time.Hour:
			return "hour", nil
		case span <= 120*24*time.Hour:
			return "day", nil
		}
		return "week", nil
	}
	return "", apperr.Invalid("interval", "error.stats_interval", "must be hour, day or week")
}

// floorLocal returns the start of the hour, day or week (Monday) holding t,
// in loc.
func floorLocal(t time.Time, interval string, loc *time.Location) time.Time {
	l := t.In(loc)
	switch interval {
	case "hour":
		// Truncating in absolute time keeps the two 01:00 hours of a
		// fall-back night apart; zones off by half an hour stay aligned
		// as their offset is added back.
		_, off := l.Zone()
		return time.Unix((l.Unix()+int64(off))/3600*3600-int64(off), 0).In(loc)
	case "week":
		wd := (int(l.Weekday()) + 6) % 7
		return time.Date(l.Year(), l.Month(), l.Day()-wd, 0, 0, 0, 0, loc)
	}
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

func nextBucket(t time.Time, interval string, loc *time.Location) time.Time {
	switch interval {
	case "hour":
		return t.Add(time.Hour)
	case "week":
		return time.Date(t.Year(), t.Month(), t.Day()+7, 0, 0, 0, 0, loc)
	}
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// Buckets returns the starts of the hours, days or weeks (Monday) of the
// workspace's time zone that cover [from, to). Days and weeks follow the
// local calendar, so a day is 23 or 25 hours long across a change of
// daylight saving time.
func Buckets(from, to time.Time, interval string, loc *time.Location) []time.Time {
	var out []time.Time
	for b := floorLocal(from, interval, loc); b.Before(to) && len(out) <= maxBuckets; b = nextBucket(b, interval, loc) {
		out = append(out, b)
	}
	return out
}

// bucketOf returns the index of the bucket holding t (buckets sorted).
func bucketOf(buckets []time.Time, t time.Time) int {
	i, found := slices.BinarySearchFunc(buckets, t, func(b, t time.Time) int { return b.Compare(t) })
	if found {
		return i
	}
	return i - 1
}

func (ts *TopicStats) aggregate(rows, before []store.StatRow, buckets []time.Time, stop text.StopWords) {
	id := ts.Topic.ID
	ts.Volume = make([]int64, len(buckets))
	ts.Negative = make([]int64, len(buckets))
	type authorKey struct{ network, handle string }
	authors := map[authorKey]*AuthorStat{}
	hashtags, sources, networks, langs := map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	terms := map[string]int64{}
	for i := range rows {
		r := &rows[i]
		if r.TopicID != id {
			continue
		}
		ts.Total++
		neg := r.Sentiment == "negative"
		if b := bucketOf(buckets, r.CreatedAt); b >= 0 {
			ts.Volume[b]++
			if neg {
				ts.Negative[b]++
			}
		}
		switch r.Sentiment {
		case "positive":
			ts.Sentiment.Positive++
		case "negative":
			ts.Sentiment.Negative++
		case "neutral":
			ts.Sentiment.Neutral++
		case "mixed":
			ts.Sentiment.Mixed++
		default:
			ts.Sentiment.Unknown++
		}
		if r.Author != "" {
			k := authorKey{r.Network, r.Author}
			a := authors[k]
			if a == nil {
				a = &AuthorStat{Handle: r.Author, Name: r.AuthorName, Network: r.Network, Followers: r.Followers}
				authors[k] = a
			}
			a.Items++
			a.Followers = max(a.Followers, r.Followers)
		}
		for _, h := range rowHashtags(r.Entities) {
			hashtags["#"+h]++
		}
		if r.Source != "" {
			sources[r.Source]++
		}
		networks[r.Network]++
		lang := r.Lang
		if lang == "" {
			lang = "und"
		}
		langs[lang]++
		for _, t := range docTerms(r.SearchText, stop) {
			terms[t]++
		}
	}
	if p, n := ts.Sentiment.Positive, ts.Sentiment.Negative; p+n > 0 {
		ts.Sentiment.Net = float64((p-n)*1000/(p+n)) / 10
	}
	list := make([]AuthorStat, 0, len(authors))
	for _, a := range authors {
		list = append(list, *a)
	}
	ts.AuthorsByVolume = topAuthors(list, func(a, b AuthorStat) int {
		return cmp.Or(cmp.Compare(b.Items, a.Items), cmp.Compare(b.Followers, a.Followers))
	})
	ts.AuthorsByReach = topAuthors(list, func(a, b AuthorStat) int {
		return cmp.Or(cmp.Compare(b.Followers, a.Followers), cmp.Compare(b.Items, a.Items))
	})
	ts.Hashtags, ts.Sources, ts.Networks, ts.Languages = top(hashtags), top(sources), top(networks), top(langs)
	var prev int64
	prevTerms := map[string]int64{}
	for i := range before {
		if before[i].TopicID != id {
			continue
		}
		prev++
		for _, t := range docTerms(before[i].SearchText, stop) {
			prevTerms[t]++
		}
	}
	ts.RisingTerms = rising(terms, prevTerms, ts.Total, prev)
}

func topAuthors(list []AuthorStat, by func(a, b AuthorStat) int) []AuthorStat {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b AuthorStat) int { return cmp.Or(by(a, b), strings.Compare(a.Handle, b.Handle)) })
	if len(out) > topN {
		out = out[:topN]
	}
	return out
}

func top(m map[string]int64) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key)) })
	if len(out) > topN {
		out = out[:topN]
	}
	return out
}

func rowHashtags(entities string) []string {
	if entities == "" || !strings.Contains(entities, "hashtags") {
		return nil
	}
	var e model.Entities
	if json.Unmarshal([]byte(entities), &e) != nil {
		return nil
	}
	for i, h := range e.Hashtags {
		e.Hashtags[i] = strings.ToLower(strings.TrimPrefix(h, "#"))
	}
	slices.Sort(e.Hashtags)
	return slices.Compact(e.Hashtags)
}

// docTerms returns the distinct words of an item's folded search text
// worth tracking: at least 4 letters, not a number, not an elided article,
// not a French or English function word ("dont", "avec", "which").
func docTerms(searchText string, stop text.StopWords) []string {
	var out []string
	for _, w := range strings.Fields(searchText) {
		if utf8.RuneCountInString(w) < 4 || strings.ContainsAny(w, "'’/:.") || strings.Trim(w, "0123456789,") == "" || stop.Has(w) {
			continue
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// rising ranks terms by how much more of the items use them than in the
// period before, smoothed so that rare terms do not dominate: ratio =
// (count + 1) / (before × cur/prev + 1), over terms in at least 3 items
// and 5% of them.
func rising(cur, prev map[string]int64, nCur, nPrev int64) []Rising {
	if nPrev == 0 {
		return nil // no usual level to rise against
	}
	scale := float64(nCur) / float64(nPrev)
	minCount := max(int64(3), nCur/20)
	var out []Rising
	for t, c := range cur {
		if c < minCount {
			continue
		}
		b := prev[t]
		ratio := (float64(c) + 1) / (float64(b)*scale + 1)
		if ratio < 2 {
			continue
		}
		out = append(out, Rising{Term: t, Count: c, Before: b, Ratio: float64(int(ratio*10)) / 10})
	}
	slices.SortFunc(out, func(a, b Rising) int {
		return cmp.Or(cmp.Compare(b.Ratio, a.Ratio), cmp.Compare(b.Count, a.Count), strings.Compare(a.Term, b.Term))
	})
	if len(out) > topN {
		out = out[:topN]
	}
	return out
}
