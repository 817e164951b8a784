package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parvis/parvis/internal/model"
)

const itemInsertCols = `workspace_id, source_id, network, external_id, kind, url, author_handle, author_name, author_url, author_followers,
	title, text, lang, lang_confidence, sentiment, sentiment_score, entities, parent_id, thread_id, likes, reposts, replies, views,
	source_name, search_text, created_at, fetched_at, updated_at`

const itemColCount = 28

// itemChunk bounds the rows of one multi-row INSERT (27 parameters each).
const itemChunk = 400

func itemArgs(it *model.Item, now int64) []any {
	var src any
	if it.SourceID != 0 {
		src = it.SourceID
	}
	var ents string
	if it.Entities != nil {
		b, _ := json.Marshal(it.Entities)
		ents = string(b)
	}
	label, score := "", 0.0
	if it.Sentiment != nil {
		label, score = it.Sentiment.Label, it.Sentiment.Score
	}
	fetched := micro(it.FetchedAt)
	if fetched == 0 {
		fetched = now
	}
	return []any{it.WorkspaceID, src, it.Network, it.ExternalID, string(it.Kind), it.URL, it.Author.Handle, it.Author.Name, it.Author.URL,
		nullInt(it.Author.Followers), it.Title, it.Text, it.Lang, it.LangConfidence, label, score, ents, it.ParentID, it.ThreadID,
		it.Metrics.Likes, it.Metrics.Reposts, it.Metrics.Replies, it.Metrics.Views, it.Source, it.SearchText, micro(it.CreatedAt), fetched, now}
}

// ExistingItemKeys returns which of the (network, external id) keys of a
// workspace are already stored, as ItemKey strings.
func (q *Q) ExistingItemKeys(ctx context.Context, wsID int64, items []model.Item) (map[string]bool, error) {
	out := map[string]bool{}
	err := q.lookupItemKeys(ctx, wsID, items, func(_ int64, network, externalID string) { out[ItemKey(network, externalID)] = true })
	return out, err
}

