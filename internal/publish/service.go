// Package publish owns outbound publishing: the channels (owned accounts)
// of a workspace, posts with one variant per channel, the approval
// workflow, and the durable job per variant that publishes it exactly
// once, through crashes, retries and crisis holds.
//
// Exactly once: a variant is a small state machine stored in the database.
// Before each network call the variant moves to "publishing" and the
// attempt is recorded, in a committed transaction; after the call the
// outcome (external id and URL, or the error) is recorded. A job that finds
// its variant already "publishing" knows an earlier attempt's outcome is
// unknown (the process died, or the answer was lost) and resolves it with
// the network's own idempotency: the same key on every attempt (Bluesky
// record key, Mastodon Idempotency-Key, webhook Idempotency-Key) and, where
// the network may ignore it, a lookup (publisher.Finder). Networks with
// neither (Telegram, Discord) are never re-sent blindly: the variant fails
// with a message asking a person to check.
package publish

import (
	"crypto/rand"
	"encoding/binary"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/publish/publisher/bluesky"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/workspace"
)

// PublishJob is the kind of the durable job that publishes one variant.
const PublishJob = "publish.variant"

// Service is the publishing service.
type Service struct {
	db        *store.DB
	ws        *workspace.Service
	registry  *publisher.Registry
	deps      publisher.Deps
	box       *secret.Box
	jobs      *jobs.Queue
	clock     clock.Clock
	log       *slog.Logger
	fetchOpts fetch.Options
	baseURL   string

	mailer Mailer // nil: no e-mail notifications (guarded by mu)

	mu      sync.Mutex
	pubs    map[int64]cachedPublisher // by channel id
	lastKey int64                     // microseconds of the last key made
}

type cachedPublisher struct {
	updated time.Time
	pub     publisher.Publisher
}

// Options configure the service.
type Options struct {
	DB            *store.DB
	Workspaces    *workspace.Service
	Registry      *publisher.Registry
	Box           *secret.Box
	Jobs          *jobs.Queue
	Clock         clock.Clock
	Log           *slog.Logger
	AllowNetworks []netip.Prefix
	BaseURL       string
	// HTTPTimeout bounds one call to a network (default 60s).
	HTTPTimeout time.Duration
}

// New builds the service and registers its job kind on the queue.
func New(o Options) *Service {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.HTTPTimeout == 0 {
		o.HTTPTimeout = 60 * time.Second
	}
	fo := fetch.Options{AllowNetworks: o.AllowNetworks, Timeout: o.HTTPTimeout}
	s := &Service{db: o.DB, ws: o.Workspaces, registry: o.Registry, box: o.Box, jobs: o.Jobs, clock: o.Clock, log: o.Log,
		fetchOpts: fo, baseURL: o.BaseURL, pubs: map[int64]cachedPublisher{}}
	s.deps = connector.Deps{HTTP: fetch.NewClient(fo), Clock: o.Clock, Logger: o.Log}
	o.Jobs.Register(jobs.Kind{Name: PublishJob, Handler: s.publishJob, MaxAttempts: 12, Timeout: 2 * time.Minute})
	o.Jobs.Register(jobs.Kind{Name: NotifyJob, Handler: s.notifyJob, MaxAttempts: 8})
	o.Jobs.Register(jobs.Kind{Name: FeedJob, Handler: s.feedJob, MaxAttempts: 5})
	return s
}

// Registry returns the channel types.
func (s *Service) Registry() *publisher.Registry { return s.registry }

// newKey returns a fresh idempotency key for a variant. It is an AT
// Protocol TID (so that Bluesky can use it as the record key): the time in
// microseconds, strictly increasing within the process, and a random
// 10-bit clock id so that two processes sharing a database differ.
func (s *Service) newKey() string {
	s.mu.Lock()
	now := s.clock.Now().UnixMicro()
	if now <= s.lastKey {
		now = s.lastKey + 1
	}
	s.lastKey = now
	s.mu.Unlock()
	var b [2]byte
	rand.Read(b[:])
	return bluesky.TID(now, binary.BigEndian.Uint16(b[:]))
}
