package inbox_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

// BenchmarkThreadReplies measures threading: b.N replies, in batches of
// 100, each joining one of 200 conversations opened before (the case
// that reads a conversation FOR UPDATE on PostgreSQL), on both engines.
//
//	go test ./internal/inbox -run '^$' -bench ThreadReplies -benchtime 5000x
func BenchmarkThreadReplies(b *testing.B) {
	for _, eng := range []string{"sqlite", "postgres"} {
		b.Run(eng, func(b *testing.B) {
			db := storetest.SQLite(b, storetest.Options{})
			if eng == "postgres" {
				db = storetest.Postgres(b, storetest.Options{})
			}
			ctx, c, log := context.Background(), clock.Real{}, slog.New(slog.DiscardHandler)
			as := auth.NewService(db, c, cheap)
			wss := workspace.NewService(db, as, c)
			w, err := wss.Create(auth.SystemContext(ctx, "bench"), workspace.Input{Name: "Bench"})
			if err != nil {
				b.Fatal(err)
			}
			box, _ := secret.NewBox(make([]byte, 32))
			pipe := ingest.New(db, c, log)
			inbox.New(inbox.Options{DB: db, Workspaces: wss, Jobs: jobs.New(db, c, log), Box: box, Pipeline: pipe, Clock: c, Log: log})
			uri := func(h string, k int) string { return fmt.Sprintf("at://did:plc:%s/app.bsky.feed.post/%d", h, k) }
			start := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
			var opened []model.Item
			for k := range 200 {
				opened = append(opened, model.Item{Network: "bluesky", ExternalID: uri("a", k), Kind: model.KindMention, Text: "@bench une question",
					Author: model.Author{Handle: fmt.Sprintf("u%d.bsky.social", k)}, CreatedAt: start.Add(time.Duration(k) * time.Second), ThreadID: uri("a", k)})
			}
			if _, err := pipe.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: w.ID}, Items: opened}); err != nil {
				b.Fatal(err)
			}
			var batches [][]model.Item
			for done := 0; done < b.N; done += 100 {
				var batch []model.Item
				for k := done; k < min(done+100, b.N); k++ {
					root := opened[k%200]
					batch = append(batch, model.Item{Network: "bluesky", ExternalID: uri("r", k), Kind: model.KindReply, Text: "toujours pas de réponse",
						Author: root.Author, CreatedAt: start.Add(time.Hour + time.Duration(k)*time.Second), ParentID: root.ExternalID, ThreadID: root.ThreadID})
				}
				batches = append(batches, batch)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for _, batch := range batches {
				if _, err := pipe.Ingest(ctx, ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: w.ID}, Items: batch}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var n int64
			if err := db.Q().QueryRow(ctx, `SELECT COALESCE(SUM(items_count), 0) FROM conversations WHERE workspace_id = ?`, w.ID).Scan(&n); err != nil || n != int64(200+b.N) {
				b.Fatalf("conversations hold %d items (%v), want %d", n, err, 200+b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replies/s")
		})
	}
}
