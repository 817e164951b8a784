package topics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/topics"
)

// TestStatsDashboard: volume per local day across the spring-forward
// night, top authors by volume and by reach, hashtags, share of voice of
// the brand against a competitor.
func TestStatsDashboard(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	fc := clock.NewFake(now)
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		brand, _ := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "Acme", Query: "acme", Kind: "brand"})
		rival, _ := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "Globex", Query: "globex", Kind: "competitor"})
		local := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, paris) }
		f.ingest(t,
			post{text: "acme #Launch", at: local(28, 23, 30), author: "ann", followers: 100},
			// 29 March 23:30 in Paris is 21:30 UTC: still the 29th locally.
			post{text: "acme #launch again", at: local(29, 23, 30), author: "ann", followers: 100},
			post{text: "acme news", at: local(29, 1, 0), author: "bob", followers: 90000},
			post{text: "acme", at: local(30, 0, 10), author: "cid", followers: 5},
			post{text: "globex", at: local(30, 9, 0), author: "dan"},
		)
		st, err := f.svc.Stats(f.viewer, "acme", topics.StatsQuery{TopicIDs: []int64{brand.ID}, From: "2026-03-28", To: "2026-03-30", Interval: "day"})
		if err != nil {
			t.Fatal(err)
		}
		ts := st.Topics[0]
		if len(st.Buckets) != 3 || fmt.Sprint(ts.Volume) != "[1 2 1]" || ts.Total != 4 {
			t.Errorf("buckets %v volume %v total %d", st.Buckets, ts.Volume, ts.Total)
		}
		if ts.AuthorsByVolume[0].Handle != "ann" || ts.AuthorsByVolume[0].Items != 2 || ts.AuthorsByReach[0].Handle != "bob" {
			t.Errorf("authors by volume %+v, by reach %+v", ts.AuthorsByVolume, ts.AuthorsByReach)
		}
		if len(ts.Hashtags) != 1 || ts.Hashtags[0] != (topics.Count{Key: "#launch", Count: 2}) {
			t.Errorf("hashtags %+v", ts.Hashtags)
		}
		if len(st.ShareOfVoice) != 2 || st.ShareOfVoice[0].TopicID != brand.ID || st.ShareOfVoice[0].Share != 0.8 ||
			st.ShareOfVoice[1].TopicID != rival.ID || st.ShareOfVoice[1].Count != 1 {
			t.Errorf("share of voice %+v", st.ShareOfVoice)
		}
		for _, bad := range []topics.StatsQuery{
			{TopicIDs: []int64{brand.ID}, Interval: "minute"},
			{TopicIDs: []int64{brand.ID}, From: "2026-03-30", To: "2026-03-01"},
			{TopicIDs: []int64{brand.ID}, From: "yesterday"},
			{TopicIDs: []int64{brand.ID}, From: "2024-01-01", Interval: "hour"},
			{},
		} {
			if _, err := f.svc.Stats(f.viewer, "acme", bad); !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
	})
}

// TestRisingTermsLeaveOutFunctionWords: terms that rise against the period
// before are content words; French and English function words, however
// frequent, are not listed.
func TestRisingTermsLeaveOutFunctionWords(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc, nil)
		tp, err := f.svc.CreateTopic(f.owner, "acme", topics.TopicInput{Name: "Acme", Query: "acme", Kind: "brand"})
		if err != nil {
			t.Fatal(err)
		}
		var posts []post
		for i := range 2 {
			posts = append(posts, post{text: fmt.Sprintf("acme ordinary day %d", i), at: time.Date(2026, 3, 20, 10, i, 0, 0, time.UTC), author: "ann"})
		}
		for i := range 5 {
			posts = append(posts, post{text: fmt.Sprintf("Acme : la grève dont ils parlent avec leurs trains, which their drivers talk about %d", i),
				at: time.Date(2026, 3, 28, 10, i, 0, 0, time.UTC), author: "bob"})
		}
		f.ingest(t, posts...)
		f.runJobs(t)
		st, err := f.svc.Stats(f.viewer, "acme", topics.StatsQuery{TopicIDs: []int64{tp.ID}, From: "2026-03-24", To: "2026-03-30", Interval: "day"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, r := range st.Topics[0].RisingTerms {
			got[r.Term] = true
		}
		for _, w := range []string{"greve", "trains", "drivers"} {
			if !got[w] {
				t.Errorf("%q is not among the rising terms %v", w, st.Topics[0].RisingTerms)
			}
		}
		for _, w := range []string{"dont", "avec", "leurs", "which", "their", "about"} {
			if got[w] {
				t.Errorf("the function word %q is a rising term", w)
			}
		}
	})
}
