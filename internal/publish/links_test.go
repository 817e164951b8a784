package publish

import (
	"strings"
	"testing"
)

func TestTrackLinks(t *testing.T) {
	tests := []struct {
		name string
		text string
		o    LinkOptions
		want string
	}{
		{"off", "Voir https://example.org/a", LinkOptions{}, "Voir https://example.org/a"},
		{"utm added", "Voir https://example.org/a.", LinkOptions{UTM: true, Source: "mastodon", Campaign: "noël"},
			"Voir https://example.org/a?utm_campaign=no%C3%ABl&utm_medium=social&utm_source=mastodon."},
		{"existing query kept", "https://example.org/a?x=1&y=%C3%A9 (programme)", LinkOptions{UTM: true, Source: "bluesky"},
			"https://example.org/a?x=1&y=%C3%A9&utm_medium=social&utm_source=bluesky (programme)"},
		{"own utm left alone", "https://example.org/?utm_source=newsletter", LinkOptions{UTM: true, Source: "bluesky"},
			"https://example.org/?utm_source=newsletter"},
		{"no link", "Rien à suivre", LinkOptions{UTM: true, Source: "x", ShortBase: "https://p.example/l/"}, "Rien à suivre"},
	}
	for _, tc := range tests {
		if got, _ := TrackLinks(tc.text, tc.o); got != tc.want {
			t.Errorf("%s: TrackLinks(%q) = %q, want %q", tc.name, tc.text, got, tc.want)
		}
	}
	o := LinkOptions{UTM: true, Source: "telegram", ShortBase: "https://p.example/l/", Key: "3n2q4krr222mb"}
	out, links := TrackLinks("A https://example.org/a et B http://example.org/b!", o)
	if len(links) != 2 || links[0].Code == links[1].Code || len(links[0].Code) != 10 ||
		out != "A https://p.example/l/"+links[0].Code+" et B https://p.example/l/"+links[1].Code+"!" {
		t.Fatalf("short links: %q %+v", out, links)
	}
	if !strings.HasPrefix(links[0].Tracked, "https://example.org/a?utm_medium=social&utm_source=telegram") {
		t.Errorf("tracked target = %q", links[0].Tracked)
	}
	again, _ := TrackLinks("A https://example.org/a et B http://example.org/b!", o)
	if again != out {
		t.Error("the same variant got other short codes on a retry")
	}
	o.Key = "3n2q4krr222mc"
	if other, _ := TrackLinks("A https://example.org/a et B http://example.org/b!", o); other == out {
		t.Error("two variants share short codes")
	}
}

func TestIsBot(t *testing.T) {
	tests := map[string]bool{
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":                                 false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari": false,
		"": true,
		"Googlebot/2.1 (+http://www.google.com/bot.html)":                   true,
		"http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)":         true,
		"facebookexternalhit/1.1":                                           true,
		"TelegramBot (like TwitterBot)":                                     true,
		"Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)": true,
		"curl/8.5.0": true,
		"Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)": true,
	}
	for ua, want := range tests {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}
