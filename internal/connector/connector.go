// Package connector defines how Parvis talks to a network. A connector turns
// a network's payloads into model.Item values and never touches the store;
// it registers itself with a typed configuration spec, and classifies the
// errors it meets once, so that the scheduler knows whether to retry.
package connector

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
)

// Deps is what a connector may use. HTTP is the SSRF-guarded client of
// internal/fetch: connectors never build their own client.
type Deps struct {
	HTTP   *http.Client
	Clock  clock.Clock
	Logger *slog.Logger
	// Hosts spaces out requests per host and remembers Retry-After answers;
	// shared by every source of the app. Nil disables politeness.
	Hosts *HostLimiter
}

// Source is a configured listening source of one network.
type Source interface {
	// Fetch returns the items published since state (nil on the first call)
	// and the state to save with them. The caller persists the items and
	// the new state in one transaction, so a crash between two fetches loses
	// nothing the network will not deliver again.
	Fetch(ctx context.Context, state []byte) (Batch, error)
}

// Streamer is implemented by sources that can also listen live (websocket,
// streaming API). Stream calls emit for each batch, in order, and returns
// when ctx ends or the stream fails; emit persists the batch with its state.
type Streamer interface {
	Stream(ctx context.Context, state []byte, emit func(Batch) error) error
}

// PollsToo is implemented by streaming sources whose stream adds to their
// polls instead of replacing them (a stream that cannot resume, a server
// that may offer none, such as Mastodon's): they are polled on their
// interval as well, and the store deduplicates.
type PollsToo interface {
	Streamer
	PollsToo()
}

// Batch is a set of items and the source state after them.
type Batch struct {
	Items []model.Item
	State []byte
	// More is true when the source has more to deliver right away
	// (pagination); the caller fetches again without waiting.
	More bool
}

// Field describes one configuration field of a connector, for forms, the
// API documentation and validation messages.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // string, url, secret, int, bool, duration, list
	Required bool   `json:"required"`
	Secret   bool   `json:"secret,omitempty"`
	HelpEN   string `json:"help_en"`
	HelpFR   string `json:"help_fr"`
}

// Spec declares a connector type.
type Spec struct {
	Type    string  `json:"type"`    // e.g. "feed", "bluesky_search"
	Network string  `json:"network"` // e.g. "web", "bluesky"
	NameEN  string  `json:"name_en"`
	NameFR  string  `json:"name_fr"`
	Fields  []Field `json:"fields"`
	// New decodes cfg strictly (unknown fields are errors), validates it
	// with errors that name the field, and returns the source.
	New func(cfg json.RawMessage, deps Deps) (Source, error) `json:"-"`
}
