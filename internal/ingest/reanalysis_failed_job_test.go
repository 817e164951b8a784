package ingest_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisAfterAFailedReading: a reading that failed (its attempts
// spent, under this version or an older one) keeps the job's unique key.
// The next start, after an upgrade or not, must still get the stored
// items read again rather than leave them as they are for good.
func TestReanalysisAfterAFailedReading(t *testing.T) {
	eachReanalysisDB(t, func(t *testing.T, db *store.DB, engine *text.Engine) {
		ctx, fc, st := context.Background(), db.Clock(), db.Q()
		p, q, ws := staleWorkspace(t, db, engine)
		if queued, err := p.ScheduleReanalysis(ctx, q); err != nil || !queued {
			t.Fatalf("queued %v (%v)", queued, err)
		}
		// The reading fails for good (20 attempts, or a permanent error).
		claimed, err := st.ClaimJobs(ctx, "old-server", []string{ingest.ReanalysisJob}, 1, fc.Now().Add(time.Minute))
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claimed %d (%v)", len(claimed), err)
		}
		if ok, err := st.FailJob(ctx, claimed[0].ID, "old-server", "database unreachable"); err != nil || !ok {
			t.Fatalf("fail: %v %v", ok, err)
		}
		// What /readyz tells operators, as no page lists the job.
		want := ingest.AnalysisState{Version: ingest.AnalysisVersion, Reading: "failed", LastError: "database unreachable"}
		state, err := p.AnalysisState(ctx)
		if err != nil || state != want {
			t.Errorf("analysis state after the failure: %+v (%v), want %+v", state, err, want)
		}
		// /readyz answers anyone: the error stays in the log.
		if b, _ := json.Marshal(state); strings.Contains(string(b), "unreachable") {
			t.Errorf("the analysis state as /readyz shows it holds the job's error: %s", b)
		}
		// A later start.
		if _, err := p.ScheduleReanalysis(ctx, q); err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			ran, err := q.RunDue(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ran == 0 || i > 5 {
				break
			}
		}
		v, _, _ := st.Setting(ctx, "analysis_version")
		got, err := st.ListItems(ctx, store.ItemFilter{WorkspaceID: ws.ID, Query: "greve", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if v != strconv.Itoa(ingest.AnalysisVersion) || len(got) != 1 {
			t.Errorf("after a start that follows a failed reading: version %q, %d items found by their words, want %d and 1", v, len(got), ingest.AnalysisVersion)
		}
		want = ingest.AnalysisState{Version: ingest.AnalysisVersion, Stored: ingest.AnalysisVersion}
		if got, err := p.AnalysisState(ctx); err != nil || got != want {
			t.Errorf("analysis state after the reading: %+v (%v), want %+v", got, err, want)
		}
	})
}

// staleWorkspace builds on db a pipeline with the text engine and the
// reanalysis job, and a workspace holding one item ("la grève continue")
// as an older version left it: other search words, version 0.
func staleWorkspace(t *testing.T, db *store.DB, engine *text.Engine) (*ingest.Pipeline, *jobs.Queue, *model.Workspace) {
	t.Helper()
	ctx, fc, st := context.Background(), db.Clock(), db.Q()
	p, q := reanalysisPipeline(db, engine)
	ws := &model.Workspace{Slug: "ws", Name: "WS"}
	if err := st.CreateWorkspace(ctx, ws); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws.ID, Network: "web"},
		Items: []model.Item{{ExternalID: "1", Text: "la grève continue", CreatedAt: fc.Now().Add(-time.Hour)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Exec(ctx, `UPDATE items SET search_text = 'stale'`); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSetting(ctx, "analysis_version", "0"); err != nil {
		t.Fatal(err)
	}
	return p, q, ws
}

// eachReanalysisDB runs fn on SQLite and on PostgreSQL, each with a fake
// clock, and the text engine (built once).
func eachReanalysisDB(t *testing.T, fn func(t *testing.T, db *store.DB, engine *text.Engine)) {
	t.Helper()
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachWith(t, storetest.Options{Clock: clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))}, func(t *testing.T, db *store.DB) {
		fn(t, db, engine)
	})
}

// reanalysisPipeline builds on db a pipeline with the text engine and a
// job queue that runs the reanalysis job.
func reanalysisPipeline(db *store.DB, engine *text.Engine) (*ingest.Pipeline, *jobs.Queue) {
	log := slog.New(slog.DiscardHandler)
	q := jobs.New(db, db.Clock(), log)
	p := ingest.New(db, db.Clock(), log)
	p.AddEnricher(ingest.NewTextEnricher(engine))
	p.RegisterReanalysis(q)
	return p, q
}
