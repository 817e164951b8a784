// Package all registers every connector Parvis ships. Adding a network
// means adding its package and one line here.
package all

import (
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/bluesky"
	"github.com/parvis/parvis/internal/connector/feed"
	"github.com/parvis/parvis/internal/connector/hackernews"
	"github.com/parvis/parvis/internal/connector/mastodon"
	"github.com/parvis/parvis/internal/connector/reddit"
	"github.com/parvis/parvis/internal/connector/telegram"
	"github.com/parvis/parvis/internal/connector/youtube"
)

// Register adds every connector to r.
func Register(r *connector.Registry) {
	for _, s := range bluesky.Specs() {
		r.Register(s)
	}
	r.Register(feed.Spec())
	r.Register(hackernews.Spec())
	r.Register(mastodon.Spec())
	r.Register(reddit.Spec())
	r.Register(telegram.Spec())
	r.Register(youtube.Spec())
}
