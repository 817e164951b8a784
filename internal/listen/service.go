// Package listen owns listening: the sources of a workspace (feeds,
// webhooks, network searches…), polling them as durable jobs, receiving
// webhooks and imports into the ingest pipeline, and querying the items.
package listen

import (
	"context"
	"log/slog"
	"net/netip"
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

// Service is the listening service.
type Service struct {
	db         *store.DB
	ws         *workspace.Service
	pipeline   *ingest.Pipeline
	registry   *connector.Registry
	deps       connector.Deps
	box        *secret.Box
	jobs       *jobs.Queue
	clock      clock.Clock
	log        *slog.Logger
	fetchOpts  fetch.Options
	baseURL    string
	Broker     *Broker
	maxWebhook int64
}

// Options configure the service.
type Options struct {
	DB            *store.DB
	Workspaces    *workspace.Service
	Pipeline      *ingest.Pipeline
	Registry      *connector.Registry
	Box           *secret.Box
	Jobs          *jobs.Queue
	Clock         clock.Clock
	Log           *slog.Logger
	AllowNetworks []netip.Prefix
	BaseURL       string
	MaxBody       int64
}

// PollJob is the kind of the durable job that polls a source.
const PollJob = "source.poll"

// New builds the service and registers its job kinds on the queue.
func New(o Options) *Service {
	fo := fetch.Options{AllowNetworks: o.AllowNetworks}
	s := &Service{db: o.DB, ws: o.Workspaces, pipeline: o.Pipeline, registry: o.Registry, box: o.Box, jobs: o.Jobs,
		clock: o.Clock, log: o.Log, fetchOpts: fo, baseURL: o.BaseURL, Broker: NewBroker(), maxWebhook: o.MaxBody}
	s.deps = connector.Deps{HTTP: fetch.NewClient(fo), Clock: o.Clock, Logger: o.Log, Hosts: connector.NewHostLimiter(o.Clock, time.Second)}
	if s.maxWebhook == 0 {
		s.maxWebhook = 10 << 20
	}
	o.Pipeline.AddConsumer(s.Broker)
	o.Jobs.Register(jobs.Kind{Name: PollJob, Handler: s.pollJob, MaxAttempts: 20})
	return s
}

// Pipeline returns the ingest pipeline (for the CLI's import).
func (s *Service) Pipeline() *ingest.Pipeline { return s.pipeline }

// Registry returns the connector registry (forms, API docs).
func (s *Service) Registry() *connector.Registry { return s.registry }

func (s *Service) checkURL(ctx context.Context, raw string) error {
	return fetch.CheckURL(ctx, s.fetchOpts, raw)
}
