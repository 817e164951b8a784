package listen

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// StreamOptions tune RunStreams.
type StreamOptions struct {
	// Rescan is how often the sources are re-read to start new streams and
	// stop those of sources paused, edited or deleted (default 30s).
	Rescan time.Duration
	// Sleep waits d or until ctx ends, and reports whether d passed (default
	// a timer; tests pass one that does not wait).
	Sleep func(ctx context.Context, d time.Duration) bool
}

// successEvery bounds how often a healthy stream records its success on
// the source (each batch is already written with its state).
const successEvery = time.Minute

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// streamRun is one source's running stream.
type streamRun struct {
	cancel  context.CancelFunc
	done    chan struct{}
	version time.Time // the source's UpdatedAt when started
}

func (r *streamRun) ended() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// noStreamRetry is how long a source whose server offers no stream waits
// before the stream is tried again (a server may gain one).
const noStreamRetry = time.Hour

// RunStreams runs, until ctx ends, the live stream of every enabled source
// whose connector can stream (connector.Streamer, such as Bluesky's
// Jetstream). Each batch goes through the ingest pipeline with its state,
// so a restart resumes where the stream stopped. A stream that fails is
// recorded on its source like a failed poll (last error, consecutive
// count, pause when permanent or failing too long) and restarted with
// backoff. It returns once every stream has stopped.
func (s *Service) RunStreams(ctx context.Context, o StreamOptions) {
	if o.Rescan <= 0 {
		o.Rescan = 30 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	running := map[int64]*streamRun{}
	stop := func(id int64) {
		running[id].cancel()
		<-running[id].done
		delete(running, id)
	}
	defer func() {
		for id := range running {
			stop(id)
		}
	}()
	for {
		srcs, err := s.db.Q().ListEnabledSources(ctx, WebhookType)
		if err != nil && ctx.Err() == nil {
			s.log.Error("streams: listing sources", "err", err)
		}
		if err == nil {
			seen := map[int64]bool{}
			for _, src := range srcs {
				if !s.streams(src) {
					continue
				}
				seen[src.ID] = true
				if r, ok := running[src.ID]; ok {
					if r.version.Equal(src.UpdatedAt) && !r.ended() {
						continue
					}
					stop(src.ID) // edited since, or ended: start afresh
				}
				rctx, cancel := context.WithCancel(ctx)
				r := &streamRun{cancel: cancel, done: make(chan struct{}), version: src.UpdatedAt}
				running[src.ID] = r
				go func() {
					defer close(r.done)
					s.streamSource(rctx, src.ID, o)
				}()
			}
			for id := range running {
				if !seen[id] {
					stop(id) // paused or deleted
				}
			}
		}
		if !o.Sleep(ctx, o.Rescan) {
			return
		}
	}
}

// streams reports whether a source's connector can stream.
func (s *Service) streams(src model.Source) bool {
	_, ok := s.streamer(src)
	return ok
}

// streamsBeside reports whether a source's stream adds to its polls.
func (s *Service) streamsBeside(src model.Source) bool {
	st, ok := s.streamer(src)
	if !ok {
		return false
	}
	_, both := st.(connector.PollsToo)
	return both
}

// streamsOnly reports whether a source is streamed instead of polled.
func (s *Service) streamsOnly(src model.Source) bool {
	st, ok := s.streamer(src)
	if !ok {
		return false
	}
	_, both := st.(connector.PollsToo)
	return !both
}

// streamer returns the source's connector when it can stream.
func (s *Service) streamer(src model.Source) (connector.Streamer, bool) {
	spec, ok := s.registry.Lookup(src.Type)
	if !ok {
		return nil, false
	}
	full, _, err := s.fullConfig(src)
	if err != nil {
		return nil, false
	}
	conn, err := spec.New(full, s.deps)
	if err != nil {
		return nil, false
	}
	st, ok := conn.(connector.Streamer)
	return st, ok
}

// streamSource runs one source's stream until ctx ends or the source is
// paused, restarting it after failures.
func (s *Service) streamSource(ctx context.Context, id int64, o StreamOptions) {
	for ctx.Err() == nil {
		src, err := s.db.Q().GetSourceByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !src.Enabled) {
			return
		}
		wait := jobs.Backoff(1)
		if err == nil {
			err = s.streamOnce(ctx, src)
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, connector.ErrNoStream) {
				// Polled only (an instance without streaming): not a
				// failure of the source; look again now and then.
				s.log.Info("streams: no live stream, polling only", "source", id)
				if !o.Sleep(ctx, noStreamRetry) {
					return
				}
				continue
			}
			if s.streamsBeside(src) {
				// The source's polls carry its health: a stream that only
				// adds to them (a proxy without WebSocket upgrade, a
				// dropped connection) never pauses it. Transient failures
				// retry soon, the others an hour later.
				wait := noStreamRetry
				if err == nil || connector.Classify(err) == connector.Retryable || connector.Classify(err) == connector.RateLimited {
					wait = max(jobs.Backoff(2), connector.RetryAfterOf(err))
				}
				s.log.Warn("streams: stream failed, polls go on", "source", id, "err", err, "retry_in", wait)
				if !o.Sleep(ctx, wait) {
					return
				}
				continue
			}
			if err == nil {
				err = &connector.Error{Class: connector.Retryable, Msg: "the stream ended"}
			}
			var pe *pollError
			err = s.recordFailure(ctx, src, err, connector.Classify(err), connector.RetryAfterOf(err))
			if errors.As(err, &pe) {
				if pe.pause {
					return
				}
				wait = pe.wait
			}
		}
		if err != nil && !errors.As(err, new(*pollError)) {
			s.log.Error("streams: source", "source", id, "err", err)
		}
		if !o.Sleep(ctx, wait) {
			return
		}
	}
}

// streamOnce builds the source's connector and streams it, ingesting each
// batch with its state.
func (s *Service) streamOnce(ctx context.Context, src model.Source) error {
	full, _, err := s.fullConfig(src)
	if err != nil {
		return &connector.Error{Class: connector.Permanent, Msg: "cannot read the source's credentials", Err: err}
	}
	conn, err := s.registry.New(src.Type, full, s.deps)
	if err != nil {
		return &connector.Error{Class: connector.Permanent, Msg: "invalid configuration", Err: err}
	}
	st, ok := conn.(connector.Streamer)
	if !ok {
		return &connector.Error{Class: connector.Permanent, Msg: fmt.Sprintf("source type %q cannot stream", src.Type)}
	}
	var lastSuccess time.Time
	defaults := ingest.Defaults{WorkspaceID: src.WorkspaceID, SourceID: src.ID, Network: src.Network, Source: src.Name}
	return st.Stream(ctx, src.State, func(b connector.Batch) error {
		res, err := s.pipeline.Ingest(ctx, ingest.Batch{Defaults: defaults, Items: b.Items, State: b.State})
		if err != nil {
			return err
		}
		for _, r := range res.Rejected {
			s.log.Warn("source item rejected", "source", src.ID, "err", r.Err)
		}
		if now := s.clock.Now(); now.Sub(lastSuccess) >= successEvery || lastSuccess.IsZero() {
			if err := s.db.Q().RecordSourceSuccess(ctx, src.ID); err != nil {
				return err
			}
			lastSuccess = now
		}
		return nil
	})
}
