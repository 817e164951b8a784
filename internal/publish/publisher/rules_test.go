package publisher

import "testing"

func TestLength(t *testing.T) {
	mastodon := Rules{Counting: MastodonChars, URLLength: 23}
	tests := []struct {
		name  string
		rules Rules
		text  string
		want  int
	}{
		{"graphemes: ascii", Rules{Counting: Graphemes}, "hello", 5},
		{"graphemes: accents composed and decomposed", Rules{Counting: Graphemes}, "été e\u0301te\u0301", 7},
		{"graphemes: family emoji is one", Rules{Counting: Graphemes}, "👨‍👩‍👧", 1},
		{"graphemes: flag is one", Rules{Counting: Graphemes}, "🇫🇷!", 2},
		{"mastodon: url counts 23", mastodon, "see https://example.org/a/very/long/path?utm_source=mastodon&utm_campaign=x", 4 + 23},
		{"mastodon: two urls", mastodon, "https://a.example http://b.example/x", 23 + 1 + 23},
		{"mastodon: remote mention counts its user part", mastodon, "hi @alice@social.example.org", 3 + 6},
		{"mastodon: local mention unchanged", mastodon, "hi @alice", 9},
		{"mastodon: emoji is one code point", mastodon, "🎆", 1},
		{"utf16: astral plane counts two", Rules{Counting: UTF16}, "a🎆", 3},
		{"runes", Rules{Counting: Runes}, "👨‍👩‍👧", 5},
	}
	for _, tc := range tests {
		if got := tc.rules.Length(tc.text); got != tc.want {
			t.Errorf("%s: Length(%q) = %d, want %d", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	bsky := Rules{MaxLength: 300, Counting: Graphemes}
	long := make([]rune, 0, 301)
	for range 300 {
		long = append(long, 'é')
	}
	tests := []struct {
		text string
		keys []string
	}{
		{"ok", nil},
		{"  \n", []string{"error.post_empty"}},
		{string(long), nil},
		{string(long) + "!", []string{"error.post_too_long"}},
	}
	for _, tc := range tests {
		probs := bsky.Check(tc.text)
		if len(probs) != len(tc.keys) {
			t.Errorf("Check(%.20q) = %v, want %v", tc.text, probs, tc.keys)
			continue
		}
		for i, p := range probs {
			if p.Key != tc.keys[i] || p.Message() == "" {
				t.Errorf("problem %d = %+v, want %s", i, p, tc.keys[i])
			}
		}
	}
	if p := bsky.Check(string(long) + "!"); p[0].Message() != "the text counts 301 characters; the limit is 300" {
		t.Errorf("message = %q", p[0].Message())
	}
}
