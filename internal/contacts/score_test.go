package contacts_test

import (
	"testing"

	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/model"
)

func TestInfluence(t *testing.T) {
	for _, c := range []struct {
		name      string
		st        model.ContactStats
		influence int
		stance    string
	}{
		{"nobody", model.ContactStats{}, 0, "neutral"},
		// log10(1e6+1)/6 ≈ 1 → 45 points of reach alone.
		{"a million followers, silent items", model.ContactStats{Reach: 1_000_000, Items: 1}, 45, "neutral"},
		// reach log10(1001)/6 = 0.5 → 22.5; engagement log10(1+99)/3 = 0.667 → 23.3; topics 1/2 → 10.
		{"mid", model.ContactStats{Reach: 1000, Items: 2, Engagement: 198, TopicItems: 1, SentimentSum: 1.2, SentimentCount: 2}, 56, "ambassador"},
		{"critic", model.ContactStats{Reach: 1000, Items: 2, Engagement: 198, TopicItems: 1, SentimentSum: -1, SentimentCount: 2}, 56, "critic"},
		{"lukewarm", model.ContactStats{Reach: 1000, Items: 2, SentimentSum: 0.3, SentimentCount: 2}, 23, "neutral"},
		// Everything at its cap.
		{"top", model.ContactStats{Reach: 50_000_000, Items: 3, Engagement: 30_000, TopicItems: 3, SentimentSum: 3, SentimentCount: 3}, 100, "ambassador"},
		// A negative follower count (bad data) counts as none.
		{"bad data", model.ContactStats{Reach: -5, Items: 1, TopicItems: 5}, 20, "neutral"},
		// Items without any sentiment are never ambassadors or critics.
		{"no sentiment", model.ContactStats{Reach: 10, Items: 1}, 8, "neutral"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := contacts.Influence(c.st)
			if sc.Influence != c.influence || sc.Stance != c.stance {
				t.Errorf("Influence(%+v) = %d %s, want %d %s (%+v)", c.st, sc.Influence, sc.Stance, c.influence, c.stance, sc.Components)
			}
			sum := 0.0
			for _, comp := range sc.Components {
				sum += comp.Points
			}
			if d := sum - float64(sc.Influence); d > 0.6 || d < -0.6 {
				t.Errorf("points add up to %v, score %d", sum, sc.Influence)
			}
			if len(sc.Components) != 4 {
				t.Errorf("components = %+v", sc.Components)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	id := func(contact int64, network, handle, name, url string) model.Identity {
		return model.Identity{ContactID: contact, Network: network, Handle: handle, HandleKey: contacts.HandleKey(handle),
			NameKey: contacts.NameKey(name), URLHost: contacts.URLHost(url)}
	}
	for _, c := range []struct {
		name    string
		ids     []model.Identity
		want    map[[2]int64]string // pair → reasons joined
		notSame map[[2]int64]bool
	}{
		{"same handle on two networks", []model.Identity{
			id(1, "bluesky", "alice.bsky.social", "", ""), id(2, "mastodon", "@Alice@mastodon.social", "", "")},
			map[[2]int64]string{{1, 2}: "handle"}, nil},
		{"same handle on one network is two people", []model.Identity{
			id(1, "mastodon", "alice@a.social", "", ""), id(2, "mastodon", "alice@b.social", "", "")}, nil, nil},
		{"names agree, folded, emoji dropped", []model.Identity{
			id(1, "bluesky", "am.bsky.social", "Élodie Dupré 🌻", ""), id(2, "mastodon", "edupre@m.social", "elodie dupre", "")},
			map[[2]int64]string{{1, 2}: "name"}, nil},
		{"short names say nothing", []model.Identity{
			id(1, "bluesky", "x1.bsky.social", "Jo", ""), id(2, "mastodon", "y2@m.social", "jo", "")}, nil, nil},
		{"same personal site", []model.Identity{
			id(1, "feed", "blog", "", "https://www.alice.example/about"), id(2, "mastodon", "al@m.social", "", "https://alice.example/")},
			map[[2]int64]string{{1, 2}: "site"}, nil},
		{"an instance host is not a site", []model.Identity{
			id(1, "mastodon", "al@m.social", "", "https://m.social/@al"), id(2, "mastodon", "bo@m.social", "", "https://m.social/@bo"),
			id(3, "feed", "x", "", "https://m.social/")}, nil, nil},
		{"bluesky domain handle is a site", []model.Identity{
			id(1, "bluesky", "alice.example", "", "https://bsky.app/profile/alice.example"), id(2, "feed", "b", "", "https://alice.example/")},
			map[[2]int64]string{{1, 2}: "site"}, nil},
		{"all three reasons, and identities of one contact are not suggested", []model.Identity{
			id(1, "bluesky", "carol.bsky.social", "Carol Smith", "https://carol.dev"),
			id(2, "mastodon", "carol@m.social", "Carol Smith", "https://carol.dev"),
			id(2, "bluesky", "carol2.bsky.social", "Carol Smith", "")},
			map[[2]int64]string{{1, 2}: "handle,name,site"}, nil},
		{"identities people separated are not suggested again", []model.Identity{
			{ID: 10, ContactID: 1, Network: "bluesky", Handle: "dan.bsky.social", HandleKey: "dan0"},
			{ID: 11, ContactID: 2, Network: "mastodon", Handle: "dan@m.social", HandleKey: "dan0"},
			{ID: 12, ContactID: 3, Network: "reddit", Handle: "dan", HandleKey: "dan0"}},
			map[[2]int64]string{{1, 3}: "handle", {2, 3}: "handle"}, map[[2]int64]bool{{10, 11}: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := map[[2]int64]string{}
			for _, s := range contacts.Suggest(c.ids, c.notSame) {
				r := ""
				for i, x := range s.Reasons {
					if i > 0 {
						r += ","
					}
					r += x
				}
				got[[2]int64{s.A.ID, s.B.ID}] = r
			}
			if len(got) != len(c.want) {
				t.Fatalf("Suggest = %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("pair %v: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestHandleKey(t *testing.T) {
	for in, want := range map[string]string{
		"alice.bsky.social": "alice", "@Alice@mastodon.social": "alice", "alice": "alice", "Al_ice-B": "aliceb",
		"élodie.example.com": "elodie", "": "",
	} {
		if got := contacts.HandleKey(in); got != want {
			t.Errorf("HandleKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"", "", true},
		{"2026-03-01", "2026-03-31", true},
		{"2026-03-01T10:00:00Z", "2026-03-01T11:00:00+01:00", false}, // the same instant
		{"2026-03-31", "2026-03-01", false},
		{"yesterday", "", false},
		{"", "2026-13-01", false},
	} {
		if _, err := contacts.ParsePeriod(c.from, c.to); (err == nil) != c.ok {
			t.Errorf("ParsePeriod(%q, %q) error = %v, want ok %v", c.from, c.to, err, c.ok)
		}
	}
}
