// Package topics owns what a workspace watches and what it learns from it:
// topics (saved queries matched on every new item and searched in the
// stored history), their dashboards (volume, sentiment, share of voice,
// authors, hashtags, rising terms), alert rules that open incidents and
// notify once per incident, and the crisis mode switch.
package topics

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/workspace"
)

// Job kinds.
const (
	BackfillJob = "topics.backfill"
	EvaluateJob = "alerts.evaluate"
	TickJob     = "alerts.tick"
	NotifyJob   = "alerts.notify"
)

// Service is the topics, dashboards, alerts and crisis service.
type Service struct {
	db      *store.DB
	ws      *workspace.Service
	jobs    *jobs.Queue
	clock   clock.Clock
	log     *slog.Logger
	box     *secret.Box
	sender  *notify.Sender
	matcher *Matcher
	baseURL string
	// stop are the words rising terms leave out.
	stop text.StopWords

	// heldMu guards held (what the matcher holds, by topic id) and version
	// (the topics' version when the matcher was last brought up to date),
	// for Refresh.
	heldMu  sync.Mutex
	held    map[int64]heldTopic
	version store.TopicsVersion
}

// Options configure the service.
type Options struct {
	DB         *store.DB
	Workspaces *workspace.Service
	Jobs       *jobs.Queue
	// Pipeline, when set, gets the match stage and the writer of matches.
	Pipeline *ingest.Pipeline
	Clock    clock.Clock
	Log      *slog.Logger
	Box      *secret.Box
	Sender   *notify.Sender
	// BaseURL is the public URL, for links in notifications.
	BaseURL string
}

// New builds the service, registers its jobs and pipeline stages. Call
// Load before ingesting so that existing topics are matched.
func New(o Options) *Service {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: o.DB, ws: o.Workspaces, jobs: o.Jobs, clock: o.Clock, log: o.Log, box: o.Box, sender: o.Sender,
		matcher: NewMatcher(), baseURL: o.BaseURL, held: map[int64]heldTopic{}, stop: text.NewStopWords()}
	o.Jobs.Register(jobs.Kind{Name: BackfillJob, Handler: s.backfillJob, MaxAttempts: 5})
	o.Jobs.Register(jobs.Kind{Name: EvaluateJob, Handler: s.evaluateJob, MaxAttempts: 10})
	o.Jobs.Register(jobs.Kind{Name: TickJob, Handler: s.tickJob, MaxAttempts: 10})
	o.Jobs.Register(jobs.Kind{Name: NotifyJob, Handler: s.notifyJob, MaxAttempts: 8})
	if o.Pipeline != nil {
		o.Pipeline.AddMatcher(s.matcher)
		o.Pipeline.AddPersister(s)
	}
	return s
}

// Matcher returns the compiled topics (the pipeline's match stage).
func (s *Service) Matcher() *Matcher { return s.matcher }

// Load compiles the active topics of every workspace.
func (s *Service) Load(ctx context.Context) error {
	// The version is read first: a change made while the list is read is
	// then seen by the next Refresh.
	v, err := s.db.Q().GetTopicsVersion(ctx)
	if err != nil {
		return err
	}
	ts, err := s.db.Q().ListTopics(ctx, 0)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if err := s.matcher.Set(t); err != nil {
			// A stored query that no longer parses (the language
			// changed) must not stop the server: it is logged and left out.
			s.log.Error("topic query does not compile", "topic", t.ID, "err", err)
			continue
		}
		s.hold(t)
	}
	s.heldMu.Lock()
	s.version = v
	s.heldMu.Unlock()
	return nil
}

// PersistMatches implements ingest.Persister: it records a batch's topic
// matches and, in the same transaction, asks for the workspace's alert
// rules to be evaluated.
func (s *Service) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	if err := s.matcher.PersistMatches(ctx, q, wsID, items); err != nil {
		return fmt.Errorf("topic matches: %w", err)
	}
	for i := range items {
		if len(items[i].Topics) > 0 {
			_, _, err := s.jobs.Enqueue(ctx, q, EvaluateJob, evaluatePayload{WorkspaceID: wsID},
				jobs.EnqueueOptions{UniqueKey: fmt.Sprintf("%s:%d", EvaluateJob, wsID), WorkspaceID: wsID})
			return err
		}
	}
	return nil
}
