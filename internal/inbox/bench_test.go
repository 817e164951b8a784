package inbox_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// seedInbox fills a workspace with n items in n/5 conversations by bulk
// INSERT … SELECT from a generated series (the engines' own loops, no
// round trip per row): statuses, assignees, labels, languages, sentiments
// and networks spread so that each filter keeps a realistic share.
func seedInbox(b *testing.B, db *store.DB, wsID, userID int64, items int) {
	ctx := context.Background()
	convs := items / 5
	series := func(n int) string {
		if db.Dialect() == store.Postgres {
			return fmt.Sprintf("(SELECT generate_series AS x FROM generate_series(1, %d)) s", n)
		}
		return fmt.Sprintf("(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < %d) SELECT x FROM s) s", n)
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	words := `CASE x % 7 WHEN 0 THEN 'bug export pdf' WHEN 1 THEN 'merci bravo' WHEN 2 THEN 'prix tarif' WHEN 3 THEN 'connexion impossible'
		WHEN 4 THEN 'question livraison' WHEN 5 THEN 'hello support' ELSE 'avis produit' END`
	stmts := []string{
		`INSERT INTO items (workspace_id, network, external_id, kind, author_handle, text, lang, sentiment, search_text, thread_id, parent_id, created_at, fetched_at, updated_at)
		 SELECT ?, CASE (1 + (x - 1) / 5) % 3 WHEN 0 THEN 'mastodon' WHEN 1 THEN 'bluesky' ELSE 'reddit' END, 'ext' || x, CASE WHEN x % 5 = 1 THEN 'mention' ELSE 'reply' END,
		 'user' || (x % 50000), 'text ' || x, CASE x % 2 WHEN 0 THEN 'fr' ELSE 'en' END, CASE x % 3 WHEN 0 THEN 'negative' WHEN 1 THEN 'neutral' ELSE 'positive' END,
		 ` + words + `, 'thread' || (1 + (x - 1) / 5), '', CAST(? AS BIGINT) + CAST(x AS BIGINT) * 30000000, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 30000000, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 30000000 FROM ` + series(items),
		`INSERT INTO conversations (workspace_id, network, thread_key, kind, status, assignee_id, author_handle, author_name, preview, lang, sentiment,
		 items_count, last_inbound_at, last_activity_at, due_at, breached, search_text, created_at, updated_at)
		 SELECT ?, CASE x % 3 WHEN 0 THEN 'mastodon' WHEN 1 THEN 'bluesky' ELSE 'reddit' END, 'thread' || x, 'thread',
		 CASE x % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'pending' ELSE 'closed' END, CASE WHEN x % 4 = 0 THEN CAST(? AS BIGINT) ELSE NULL END,
		 'user' || (x % 50000), 'User', 'preview ' || x, CASE x % 2 WHEN 0 THEN 'fr' ELSE 'en' END,
		 CASE x % 3 WHEN 0 THEN 'negative' WHEN 1 THEN 'neutral' ELSE 'positive' END, 5, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 150000000, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 150000000,
		 CASE WHEN x % 10 = 0 THEN CAST(? AS BIGINT) + CAST(x AS BIGINT) * 150000000 + 7200000000 ELSE NULL END, x % 13 = 0, ` + words + `, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 150000000, CAST(? AS BIGINT) + CAST(x AS BIGINT) * 150000000 FROM ` + series(convs),
		`INSERT INTO conversation_items (conversation_id, item_id, workspace_id, direction, created_at)
		 SELECT c.id, i.id, i.workspace_id, 'in', i.created_at FROM items i JOIN conversations c ON c.workspace_id = i.workspace_id
		 AND c.network = i.network AND c.thread_key = i.thread_id WHERE i.workspace_id = ?`,
		`INSERT INTO conversation_labels (conversation_id, workspace_id, label) SELECT id, workspace_id, CASE id % 3 WHEN 0 THEN 'bug' WHEN 1 THEN 'billing' ELSE 'praise' END
		 FROM conversations WHERE workspace_id = ? AND id % 4 = 0`,
	}
	args := [][]any{
		{wsID, base, base, base},
		{wsID, userID, base, base, base, base, base},
		{wsID},
		{wsID},
	}
	start := time.Now()
	err := db.InTx(ctx, func(q *store.Q) error {
		for i, s := range stmts {
			if _, err := q.Exec(ctx, s, args[i]...); err != nil {
				return fmt.Errorf("seed %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	var n, nc int64
	db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM conversation_items WHERE workspace_id = ?`, wsID).Scan(&n)
	db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM conversations WHERE workspace_id = ?`, wsID).Scan(&nc)
	b.Logf("%s: seeded %d items, %d conversations, %d links in %v", db.Dialect(), items, nc, n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkInboxList measures the inbox list (first page of 50, with the
// usual filters) on 1,000,000 items in 200,000 conversations, on both
// engines, and reports the p99 latency. PARVIS_BENCH_ITEMS changes the
// size.
//
//	go test ./internal/inbox -run XXX -bench InboxList -benchtime 200x
func BenchmarkInboxList(b *testing.B) {
	items := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PARVIS_BENCH_ITEMS")); err == nil && v > 0 {
		items = v
	}
	engines := map[string]func(testing.TB, storetest.Options) *store.DB{"sqlite": storetest.SQLite, "postgres": storetest.Postgres}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := engines[engine](b, storetest.Options{})
			ctx := context.Background()
			var wsID, userID int64
			err := db.InTx(ctx, func(q *store.Q) error {
				now := time.Now().UnixMicro()
				var err error
				if userID, err = q.InsertID(ctx, `INSERT INTO users (email, email_norm, name, password_hash, created_at, updated_at) VALUES ('a@example.org', 'a@example.org', 'A', '', ?, ?)`, now, now); err != nil {
					return err
				}
				wsID, err = q.InsertID(ctx, `INSERT INTO workspaces (slug, name, time_zone, language, created_at, updated_at) VALUES ('bench', 'Bench', 'Europe/Paris', 'fr', ?, ?)`, now, now)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			seedInbox(b, db, wsID, userID, items)
			now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
			filters := []struct {
				name string
				f    store.ConversationFilter
			}{
				{"all", store.ConversationFilter{}},
				{"open", store.ConversationFilter{Status: "open"}},
				{"mine_open", store.ConversationFilter{Status: "open", AssigneeID: userID}},
				{"unassigned", store.ConversationFilter{AssigneeID: -1}},
				{"network_lang_sentiment", store.ConversationFilter{Network: "mastodon", Lang: "fr", Sentiment: "negative"}},
				{"label", store.ConversationFilter{Label: "bug"}},
				{"overdue", store.ConversationFilter{Overdue: true, Now: now}},
				{"search", store.ConversationFilter{Query: "export"}},
				{"search_open", store.ConversationFilter{Query: "livraison", Status: "open"}},
				{"oldest_open", store.ConversationFilter{Status: "open", Oldest: true}},
			}
			for _, fl := range filters {
				b.Run(fl.name, func(b *testing.B) {
					f := fl.f
					f.WorkspaceID, f.Limit = wsID, 51
					var lat []time.Duration
					for b.Loop() {
						t0 := time.Now()
						list, err := db.Q().ListConversations(ctx, f)
						lat = append(lat, time.Since(t0))
						if err != nil {
							b.Fatal(err)
						}
						if len(list) == 0 {
							b.Fatalf("%s: empty page", fl.name)
						}
					}
					sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
					p99 := lat[min(len(lat)-1, len(lat)*99/100)]
					b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
					b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
				})
			}
		})
	}
}
