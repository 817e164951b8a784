package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/parvis/parvis/internal/model"
)

// HasItems reports whether any item is stored, in any workspace.
func (q *Q) HasItems(ctx context.Context) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM items LIMIT 1) AS one`).Scan(&n)
	return n > 0, err
}

// ItemsToReanalyze returns up to limit stored items with an id above
// afterID, in id order, with the search text they were indexed under:
// of one workspace, or of all when wsID is 0. Items their authors
// deleted and those anonymised on request are left out: they have no
// words left to read.
func (q *Q) ItemsToReanalyze(ctx context.Context, wsID, afterID int64, limit int) ([]model.Item, error) {
	where, args := `id > ? AND deleted_at IS NULL AND NOT (text = ? AND author_handle = '')`, []any{afterID, ErasedText}
	if wsID != 0 {
		where += ` AND workspace_id = ?`
		args = append(args, wsID)
	}
	rows, err := q.Query(ctx, `SELECT `+itemSelectCols+`, search_text FROM items WHERE `+where+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Item
	for rows.Next() {
		var search string
		it, err := scanItem(rowScanner{rows, &search})
		if err != nil {
			return nil, err
		}
		it.SearchText = search
		out = append(out, it)
	}
	return out, rows.Err()
}

// UpdateItemAnalysis writes what the text engine reads in items now
// (language, sentiment, entities, search text) to the rows that have not
// changed since they were read: same updated_at, not deleted. An item
// edited or deleted meanwhile was read by the pipeline with its new text
// and is left as it is. updated_at stays: the item itself did not
// change. It returns the items written.
func (q *Q) UpdateItemAnalysis(ctx context.Context, items []model.Item) ([]model.Item, error) {
	var written []model.Item
	const cols = 8
	for start := 0; start < len(items); start += 200 {
		part := items[start:min(start+200, len(items))]
		byID := make(map[int64]*model.Item, len(part))
		var b strings.Builder
		b.WriteString(`WITH v (id, updated_at, lang, lang_confidence, sentiment, sentiment_score, entities, search_text) AS (VALUES `)
		args := make([]any, 0, cols*len(part))
		for i := range part {
			it := &part[i]
			byID[it.ID] = it
			label, score := "", 0.0
			if it.Sentiment != nil {
				label, score = it.Sentiment.Label, it.Sentiment.Score
			}
			var ents string
			if it.Entities != nil {
				e, err := json.Marshal(it.Entities)
				if err != nil {
					return nil, fmt.Errorf("item %d: entities: %w", it.ID, err)
				}
				ents = string(e)
			}
			if i > 0 {
				b.WriteString(", ")
			}
			// Typed, for PostgreSQL: a parameter in VALUES is text.
			b.WriteString("(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS REAL), CAST(? AS TEXT), CAST(? AS REAL), CAST(? AS TEXT), CAST(? AS TEXT))")
			args = append(args, it.ID, micro(it.UpdatedAt), it.Lang, it.LangConfidence, label, score, ents, it.SearchText)
		}
		b.WriteString(`) UPDATE items SET lang = v.lang, lang_confidence = v.lang_confidence, sentiment = v.sentiment,
			sentiment_score = v.sentiment_score, entities = v.entities, search_text = v.search_text
			FROM v WHERE items.id = v.id AND items.updated_at = v.updated_at AND items.deleted_at IS NULL RETURNING items.id`)
		ids, err := q.queryIDs(ctx, b.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("items %d to %d: %w", part[0].ID, part[len(part)-1].ID, err)
		}
		slices.Sort(ids)
		for _, id := range ids {
			written = append(written, *byID[id])
		}
	}
	return written, nil
}

// RefreshContactSentiment brings what items contribute to their authors'
// identities (the sentiment kept on contact_items, the identities' sums
// and counts) to the items' sentiment now, by difference.
func (q *Q) RefreshContactSentiment(ctx context.Context, items []model.Item) error {
	byID := make(map[int64]*model.Item, len(items))
	ids := make([]int64, len(items))
	for i := range items {
		byID[items[i].ID], ids[i] = &items[i], items[i].ID
	}
	type change struct {
		identity, item int64
		score          float64
		has            bool
	}
	var changes []change
	sums := map[int64]counterDelta{}
	for start := 0; start < len(ids); start += 200 {
		in, args := inList(ids[start:min(start+200, len(ids))])
		rows, err := q.Query(ctx, `SELECT identity_id, item_id, sentiment_score, has_sentiment FROM contact_items WHERE item_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c change
			if err := rows.Scan(&c.identity, &c.item, &c.score, &c.has); err != nil {
				rows.Close()
				return err
			}
			it := byID[c.item]
			has, score := it.Sentiment != nil, 0.0
			if has {
				score = it.Sentiment.Score
			}
			// PostgreSQL's REAL keeps about seven digits of the score.
			if has == c.has && math.Abs(score-c.score) < 1e-6 {
				continue
			}
			d := sums[c.identity]
			d.sentiment += sentimentOf(has, score) - sentimentOf(c.has, c.score)
			d.sentimentN += boolInt(has) - boolInt(c.has)
			sums[c.identity] = d
			c.score, c.has = score, has
			changes = append(changes, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, c := range changes {
		if _, err := q.Exec(ctx, `UPDATE contact_items SET sentiment_score = ?, has_sentiment = ? WHERE identity_id = ? AND item_id = ?`,
			c.score, c.has, c.identity, c.item); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(sums)) {
		d := sums[id]
		if _, err := q.Exec(ctx, `UPDATE contact_identities SET sentiment_sum = sentiment_sum + ?, sentiment_count = sentiment_count + ? WHERE id = ?`,
			d.sentiment, d.sentimentN, id); err != nil {
			return err
		}
	}
	return nil
}

// LockConversation takes a conversation's row for the rest of the
// transaction, so that what is read of it and its items afterwards is not
// overwritten by, nor overwrites, a concurrent writer (the pipeline
// threading an item, an erasure, a note). SQLite's write transactions are
// serialised already.
func (q *Q) LockConversation(ctx context.Context, wsID, id int64) error {
	if q.Dialect() != Postgres {
		return nil
	}
	_, err := q.Exec(ctx, `SELECT id FROM conversations WHERE workspace_id = ? AND id = ? FOR UPDATE`, wsID, id)
	return err
}

// GetConversationForUpdate is GetConversation for a transaction that
// writes the conversation back: the row is locked first, so that what is
// read is not overwritten by a concurrent writer's older read, nor
// overwrites a newer write (PostgreSQL; SQLite serialises writers).
func (q *Q) GetConversationForUpdate(ctx context.Context, wsID, id int64) (model.Conversation, error) {
	if err := q.LockConversation(ctx, wsID, id); err != nil {
		return model.Conversation{}, err
	}
	return q.GetConversation(ctx, wsID, id)
}

// SetConversationAnalysis writes what a conversation shows of its items'
// analysis (the language and sentiment of its last inbound item) and what
// search finds it by, and nothing else: a teammate may be assigning it.
func (q *Q) SetConversationAnalysis(ctx context.Context, wsID, id int64, lang, sentiment, search string) error {
	_, err := q.Exec(ctx, `UPDATE conversations SET lang = ?, sentiment = ?, search_text = ? WHERE workspace_id = ? AND id = ?`,
		lang, sentiment, search, wsID, id)
	return err
}

// queryIDs runs a query that returns one id per row.
func (q *Q) queryIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
