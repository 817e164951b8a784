package ingest_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// TestReanalysisJobAfterAnUpgrade: a database with no item records this
// version at once; items analysed by another version are read again by
// one background job, in chunks that resume where the last stopped, and
// the version is recorded after the last; a reading begun by another
// version starts again from the first item.
func TestReanalysisJobAfterAnUpgrade(t *testing.T) {
	eachReanalysisDB(t, func(t *testing.T, db *store.DB, engine *text.Engine) {
		ctx, fc := context.Background(), db.Clock()
		p, q := reanalysisPipeline(db, engine)
		p.ReanalysisChunk = 3
		st := db.Q()
		setting := func(key string) string {
			t.Helper()
			v, _, err := st.Setting(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if queued, err := p.ScheduleReanalysis(ctx, q); err != nil || queued || setting("analysis_version") != strconv.Itoa(ingest.AnalysisVersion) {
			t.Fatalf("empty database: queued %v (%v), version %q", queued, err, setting("analysis_version"))
		}

		ws := &model.Workspace{Slug: "ws", Name: "WS"}
		if err := st.CreateWorkspace(ctx, ws); err != nil {
			t.Fatal(err)
		}
		var items []model.Item
		for i := range 7 {
			items = append(items, model.Item{ExternalID: strconv.Itoa(i), Text: fmt.Sprintf("la grève numéro %d continue, c'est nul", i),
				CreatedAt: fc.Now().Add(-time.Duration(i) * time.Hour)})
		}
		if _, err := p.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws.ID, Network: "web"}, Items: items}); err != nil {
			t.Fatal(err)
		}
		// What an older version left: other search words, its version.
		stale := func() {
			t.Helper()
			if _, err := st.Exec(ctx, `UPDATE items SET search_text = 'stale'`); err != nil {
				t.Fatal(err)
			}
		}
		found := func(word string) int {
			t.Helper()
			got, err := st.ListItems(ctx, store.ItemFilter{WorkspaceID: ws.ID, Query: word, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		stale()
		if err := st.PutSetting(ctx, "analysis_version", "0"); err != nil {
			t.Fatal(err)
		}
		for range 2 { // a second start queues nothing more
			if queued, err := p.ScheduleReanalysis(ctx, q); err != nil || !queued {
				t.Fatalf("stale items: queued %v (%v)", queued, err)
			}
		}
		var n int
		if err := st.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ?`, ingest.ReanalysisJob).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d reanalysis jobs (%v), want 1", n, err)
		}
		runOnce := func() int {
			t.Helper()
			ran, err := q.RunDue(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ran
		}
		runOnce()
		if got, want := setting("analysis_version"), "0"; got != want || found("greve") != 3 || found("stale") != 4 {
			t.Errorf("after one chunk: version %q, %d items found by their words (want 3), %d stale", got, found("greve"), found("stale"))
		}
		firstThree, _ := st.ItemsToReanalyze(ctx, ws.ID, 0, 3)
		if got, want := setting("reanalysis_progress"), fmt.Sprintf("%d:%d", ingest.AnalysisVersion, firstThree[2].ID); got != want {
			t.Errorf("progress %q, want %q", got, want)
		}
		// Snoozed to read the next chunk: waiting for its turn, 3 items read.
		want := ingest.AnalysisState{Version: ingest.AnalysisVersion, Reading: "available", ReadThrough: firstThree[2].ID}
		if got, err := p.AnalysisState(ctx); err != nil || got != want {
			t.Errorf("analysis state after one chunk: %+v (%v), want %+v", got, err, want)
		}
		for i := 0; runOnce() > 0; i++ {
			if i > 5 {
				t.Fatal("the job did not end")
			}
		}
		if setting("analysis_version") != strconv.Itoa(ingest.AnalysisVersion) || setting("reanalysis_progress") != "" || found("greve") != 7 || found("stale") != 0 {
			t.Errorf("after the job: version %q, progress %q, %d found, %d stale", setting("analysis_version"), setting("reanalysis_progress"), found("greve"), found("stale"))
		}
		if queued, err := p.ScheduleReanalysis(ctx, q); err != nil || queued {
			t.Errorf("after the reading: queued %v (%v)", queued, err)
		}

		// A reading left half done by another version starts again.
		stale()
		for key, v := range map[string]string{"analysis_version": "0", "reanalysis_progress": fmt.Sprintf("%d:%d", ingest.AnalysisVersion+1, firstThree[2].ID)} {
			if err := st.PutSetting(ctx, key, v); err != nil {
				t.Fatal(err)
			}
		}
		if queued, err := p.ScheduleReanalysis(ctx, q); err != nil || !queued {
			t.Fatalf("queued %v (%v)", queued, err)
		}
		for i := 0; runOnce() > 0; i++ {
			if i > 5 {
				t.Fatal("the job did not end")
			}
		}
		if found("greve") != 7 || found("stale") != 0 {
			t.Errorf("a reading begun by another version: %d found, %d stale", found("greve"), found("stale"))
		}
	})
}

// TestReanalysisJobOfAnotherVersion: during a rolling upgrade servers of
// two versions share one database. A job queued by a newer server waits
// for one of that version; one queued by an older server is done without
// reading (this version queued its own).
func TestReanalysisJobOfAnotherVersion(t *testing.T) {
	eachReanalysisDB(t, func(t *testing.T, db *store.DB, engine *text.Engine) {
		ctx, fc, st := context.Background(), db.Clock(), db.Q()
		_, q, ws := staleWorkspace(t, db, engine)
		for _, v := range []int{ingest.AnalysisVersion + 1, ingest.AnalysisVersion - 1} {
			j, _, err := q.Enqueue(ctx, nil, ingest.ReanalysisJob, map[string]int{"version": v},
				jobs.EnqueueOptions{UniqueKey: fmt.Sprintf("%s:%d", ingest.ReanalysisJob, v)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := q.RunDue(ctx, nil); err != nil {
				t.Fatal(err)
			}
			got, err := st.GetJob(ctx, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := model.JobCompleted
			if v > ingest.AnalysisVersion {
				want = model.JobAvailable // snoozed
			}
			if got.State != want || (want == model.JobAvailable && !got.RunAt.After(fc.Now())) {
				t.Errorf("job of version %d: %s, run at %v; want %s", v, got.State, got.RunAt, want)
			}
		}
		if n, _ := st.ListItems(ctx, store.ItemFilter{WorkspaceID: ws.ID, Query: "stale", Limit: 10}); len(n) != 1 {
			t.Errorf("another version's job read the items: %d stale left, want 1", len(n))
		}
	})
}
