package all

import (
	"testing"

	"github.com/parvis/parvis/internal/connector"
)

func TestRegister(t *testing.T) {
	r := connector.NewRegistry()
	Register(r)
	want := []string{"bluesky_jetstream", "bluesky_notifications", "bluesky_search", "feed", "hackernews", "mastodon", "reddit", "telegram_bot", "youtube"}
	for _, typ := range want {
		if _, ok := r.Lookup(typ); !ok {
			t.Errorf("connector %q not registered", typ)
		}
	}
	if got := len(r.Specs()); got != len(want) {
		t.Errorf("%d connectors registered, want %d", got, len(want))
	}
}
