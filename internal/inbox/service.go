// Package inbox is the engagement inbox: inbound items that call for a
// response (replies and comments on the workspace's own posts, mentions,
// direct messages, items of topics and sources routed to the inbox) are
// threaded into conversations in the ingest transaction; people assign,
// label, annotate and close them; replies go out through the workspace's
// channels as durable jobs; and each conversation is measured against the
// workspace's first-response target in business hours.
package inbox

import (
	"github.com/parvis/parvis/internal/publish/publisher"
	puball "github.com/parvis/parvis/internal/publish/publisher/all"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/workspace"
)

// ReplyJob is the kind of the durable job that sends one reply.
const ReplyJob = "inbox.reply"

// Service is the inbox service.
type Service struct {
	db    *store.DB
	ws    *workspace.Service
	jobs  *jobs.Queue
	box   *secret.Box
	clock clock.Clock
	log   *slog.Logger
	deps  connector.Deps
	pubs  *publisher.Registry
	live  *Broker

	baseURL string

	mu      sync.Mutex
	lastKey int64
	mailer  Mailer
}

// Options configure the service.
type Options struct {
	DB         *store.DB
	Workspaces *workspace.Service
	Jobs       *jobs.Queue
	Box        *secret.Box
	// Pipeline, when set, gets the threading stage and live updates.
	Pipeline      *ingest.Pipeline
	Clock         clock.Clock
	Log           *slog.Logger
	AllowNetworks []netip.Prefix
	// BaseURL is the public address, for links in e-mails.
	BaseURL string
}

// New builds the service, registers its job kind and pipeline stages.
func New(o Options) *Service {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: o.DB, ws: o.Workspaces, jobs: o.Jobs, box: o.Box, clock: o.Clock, log: o.Log, live: NewBroker(), baseURL: o.BaseURL}
	s.deps = connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: o.AllowNetworks, Timeout: 60 * time.Second}),
		Clock: o.Clock, Logger: o.Log}
	s.pubs = publisher.NewRegistry()
	puball.Register(s.pubs)
	o.Jobs.Register(jobs.Kind{Name: ReplyJob, Handler: s.replyJob, MaxAttempts: 10, Timeout: 2 * time.Minute})
	o.Jobs.Register(jobs.Kind{Name: MentionJob, Handler: s.mentionJob, MaxAttempts: 8, Timeout: time.Minute})
	if o.Pipeline != nil {
		o.Pipeline.AddPersister(s)
		o.Pipeline.AddConsumer(s)
	}
	return s
}

// Live returns the broker of live inbox events (SSE).
func (s *Service) Live() *Broker { return s.live }
