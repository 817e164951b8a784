// Package publisher defines what Parvis needs from a network to publish
// there: the network's rules for a post (length and how it is counted,
// media), a check of the credentials, and the publication itself with an
// idempotency key chosen before the call. One package per network under
// this directory registers a Spec in a Registry; publisher/all registers
// them all.
package publisher

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/parvis/parvis/internal/connector"
)

// Deps are what publishers share: the SSRF-guarded HTTP client and the
// clock (the same as connectors').
type Deps = connector.Deps

// Content is what goes out on one channel.
type Content struct {
	Text  string
	Media []Media
	// ReplyTo is the external id (as a Result gives it) of the post this
	// one answers: the previous part of a thread, or an item answered from
	// the inbox. Only networks whose Rules allow threads accept it.
	ReplyTo string
	// Direct says the post answers a direct message: networks where the
	// same call makes public posts and private ones (Mastodon's
	// visibility) keep it private.
	Direct bool
}

// Media is one attachment to send.
type Media struct {
	MIME string
	Alt  string
	Data []byte
}

// Result identifies a publication on the network.
type Result struct {
	ExternalID string `json:"external_id"`
	URL        string `json:"url"`
}

// Account describes the account behind verified credentials.
type Account struct {
	// Name is the handle or address shown on the channel.
	Name string
	// Config holds public facts learnt while verifying (an instance's
	// character limit) to store in the channel's configuration; nil keeps it.
	Config map[string]any
}

// Publisher publishes to one configured channel. Errors are
// *connector.Error values classified once (retryable, rate limited,
// credentials expired, permanent).
type Publisher interface {
	Rules() Rules
	// Verify checks the credentials against the network.
	Verify(ctx context.Context) (Account, error)
	// Publish sends c. key is the same for every attempt at one variant:
	// networks that support it use it to recognise a retry.
	Publish(ctx context.Context, c Content, key string) (Result, error)
}

// Finder is implemented by publishers of networks that do not reliably
// recognise retries: after an attempt whose outcome is unknown (a crash or
// a timeout after the request was sent), Find looks on the network for a
// publication of c made since the attempt began.
type Finder interface {
	Find(ctx context.Context, c Content, key string, since time.Time) (Result, bool, error)
}

// Retry says what a publisher's network does when the same publication is
// sent twice with the same key.
type Retry int

const (
	// Deduplicated: the network recognises the key (Bluesky record keys,
	// Mastodon's Idempotency-Key, receivers of the generic webhook).
	Deduplicated Retry = iota + 1
	// Lookup: the network may publish twice, but the publisher is a Finder
	// that can tell whether an earlier attempt went out.
	Lookup
	// Unsafe: the network would publish twice and offers no lookup
	// (Telegram, Discord webhooks). An attempt whose outcome is unknown is
	// failed for a person to check, never re-sent blindly.
	Unsafe
)

// Spec describes a type of channel.
type Spec struct {
	Type   string            `json:"type"`
	NameEN string            `json:"name_en"`
	NameFR string            `json:"name_fr"`
	Fields []connector.Field `json:"fields"`
	Rules  Rules             `json:"rules"`
	Retry  Retry             `json:"-"`
	// PartKey derives the key of a thread's follow-up part n (n ≥ 1) from
	// the post's key, when keys must have a network's form (Bluesky record
	// keys); nil appends "-n".
	PartKey func(key string, n int) string `json:"-"`
	// New decodes cfg strictly and returns the publisher.
	New func(cfg json.RawMessage, deps Deps) (Publisher, error) `json:"-"`
}

// Registry holds the channel types the application knows.
type Registry struct {
	specs map[string]Spec
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{specs: map[string]Spec{}} }

// Register adds a type; a duplicate or incomplete spec is a programming
// error and panics.
func (r *Registry) Register(s Spec) {
	if s.Type == "" || s.New == nil || s.Retry == 0 {
		panic(fmt.Sprintf("publisher: incomplete spec %q", s.Type))
	}
	if _, dup := r.specs[s.Type]; dup {
		panic("publisher: type " + s.Type + " registered twice")
	}
	r.specs[s.Type] = s
}

// Lookup returns the spec of a type.
func (r *Registry) Lookup(typ string) (Spec, bool) {
	s, ok := r.specs[typ]
	return s, ok
}

// Specs lists the types by name.
func (r *Registry) Specs() []Spec {
	out := make([]Spec, 0, len(r.specs))
	for _, s := range r.specs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}
