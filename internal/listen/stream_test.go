package listen_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

// fakeStream is a streaming connector driven by the test: each start
// reports the state it was given, then emits the batches and returns the
// errors the test sends.
type fakeStream struct {
	starts  chan []byte
	batches chan connector.Batch
	fail    chan error
	stopped chan struct{}
}

func (f *fakeStream) Fetch(context.Context, []byte) (connector.Batch, error) {
	return connector.Batch{}, nil
}

func (f *fakeStream) Stream(ctx context.Context, state []byte, emit func(connector.Batch) error) error {
	select {
	case f.starts <- state:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		select {
		case b := <-f.batches:
			if err := emit(b); err != nil {
				return err
			}
		case err := <-f.fail:
			return err
		case <-ctx.Done():
			f.stopped <- struct{}{}
			return ctx.Err()
		}
	}
}

// streamFixture is a listening service whose registry holds the fake
// streaming type "test_stream" and a polling-only type "test_poll".
type streamFixture struct {
	jobs   *jobs.Queue
	both   *bothStream
	listen *listen.Service
	fake   *fakeStream
	owner  context.Context
	ws     model.Workspace
	waits  chan time.Duration
}

func newStreamFixture(t *testing.T, db *store.DB) *streamFixture {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	c := clock.Real{}
	as := auth.NewService(db, c, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, as, c)
	fake := &fakeStream{starts: make(chan []byte), batches: make(chan connector.Batch), fail: make(chan error), stopped: make(chan struct{}, 4)}
	reg := connector.NewRegistry()
	newFake := func(cfg json.RawMessage, _ connector.Deps) (connector.Source, error) {
		var v struct {
			Topic string `json:"topic"`
		}
		if err := connector.DecodeConfig(cfg, &v); err != nil {
			return nil, err
		}
		return fake, nil
	}
	reg.Register(connector.Spec{Type: "test_stream", Network: "test", NameEN: "Test stream", NameFR: "Flux de test",
		Fields: []connector.Field{{Name: "topic", Type: "string"}}, New: newFake})
	reg.Register(connector.Spec{Type: "test_poll", Network: "test", NameEN: "Test poll", NameFR: "Test",
		New: func(json.RawMessage, connector.Deps) (connector.Source, error) { return pollOnly{}, nil }})
	both := &bothStream{}
	reg.Register(connector.Spec{Type: "test_both", Network: "test", NameEN: "Stream and poll", NameFR: "Flux et relève",
		New: func(json.RawMessage, connector.Deps) (connector.Source, error) { return both, nil }})
	p := ingest.New(db, c, log)
	box, _ := secret.NewBox(make([]byte, 32))
	q := jobs.New(db, c, log)
	l := listen.New(listen.Options{DB: db, Workspaces: wss, Pipeline: p, Registry: reg, Box: box, Jobs: q, Clock: c, Log: log})
	owner, err := as.CreateUser(auth.SystemContext(context.Background(), "test"), auth.NewUser{Email: "owner@example.org", Password: "long password 1"})
	if err != nil {
		t.Fatal(err)
	}
	f := &streamFixture{jobs: q, both: both, listen: l, fake: fake, owner: auth.WithActor(context.Background(), &auth.Actor{User: owner}), waits: make(chan time.Duration, 16)}
	if f.ws, err = wss.Create(f.owner, workspace.Input{Name: "Lyon", Slug: "lyon"}); err != nil {
		t.Fatal(err)
	}
	return f
}

// bothStream streams and wants its polls too (connector.PollsToo).
type bothStream struct {
	fetches, streams atomic.Int32
	fail             error // returned by Stream at once when set
}

func (b *bothStream) Fetch(context.Context, []byte) (connector.Batch, error) {
	b.fetches.Add(1)
	return connector.Batch{}, nil
}

func (b *bothStream) Stream(ctx context.Context, _ []byte, _ func(connector.Batch) error) error {
	b.streams.Add(1)
	if b.fail != nil {
		return b.fail
	}
	<-ctx.Done()
	return ctx.Err()
}

func (b *bothStream) PollsToo() {}

// TestStreamingSourcesArePolledOnlyWhenTheyAskForIt: a stream that
// replaces polling (Jetstream) is not polled; one that adds to it
// (Mastodon's) is.
func TestStreamingSourcesArePolledOnlyWhenTheyAskForIt(t *testing.T) {
	db := storetest.SQLite(t, storetest.Options{})
	f := newStreamFixture(t, db)
	only, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "test_stream", Name: "Live", Config: []byte(`{"topic":"lyon"}`)})
	if err != nil {
		t.Fatal(err)
	}
	both, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "test_both", Name: "Both"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{only.ID, both.ID} {
		if err := f.listen.RunSource(f.owner, "lyon", id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.jobs.RunDue(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := f.both.fetches.Load(); n != 1 {
		t.Errorf("the stream-and-poll source was fetched %d times, want 1", n)
	}
	view, _ := f.listen.Source(f.owner, "lyon", only.ID)
	if view.LastSuccessAt != nil {
		t.Errorf("the stream-only source was polled: %+v", view)
	}
}

// TestStreamFailuresBesidePollsNeverPauseTheSource: a permanent stream
// failure (a proxy refusing the WebSocket upgrade) of a source that is
// polled too leaves its health alone and retries an hour later.
func TestStreamFailuresBesidePollsNeverPauseTheSource(t *testing.T) {
	db := storetest.SQLite(t, storetest.Options{})
	f := newStreamFixture(t, db)
	f.both.fail = &connector.Error{Class: connector.Permanent, Msg: "HTTP 400 Bad Request"}
	src, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "test_both", Name: "Both"})
	if err != nil {
		t.Fatal(err)
	}
	stop := f.run(t)
	if d := within(t, f.waits, "the wait after a failed stream"); d != time.Hour {
		t.Errorf("waited %v, want an hour", d)
	}
	stop()
	view, _ := f.listen.Source(f.owner, "lyon", src.ID)
	if !view.Enabled || view.ErrorCount != 0 || f.both.streams.Load() == 0 {
		t.Fatalf("source after a failed stream: enabled %v, errors %d, streams %d", view.Enabled, view.ErrorCount, f.both.streams.Load())
	}
}

