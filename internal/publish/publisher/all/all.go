// Package all registers every publisher type.
package all

import (
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/bluesky"
	"github.com/parvis/parvis/internal/publish/publisher/discord"
	"github.com/parvis/parvis/internal/publish/publisher/mastodon"
	"github.com/parvis/parvis/internal/publish/publisher/telegram"
	"github.com/parvis/parvis/internal/publish/publisher/webhook"
)

// Register adds every publisher type to r.
func Register(r *publisher.Registry) {
	r.Register(bluesky.Spec())
	r.Register(discord.Spec())
	r.Register(mastodon.Spec())
	r.Register(telegram.Spec())
	r.Register(webhook.Spec())
}
