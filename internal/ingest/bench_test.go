package ingest_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var benchFR = []string{"le service client de la mairie est vraiment génial aujourd'hui", "grève des bus encore une fois, c'est pas terrible",
	"trop bien le nouveau tram !!", "je n'aime pas du tout la nouvelle appli", "merci pour votre réponse rapide",
	"l'accueil était nul et l'attente interminable", "une œuvre magnifique au musée des beaux-arts"}
var benchEN = []string{"loving the new tram line, great job", "worst customer service ever, still waiting",
	"does anyone know when the pool reopens?", "thanks for the quick answer", "the app keeps crashing since the update"}
var benchTags = []string{"#Lyon", "#GreveSNCF", "#tram", "#service", ""}

// benchItems makes n tweet-length items, deterministically.
func benchItems(n, offset int) []model.Item {
	r := rand.New(rand.NewPCG(1, uint64(offset)))
	items := make([]model.Item, n)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range items {
		src := benchEN
		if r.IntN(10) < 6 {
			src = benchFR
		}
		f := int64(r.IntN(100000))
		items[i] = model.Item{ExternalID: fmt.Sprintf("b-%d", offset+i), Network: []string{"bluesky", "mastodon", "web"}[r.IntN(3)],
			Text:      src[r.IntN(len(src))] + " " + benchTags[r.IntN(len(benchTags))],
			Author:    model.Author{Handle: fmt.Sprintf("user%d", r.IntN(20000)), Followers: &f},
			CreatedAt: base.Add(time.Duration(r.IntN(30*24*3600)) * time.Second), Metrics: model.Metrics{Likes: int64(r.IntN(500))}}
	}
	return items
}

func benchWorkspace(b *testing.B, db *store.DB) int64 {
	as := auth.NewService(db, clock.Real{}, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	ws := workspace.NewService(db, as, clock.Real{})
	w, err := ws.Create(auth.SystemContext(context.Background(), "bench"), workspace.Input{Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	return w.ID
}

// benchBatch is the batch size of the benchmarks, as parvis import uses.
const benchBatch = 4000

// BenchmarkPipeline measures the whole pipeline (normalise, dedupe, enrich
// with language/sentiment/entities, persist with full-text indexing) in
// batches of benchBatch, against a bare bulk insert of the same rows.
//
//	go test -bench Pipeline -benchtime 100000x -run ^$ ./internal/ingest/
func BenchmarkPipeline(b *testing.B) {
	engine, err := text.NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	for _, eng := range []string{"sqlite", "postgres"} {
		open := func(b *testing.B) *store.DB {
			if eng == "sqlite" {
				return storetest.SQLite(b, storetest.Options{})
			}
			return storetest.Postgres(b, storetest.Options{})
		}
		b.Run(eng+"/pipeline", func(b *testing.B) {
			db := open(b)
			ws := benchWorkspace(b, db)
			p := ingest.New(db, clock.Real{}, slog.New(slog.DiscardHandler))
			p.AddEnricher(ingest.NewTextEnricher(engine))
			// Items are generated ahead so that only the pipeline is timed.
			var batches [][]model.Item
			for done := 0; done < b.N; done += benchBatch {
				batches = append(batches, benchItems(min(benchBatch, b.N-done), done))
			}
			b.ReportAllocs()
			b.ResetTimer()
			i, inserted := 0, 0
			next := func() (ingest.Batch, bool) {
				if i == len(batches) {
					return ingest.Batch{}, false
				}
				i++
				return ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws, Network: "bench"}, Items: batches[i-1]}, true
			}
			err := p.Stream(context.Background(), next, func(_ ingest.Batch, r ingest.Result) { inserted += r.Inserted })
			if err != nil || inserted != b.N {
				b.Fatalf("inserted %d of %d: %v", inserted, b.N, err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
		b.Run(eng+"/bare-insert", func(b *testing.B) {
			db := open(b)
			ws := benchWorkspace(b, db)
			b.ResetTimer()
			for done := 0; done < b.N; {
				n := min(benchBatch, b.N-done)
				b.StopTimer()
				items := benchItems(n, done)
				for i := range items {
					items[i].WorkspaceID, items[i].Kind, items[i].SearchText = ws, model.KindPost, strings.ToLower(items[i].Text)
				}
				b.StartTimer()
				if err := db.InTx(context.Background(), func(q *store.Q) error { _, err := q.UpsertItems(context.Background(), items); return err }); err != nil {
					b.Fatal(err)
				}
				done += n
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkReanalyze measures 'parvis reanalyze' over b.N stored items:
// "same" when the analysis has not changed (read and analyse, nothing
// written), "stale" when every item's search words must be written again.
//
//	go test -bench Reanalyze -benchtime 20000x -run ^$ ./internal/ingest/
func BenchmarkReanalyze(b *testing.B) {
	engine, err := text.NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	for _, eng := range []string{"sqlite", "postgres"} {
		for _, stale := range []bool{false, true} {
			name := eng + "/same"
			if stale {
				name = eng + "/stale"
			}
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				db := storetest.SQLite(b, storetest.Options{})
				if eng == "postgres" {
					db = storetest.Postgres(b, storetest.Options{})
				}
				ws := benchWorkspace(b, db)
				p := ingest.New(db, clock.Real{}, slog.New(slog.DiscardHandler))
				p.AddEnricher(ingest.NewTextEnricher(engine))
				for done := 0; done < b.N; done += benchBatch {
					batch := ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws, Network: "bench"}, Items: benchItems(min(benchBatch, b.N-done), done)}
					if _, err := p.Ingest(ctx, batch); err != nil {
						b.Fatal(err)
					}
				}
				if stale {
					if _, err := db.Q().Exec(ctx, `UPDATE items SET search_text = 'stale'`); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				res, err := p.Reanalyze(ctx, ingest.ReanalyzeOptions{})
				if err != nil || res.Read != b.N || (stale && res.Written != b.N) || (!stale && res.Changed != 0) {
					b.Fatalf("%+v, %v", res, err)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
			})
		}
	}
}
