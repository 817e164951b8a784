package inbox

import "testing"

// TestMentions: a reply to a Mastodon author is prefixed with their
// handle unless the text already mentions them; a longer handle that
// starts alike is someone else.
func TestMentions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text, handle string
		want         bool
	}{
		{"@bob merci !", "bob", true},
		{"Merci @Bob.", "bob", true},
		{"merci @bob@mastodon.social", "bob", true},
		{"merci @bob@mastodon.social", "bob@mastodon.social", true},
		{"@bobby merci", "bob", false},
		{"@bob_2 merci", "bob", false},
		{"@bob.smith merci", "bob", false},
		{"écrivez à bob@mastodon.social", "bob", false},
		{"@alice et @bob", "bob", true},
		{"@bobby puis @bob", "bob", true},
		{"", "bob", false},
	} {
		if got := mentions(tt.text, tt.handle); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tt.text, tt.handle, got, tt.want)
		}
	}
}
