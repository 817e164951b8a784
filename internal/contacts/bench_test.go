package contacts_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

// BenchmarkIngestWithContacts measures what the contacts stage adds to a
// batch of 500 items from 300 authors, one of whom (a brand account) has
// written thousands of items already: go test -bench IngestWith -run '^$'.
func BenchmarkIngestWithContacts(b *testing.B) {
	for _, withContacts := range []bool{false, true} {
		b.Run(fmt.Sprintf("contacts=%v", withContacts), func(b *testing.B) {
			db := storetest.SQLite(b, storetest.Options{})
			fc := clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			a := auth.NewService(db, fc, cheap)
			wss := workspace.NewService(db, a, fc)
			pipe := ingest.New(db, fc, log)
			if withContacts {
				contacts.New(contacts.Options{DB: db, Workspaces: wss, Pipeline: pipe, Clock: fc, Log: log})
			}
			u, err := a.CreateUser(auth.SystemContext(context.Background(), "bench"), auth.NewUser{Email: "o@example.org", Password: "password-o", Name: "O"})
			if err != nil {
				b.Fatal(err)
			}
			w, err := wss.Create(auth.WithActor(context.Background(), &auth.Actor{User: u}), workspace.Input{Name: "Bench", TimeZone: "UTC", Language: "en"})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			batch := func() []model.Item {
				items := make([]model.Item, 500)
				for i := range items {
					n++
					handle := fmt.Sprintf("user%d@m.social", n%3000)
					if i%5 == 0 {
						handle = "brand@m.social"
					}
					f := int64(n % 1000)
					items[i] = model.Item{Network: "mastodon", ExternalID: fmt.Sprint(n), Kind: model.KindPost, Text: "hello parvis",
						CreatedAt: fc.Now().Add(time.Duration(n) * time.Second), Author: model.Author{Handle: handle, Name: handle, Followers: &f},
						Sentiment: &model.Sentiment{Label: "positive", Score: 0.5}, Metrics: model.Metrics{Likes: int64(n % 7)}}
				}
				return items
			}
			ingestOne := func() {
				if _, err := pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: w.ID}, Items: batch()}); err != nil {
					b.Fatal(err)
				}
			}
			for range 40 { // 20,000 items, 4,000 of them the brand's
				ingestOne()
			}
			b.ResetTimer()
			for range b.N {
				ingestOne()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/batch")
		})
	}
}