// lookupItemKeys finds the stored items among items, by (network, external
// id), querying per network so that the unique index serves the lookup.
func (q *Q) lookupItemKeys(ctx context.Context, wsID int64, items []model.Item, found func(id int64, network, externalID string)) error {
	byNetwork := map[string][]string{}
	for i := range items {
		byNetwork[items[i].Network] = append(byNetwork[items[i].Network], items[i].ExternalID)
	}
	for network, ids := range byNetwork {
		for start := 0; start < len(ids); start += 500 {
			end := min(start+500, len(ids))
			var rows *sql.Rows
			var err error
			if q.Dialect() == Postgres {
				// One array parameter: a long IN list of parameters gets a
				// generic plan that PostgreSQL may run as a sequential scan.
				rows, err = q.Query(ctx, `SELECT id, external_id FROM items WHERE workspace_id = ? AND network = ? AND external_id = ANY(?)`,
					wsID, network, ids[start:end])
			} else {
				args := make([]any, 0, end-start+2)
				args = append(args, wsID, network)
				for _, id := range ids[start:end] {
					args = append(args, id)
				}
				rows, err = q.Query(ctx, `SELECT id, external_id FROM items WHERE workspace_id = ? AND network = ? AND external_id IN (?`+
					strings.Repeat(", ?", end-start-1)+`)`, args...)
			}
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var e string
				if err := rows.Scan(&id, &e); err != nil {
					rows.Close()
					return err
				}
				found(id, network, e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ItemKey is the identity of an item within a workspace.
func ItemKey(network, externalID string) string { return network + "\x00" + externalID }

// UpsertItems inserts items, or updates the stored ones with the same
// (workspace, network, external id): text, title and metrics may have been
// edited since. Rows that did not change are left alone. It sets the ID of
// every item it wrote (inserted or changed; unchanged ones keep 0) and
// returns how many were new. All items must belong to one workspace.
func (q *Q) UpsertItems(ctx context.Context, items []model.Item) (inserted int, err error) {
	if len(items) == 0 {
		return 0, nil
	}
	idx := make(map[string]int, len(items))
	for i := range items {
		items[i].ID = 0
		idx[ItemKey(items[i].Network, items[i].ExternalID)] = i
	}
	if q.Dialect() == Postgres && q.conn != nil && len(items) >= 50 {
		return q.copyUpsertItems(ctx, items, idx)
	}
	var existing map[string]bool
	if q.Dialect() == SQLite {
		// SQLite cannot tell an inserted row from an updated one in
		// RETURNING; a lookup by the unique key is cheap there.
		if existing, err = q.ExistingItemKeys(ctx, items[0].WorkspaceID, items); err != nil {
			return 0, err
		}
	}
	now := micro(q.Now())
	for start := 0; start < len(items); start += itemChunk {
		end := min(start+itemChunk, len(items))
		var b strings.Builder
		b.Grow(256 + (end-start)*itemColCount*4)
		b.WriteString("INSERT INTO items (" + itemInsertCols + ") VALUES ")
		args := make([]any, 0, (end-start)*itemColCount)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(?" + strings.Repeat(", ?", itemColCount-1) + ")")
			args = append(args, itemArgs(&items[i], now)...)
		}
		b.WriteString(itemUpsertTail)
		b.WriteString(itemReturning(q.Dialect()))
		n, err := q.scanUpserted(ctx, b.String(), args, items, idx, existing)
		if err != nil {
			return inserted, err
		}
		inserted += n
	}
	return inserted, nil
}

// itemReturning names the written rows, with the language and sentiment
// they hold (the upsert may keep a stored hint: keptHint); PostgreSQL also
// says which were inserted (xmax is 0 for a row version created by an
// insert).
func itemReturning(d Dialect) string {
	const cols = ` RETURNING id, network, external_id, lang, lang_confidence, sentiment, sentiment_score, `
	if d == Postgres {
		return cols + `(xmax = 0)`
	}
	return cols + `FALSE`
}

func (q *Q) scanUpserted(ctx context.Context, query string, args []any, items []model.Item, idx map[string]int, existing map[string]bool) (int, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("upsert items: %w", err)
	}
	defer rows.Close()
	inserted := 0
	for rows.Next() {
		var id int64
		var network, ext, lang, label string
		var langConf, score float64
		var isNew bool
		if err := rows.Scan(&id, &network, &ext, &lang, &langConf, &label, &score, &isNew); err != nil {
			return inserted, err
		}
		key := ItemKey(network, ext)
		if existing != nil {
			isNew = !existing[key]
		}
		if isNew {
			inserted++
		}
		if i, ok := idx[key]; ok {
			// What the row holds, which the later stages (inbox,
			// contacts) record: a kept hint, not the new detection.
			it := &items[i]
			it.ID, it.Lang, it.LangConfidence = id, lang, langConf
			if label != "" {
				it.Sentiment = &model.Sentiment{Label: label, Score: score}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return inserted, fmt.Errorf("upsert items: %w", err)
	}
	return inserted, nil
}

// itemUpsertTail turns an insert of items into an upsert: a stored item
// gets the new text, metrics and enrichment, unless nothing changed. A
// plain post seen again as something more specific (a mention, a reply…,
// e.g. through an account's notifications after a hashtag search) takes
// that kind, so that it reaches the inbox whatever the order of sources.
// A language given as a hint (confidence 1) stays, with the sentiment
// read in it, when the same text comes again without one (new metrics
// from a source that gives no language); a new hint for the same text
// replaces it.
const itemUpsertTail = ` ON CONFLICT (workspace_id, network, external_id) DO UPDATE SET
			title = excluded.title, text = excluded.text, search_text = excluded.search_text, url = excluded.url,
			author_name = excluded.author_name, author_url = excluded.author_url,
			author_followers = COALESCE(excluded.author_followers, items.author_followers),
			lang = CASE WHEN ` + keptHint + ` THEN items.lang ELSE excluded.lang END,
			lang_confidence = CASE WHEN ` + keptHint + ` THEN items.lang_confidence ELSE excluded.lang_confidence END,
			sentiment = CASE WHEN ` + keptHint + ` THEN items.sentiment ELSE excluded.sentiment END,
			sentiment_score = CASE WHEN ` + keptHint + ` THEN items.sentiment_score ELSE excluded.sentiment_score END,
			entities = excluded.entities,
			likes = excluded.likes, reposts = excluded.reposts, replies = excluded.replies, views = excluded.views,
			source_id = COALESCE(items.source_id, excluded.source_id), updated_at = excluded.updated_at,
			kind = CASE WHEN items.kind = 'post' THEN excluded.kind ELSE items.kind END
			WHERE items.deleted_at IS NULL AND ((items.kind = 'post' AND excluded.kind <> 'post') OR items.text <> excluded.text OR items.title <> excluded.title
			OR items.likes <> excluded.likes OR items.reposts <> excluded.reposts OR items.replies <> excluded.replies OR items.views <> excluded.views
			OR items.url <> excluded.url OR (excluded.lang_confidence = 1 AND items.lang <> excluded.lang))`

// keptHint is true when a stored item's language was a hint and the same
// text comes again with a detected one.
const keptHint = `(items.text = excluded.text AND items.title = excluded.title AND items.lang_confidence = 1 AND excluded.lang_confidence < 1)`

// copyUpsertItems loads items with COPY into a temporary table, then
// upserts them in one statement: several times faster than a multi-row
// INSERT with thousands of parameters.
func (q *Q) copyUpsertItems(ctx context.Context, items []model.Item, idx map[string]int) (int, error) {
	if _, err := q.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS items_load ON COMMIT DELETE ROWS AS SELECT `+itemInsertCols+` FROM items WITH NO DATA`); err != nil {
		return 0, fmt.Errorf("upsert items: %w", err)
	}
	now := micro(q.Now())
	cols := strings.Split(strings.Join(strings.Fields(itemInsertCols), ""), ",")
	rows := make([][]any, len(items))
	for i := range items {
		rows[i] = itemArgs(&items[i], now)
	}
	err := q.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"items_load"}, cols, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("upsert items: copy: %w", err)
	}
	inserted, err := q.scanUpserted(ctx, `INSERT INTO items (`+itemInsertCols+`) SELECT `+itemInsertCols+` FROM items_load`+
		itemUpsertTail+itemReturning(Postgres), nil, items, idx, nil)
	if err != nil {
		return inserted, err
	}
	_, err = q.Exec(ctx, `TRUNCATE items_load`)
	return inserted, err
}

// MarkItemsDeleted erases the words of the stored items among items (by
// network and external id) that their authors deleted, and returns them
// with their ids (and threads, for the stages that follow). Items Parvis
// never stored, or already deleted, are left out.
func (q *Q) MarkItemsDeleted(ctx context.Context, wsID int64, items []model.Item) ([]model.Item, error) {
	now := micro(q.Now())
	var out []model.Item
	for _, it := range items {
		var id int64
		var parent, thread string
		err := q.QueryRow(ctx, `UPDATE items SET text = '', title = '', search_text = '', entities = '', deleted_at = ?, updated_at = ?
			WHERE workspace_id = ? AND network = ? AND external_id = ? AND deleted_at IS NULL RETURNING id, parent_id, thread_id`,
			now, now, wsID, it.Network, it.ExternalID).Scan(&id, &parent, &thread)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("delete item %s: %w", it.ExternalID, err)
		}
		it.ID, it.ParentID, it.ThreadID, it.DeletedAt = id, parent, thread, ptrMicro(sql.NullInt64{Int64: now, Valid: true})
		out = append(out, it)
	}
	return out, nil
}

// ItemsInRanges returns a workspace's items whose ids fall in the
// inclusive ranges, not deleted, with Topics non-empty for those a topic
// matched (the ids of the topics are not loaded).
func (q *Q) ItemsInRanges(ctx context.Context, wsID int64, ranges [][2]int64) ([]model.Item, error) {
	// On PostgreSQL the rows are held until the transaction ends: what is
	// recorded from them is what they hold when it commits (a reanalysis
	// writing them meanwhile waits, then corrects the links by
	// difference). NOWAIT: a row some writer holds fails the read with
	// lock_not_available (store.Retryable) rather than waiting for it while
	// holding the rows read before, which a batch writing them in another
	// order (a poll, newest first) would wait for in turn: a deadlock.
	// SQLite's write transactions are serialised already.
	lock := ""
	if q.Dialect() == Postgres {
		lock = " FOR SHARE OF items NOWAIT"
	}
	var out []model.Item
	for _, r := range ranges {
		rows, err := q.Query(ctx, `SELECT `+itemSelectCols+`, EXISTS (SELECT 1 FROM topic_matches tm WHERE tm.item_id = items.id)
			FROM items WHERE workspace_id = ? AND id BETWEEN ? AND ? AND deleted_at IS NULL ORDER BY id`+lock, wsID, r[0], r[1])
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var onTopic bool
			it, err := scanItem(boolScanner{rows, &onTopic})
			if err != nil {
				rows.Close()
				return nil, err
			}
			if onTopic {
				it.Topics = []int64{0}
			}
			out = append(out, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// boolScanner appends a boolean destination to a scan.
type boolScanner struct {
	rows  *sql.Rows
	extra *bool
}

func (b boolScanner) Scan(dest ...any) error { return b.rows.Scan(append(dest, b.extra)...) }

// ItemFilter selects items of a workspace, newest first.
type ItemFilter struct {
	WorkspaceID int64
	SourceID    int64
	Network     string
	Kind        string
	Lang        string
	Sentiment   string
	Author      string
	Query       string // full-text, case- and accent-insensitive
	Since       time.Time
	Until       time.Time
	IDs         []int64 // restrict to these ids
	TopicID     int64   // only items this topic matched
	// Cursor: items strictly older than (BeforeCreated, BeforeID).
	BeforeCreated time.Time
	BeforeID      int64
	Limit         int
}

const itemSelectCols = `id, workspace_id, source_id, network, external_id, kind, url, author_handle, author_name, author_url, author_followers,
	title, text, lang, lang_confidence, sentiment, sentiment_score, entities, parent_id, thread_id, likes, reposts, replies, views,
	source_name, created_at, fetched_at, updated_at, deleted_at`

// ScanItem reads a row selected with ItemColumns.
func scanItem(sc interface{ Scan(...any) error }) (model.Item, error) {
	var it model.Item
	var src, followers sql.NullInt64
	var kind, label, ents string
	var score float64
	var created, fetched, updated int64
	var deleted sql.NullInt64
	err := sc.Scan(&it.ID, &it.WorkspaceID, &src, &it.Network, &it.ExternalID, &kind, &it.URL, &it.Author.Handle, &it.Author.Name,
		&it.Author.URL, &followers, &it.Title, &it.Text, &it.Lang, &it.LangConfidence, &label, &score, &ents, &it.ParentID, &it.ThreadID,
		&it.Metrics.Likes, &it.Metrics.Reposts, &it.Metrics.Replies, &it.Metrics.Views, &it.Source, &created, &fetched, &updated, &deleted)
	if it.DeletedAt = ptrMicro(deleted); it.DeletedAt != nil {
		it.Deleted = true
	}
	it.SourceID = src.Int64
	it.Author.Followers = ptrInt(followers)
	it.Kind = model.ItemKind(kind)
	if label != "" {
		it.Sentiment = &model.Sentiment{Label: label, Score: score}
	}
	if ents != "" {
		var e model.Entities
		if json.Unmarshal([]byte(ents), &e) == nil {
			it.Entities = &e
		}
	}
	it.CreatedAt, it.FetchedAt, it.UpdatedAt = fromMicro(created), fromMicro(fetched), fromMicro(updated)
	return it, err
}

// ListItems returns items matching f, newest first.
func (q *Q) ListItems(ctx context.Context, f ItemFilter) ([]model.Item, error) {
	where, args := q.itemWhere(f)
	if !f.BeforeCreated.IsZero() {
		where = append(where, "(created_at < ? OR (created_at = ? AND id < ?))")
		args = append(args, micro(f.BeforeCreated), micro(f.BeforeCreated), f.BeforeID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT `+itemSelectCols+` FROM items WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CountItems counts items matching f (cursor ignored).
func (q *Q) CountItems(ctx context.Context, f ItemFilter) (int64, error) {
	where, args := q.itemWhere(f)
	var n int64
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE `+strings.Join(where, " AND "), args...).Scan(&n)
	return n, err
}

// GetItem returns one item of a workspace.
func (q *Q) GetItem(ctx context.Context, wsID, id int64) (model.Item, error) {
	it, err := scanItem(q.QueryRow(ctx, `SELECT `+itemSelectCols+` FROM items WHERE workspace_id = ? AND id = ?`, wsID, id))
	return it, notFound(err)
}

func (q *Q) itemWhere(f ItemFilter) ([]string, []any) {
	// Items their authors deleted are kept out of every list.
	where := []string{"workspace_id = ?", "deleted_at IS NULL"}
	args := []any{f.WorkspaceID}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.SourceID != 0 {
		add("source_id = ?", f.SourceID)
	}
	if f.Network != "" {
		add("network = ?", f.Network)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.Lang != "" {
		add("lang = ?", f.Lang)
	}
	if f.Sentiment != "" {
		add("sentiment = ?", f.Sentiment)
	}
	if f.Author != "" {
		// Networks match handles whatever their case ("SNCF_Voyageurs"
		// is @sncf_voyageurs). SQLite's LOWER lowers ASCII only, and
		// PostgreSQL's does so under the C collation: both engines, and
		// lowerASCII, lower the same letters ("Élodie" stays É).
		handle := "author_handle"
		if q.Dialect() == Postgres {
			handle = `author_handle COLLATE "C"`
		}
		add("LOWER("+handle+") = ?", lowerASCII(f.Author))
	}
	if !f.Since.IsZero() {
		add("created_at >= ?", micro(f.Since))
	}
	if !f.Until.IsZero() {
		add("created_at < ?", micro(f.Until))
	}
	if f.TopicID != 0 {
		add("id IN (SELECT item_id FROM topic_matches WHERE topic_id = ?)", f.TopicID)
	}
	if len(f.IDs) > 0 {
		ph := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			ph[i] = strconv.FormatInt(id, 10) // ints only: safe to inline
		}
		where = append(where, "id IN ("+strings.Join(ph, ",")+")")
	}
	if terms := searchTerms(f.Query); len(terms) > 0 {
		if q.Dialect() == Postgres {
			parts := make([]string, len(terms))
			for i, t := range terms {
				if strings.HasSuffix(t, "*") {
					parts[i] = "'" + strings.TrimSuffix(t, "*") + "':*"
				} else {
					parts[i] = "'" + t + "'"
				}
			}
			add("fts @@ to_tsquery('simple', ?)", strings.Join(parts, " & "))
		} else {
			parts := make([]string, len(terms))
			for i, t := range terms {
				if strings.HasSuffix(t, "*") {
					parts[i] = `"` + strings.TrimSuffix(t, "*") + `"*`
				} else {
					parts[i] = `"` + t + `"`
				}
			}
			add("id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)", strings.Join(parts, " "))
		}
	}
	return where, args
}

// searchTerms splits a free-text search into words (letters and digits),
// each optionally ending in * for a prefix search. All words must match.
// The caller reads the search as the indexed text was read
// (ingest.SearchQuery).
// Splitting here, rather than passing the text to the engine's query
// syntax, means no input can be a syntax error or an injection.
func searchTerms(s string) []string {
	var terms []string
	var cur strings.Builder
	flush := func(prefix bool) {
		if cur.Len() > 0 {
			t := strings.ToLower(cur.String())
			if prefix {
				t += "*"
			}
			terms = append(terms, t)
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
			cur.WriteRune(r)
		case r == '*':
			flush(true)
		default:
			flush(false)
		}
		if len(terms) >= 16 {
			break
		}
	}
	flush(false)
	return terms
}

// lowerASCII returns s with its ASCII capitals in lower case.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