type pollOnly struct{}

func (pollOnly) Fetch(context.Context, []byte) (connector.Batch, error) {
	return connector.Batch{}, nil
}

// run starts RunStreams; its sleeps do not wait (they report their
// duration), so the test drives it with its fake stream only.
func (f *streamFixture) run(t *testing.T) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.listen.RunStreams(ctx, listen.StreamOptions{Sleep: func(ctx context.Context, d time.Duration) bool {
			if d != time.Millisecond {
				select {
				case f.waits <- d:
				default:
				}
			}
			select {
			case <-ctx.Done():
				return false
			case <-time.After(time.Millisecond): // yield between rescans
				return true
			}
		}, Rescan: time.Millisecond})
	}()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("RunStreams did not return after its context ended")
		}
	}
}

func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

func TestRunStreamsIngestsRestartsAndStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newStreamFixture(t, db)
		if _, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "test_poll", Name: "Poll only"}); err != nil {
			t.Fatal(err)
		}
		src, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "test_stream", Name: "Live", Config: []byte(`{"topic":"lyon"}`)})
		if err != nil {
			t.Fatal(err)
		}
		sub := f.listen.Broker.Subscribe(f.ws.ID)
		defer f.listen.Broker.Unsubscribe(sub)
		stop := f.run(t)
		defer stop()

		if st := within(t, f.fake.starts, "the stream to start"); len(st) != 0 {
			t.Fatalf("first start with state %q", st)
		}
		// A batch is ingested with the source's defaults and its state kept.
		f.fake.batches <- connector.Batch{Items: []model.Item{{ExternalID: "p1", Text: "Le tram est en panne"}}, State: []byte(`{"cursor":1}`)}
		got := within(t, sub.C, "the items")
		if len(got) != 1 || got[0].SourceID != src.ID || got[0].Network != "test" || got[0].Source != "Live" {
			t.Fatalf("ingested %+v", got)
		}
		view, err := f.listen.Source(f.owner, "lyon", src.ID)
		if err != nil || view.ItemsCount != 1 || string(view.State) != `{"cursor":1}` {
			t.Fatalf("source after a batch: %+v %v", view, err)
		}

		// A transient failure is recorded; the stream restarts from the
		// saved state after a backoff.
		f.fake.fail <- &connector.Error{Class: connector.Retryable, Msg: "connection reset"}
		if st := within(t, f.fake.starts, "the restart"); string(st) != `{"cursor":1}` {
			t.Fatalf("restarted with state %q", st)
		}
		if d := within(t, f.waits, "the backoff"); d < 15*time.Second {
			t.Errorf("backoff %v", d)
		}
		view, _ = f.listen.Source(f.owner, "lyon", src.ID)
		if view.ErrorCount != 1 || !strings.Contains(view.LastError, "connection reset") || !view.Enabled || view.LastSuccessAt == nil {
			t.Fatalf("after a failure: errors %d, last %q, enabled %v", view.ErrorCount, view.LastError, view.Enabled)
		}

		// A server without streaming is not a failure: the source is
		// polled only, and the stream is tried again an hour later.
		f.fake.fail <- connector.ErrNoStream
		if d := within(t, f.waits, "the wait after no stream"); d != time.Hour {
			t.Errorf("waited %v after ErrNoStream, want an hour", d)
		}
		within(t, f.fake.starts, "the stream to be tried again")
		view, _ = f.listen.Source(f.owner, "lyon", src.ID)
		if view.ErrorCount != 1 || !view.Enabled {
			t.Fatalf("ErrNoStream counted as a failure: errors %d, enabled %v", view.ErrorCount, view.Enabled)
		}

		// Pausing the source stops its stream.
		off := false
		if _, err := f.listen.UpdateSource(f.owner, "lyon", src.ID, listen.SourceUpdate{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		within(t, f.fake.stopped, "the stream to stop after a pause")
		on := true
		if _, err := f.listen.UpdateSource(f.owner, "lyon", src.ID, listen.SourceUpdate{Enabled: &on}); err != nil {
			t.Fatal(err)
		}
		within(t, f.fake.starts, "the stream to start again after resuming")

		// A permanent failure pauses the source, with no restart.
		f.fake.fail <- &connector.Error{Class: connector.Permanent, Msg: "account suspended"}
		deadline := time.Now().Add(10 * time.Second)
		for {
			view, _ = f.listen.Source(f.owner, "lyon", src.ID)
			if !view.Enabled {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("a permanent failure did not pause the source")
			}
			time.Sleep(5 * time.Millisecond) // polling for the supervisor's write, not an assertion
		}
		if !strings.Contains(view.PausedReason, "account suspended") {
			t.Fatalf("after a permanent failure: reason %q", view.PausedReason)
		}
		stop()
		select {
		case <-f.fake.starts:
			t.Fatal("the stream restarted after a permanent failure")
		default:
		}
	})
}
