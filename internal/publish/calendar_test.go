package publish

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/model"
)

func TestRenderICS(t *testing.T) {
	at := time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC)
	posts := []model.Post{
		{ID: 7, Status: model.PostScheduled, ScheduledAt: &at, UpdatedAt: at.Add(-time.Hour), Campaign: "lumières",
			Text:     "Fête des lumières; programme, horaires \\ accès\nhttps://example.org/" + strings.Repeat("é", 80),
			Variants: []model.Variant{{ChannelName: "Mastodon"}, {ChannelName: "Bluesky"}}},
		{ID: 8, Status: model.PostCancelled, ScheduledAt: &at, UpdatedAt: at, Text: "Annulé"},
		{ID: 9, Status: model.PostDraft, Text: "Sans date"},
	}
	out := string(RenderICS(model.Workspace{Name: "Ville de Lyon", TimeZone: "Europe/Paris"}, posts, at, "https://parvis.example.org"))
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatalf("lines must end in CRLF:\n%q", out)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets (or cut inside a character): %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Parvis//Publishing calendar//EN\r\n",
		"UID:post-7@parvis.example.org\r\n",
		"DTSTART:20261208T170000Z\r\n",
		"DTSTAMP:20261208T160000Z\r\n",
		`SUMMARY:[scheduled] Fête des lumières\; programme\, horaires \\ accès https://exam…` + "\r\n",
		`DESCRIPTION:Fête des lumières\; programme\, horaires \\ accès\nhttps://example.org/`,
		`\n\nMastodon\, Bluesky\nCampaign: lumières` + "\r\n",
		"CATEGORIES:lumières\r\n",
		"UID:post-8@parvis.example.org\r\nDTSTAMP:20261208T170000Z\r\nDTSTART:20261208T170000Z\r\nDURATION:PT15M\r\nSUMMARY:[cancelled] Annulé\r\n",
		"STATUS:CANCELLED\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
	if strings.Contains(out, "post-9") {
		t.Error("a post without a time is in the calendar")
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 2 || n != strings.Count(out, "END:VEVENT") {
		t.Errorf("%d events", n)
	}
}
