package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const convCols = `c.id, c.workspace_id, c.network, c.thread_key, c.kind, c.status, c.assignee_id, COALESCE(NULLIF(u.name, ''), u.email, ''), c.channel_id, c.source_id,
	c.author_handle, c.author_name, c.preview, c.lang, c.sentiment, c.items_count, c.last_inbound_at, c.last_activity_at,
	c.awaiting_since, c.due_at, c.first_response_at, c.first_response_seconds, c.breached, c.resolved_at, c.resolution_seconds,
	c.feedback_category, c.created_at, c.updated_at`

const convFrom = ` FROM conversations c LEFT JOIN users u ON u.id = c.assignee_id`

func scanConversation(sc interface{ Scan(...any) error }) (model.Conversation, error) {
	var c model.Conversation
	var assignee, channel, source, awaiting, due, first, firstSecs, resolved, resSecs sql.NullInt64
	var status string
	var lastIn, lastAct, created, updated int64
	err := sc.Scan(&c.ID, &c.WorkspaceID, &c.Network, &c.ThreadKey, &c.Kind, &status, &assignee, &c.AssigneeName, &channel, &source,
		&c.AuthorHandle, &c.AuthorName, &c.Preview, &c.Lang, &c.Sentiment, &c.ItemsCount, &lastIn, &lastAct,
		&awaiting, &due, &first, &firstSecs, &c.Breached, &resolved, &resSecs, &c.FeedbackCategory, &created, &updated)
	c.Status = model.ConversationStatus(status)
	c.AssigneeID, c.ChannelID, c.SourceID = ptrInt(assignee), ptrInt(channel), ptrInt(source)
	c.LastInboundAt, c.LastActivityAt, c.CreatedAt, c.UpdatedAt = fromMicro(lastIn), fromMicro(lastAct), fromMicro(created), fromMicro(updated)
	c.AwaitingSince, c.DueAt, c.FirstResponseAt, c.ResolvedAt = ptrMicro(awaiting), ptrMicro(due), ptrMicro(first), ptrMicro(resolved)
	c.FirstResponseSeconds, c.ResolutionSeconds = ptrInt(firstSecs), ptrInt(resSecs)
	c.Labels = []string{}
	if c.AssigneeID == nil {
		c.AssigneeName = ""
	}
	return c, err
}

// CreateConversation inserts a conversation; search is its initial
// full-text content.
func (q *Q) CreateConversation(ctx context.Context, c *model.Conversation, search string) error {
	now := q.Now()
	c.UpdatedAt = now
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.Status == "" {
		c.Status = model.ConvOpen
	}
	id, err := q.InsertID(ctx, `INSERT INTO conversations (workspace_id, network, thread_key, kind, status, assignee_id, channel_id, source_id,
		author_handle, author_name, preview, lang, sentiment, items_count, last_inbound_at, last_activity_at, awaiting_since, due_at,
		first_response_at, first_response_seconds, breached, resolved_at, resolution_seconds, feedback_category, search_text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.WorkspaceID, c.Network, c.ThreadKey, c.Kind, string(c.Status), nullInt(c.AssigneeID), nullInt(c.ChannelID), nullInt(c.SourceID),
		c.AuthorHandle, c.AuthorName, c.Preview, c.Lang, c.Sentiment, c.ItemsCount, micro(c.LastInboundAt), micro(c.LastActivityAt),
		nullMicro(c.AwaitingSince), nullMicro(c.DueAt), nullMicro(c.FirstResponseAt), nullInt(c.FirstResponseSeconds), c.Breached,
		nullMicro(c.ResolvedAt), nullInt(c.ResolutionSeconds), c.FeedbackCategory, search, micro(c.CreatedAt), micro(now))
	c.ID = id
	return err
}

// ConversationSearchMax bounds what is added to a conversation's search
// text: nothing more once it holds that many characters.
const ConversationSearchMax = 32768

// UpdateConversation writes the mutable fields of c. appendSearch, when not
// empty, is added to its full-text content (kept under 32 KiB).
func (q *Q) UpdateConversation(ctx context.Context, c *model.Conversation, appendSearch string) error {
	c.UpdatedAt = q.Now()
	set := `status = ?, assignee_id = ?, channel_id = ?, author_handle = ?, author_name = ?, preview = ?, lang = ?, sentiment = ?,
		items_count = ?, last_inbound_at = ?, last_activity_at = ?, awaiting_since = ?, due_at = ?, first_response_at = ?,
		first_response_seconds = ?, breached = ?, resolved_at = ?, resolution_seconds = ?, feedback_category = ?, updated_at = ?`
	args := []any{string(c.Status), nullInt(c.AssigneeID), nullInt(c.ChannelID), c.AuthorHandle, c.AuthorName, c.Preview, c.Lang, c.Sentiment,
		c.ItemsCount, micro(c.LastInboundAt), micro(c.LastActivityAt), nullMicro(c.AwaitingSince), nullMicro(c.DueAt), nullMicro(c.FirstResponseAt),
		nullInt(c.FirstResponseSeconds), c.Breached, nullMicro(c.ResolvedAt), nullInt(c.ResolutionSeconds), c.FeedbackCategory, micro(c.UpdatedAt)}
	if appendSearch != "" {
		set += `, search_text = CASE WHEN LENGTH(search_text) > ` + strconv.Itoa(ConversationSearchMax) + ` THEN search_text ELSE search_text || ' ' || ? END`
		args = append(args, appendSearch)
	}
	args = append(args, c.WorkspaceID, c.ID)
	_, err := q.Exec(ctx, `UPDATE conversations SET `+set+` WHERE workspace_id = ? AND id = ?`, args...)
	return err
}

// SetConversationSearch replaces what full-text search finds a
// conversation by (after items were deleted).
func (q *Q) SetConversationSearch(ctx context.Context, wsID, id int64, search string) error {
	_, err := q.Exec(ctx, `UPDATE conversations SET search_text = ? WHERE workspace_id = ? AND id = ?`, search, wsID, id)
	return err
}

// GetConversation returns a conversation of a workspace with its labels
// and topics.
func (q *Q) GetConversation(ctx context.Context, wsID, id int64) (model.Conversation, error) {
	c, err := scanConversation(q.QueryRow(ctx, `SELECT `+convCols+convFrom+` WHERE c.workspace_id = ? AND c.id = ?`, wsID, id))
	if err != nil {
		return c, notFound(err)
	}
	list := []model.Conversation{c}
	if err := q.fillConversationLabels(ctx, list); err != nil {
		return c, err
	}
	c = list[0]
	rows, err := q.Query(ctx, `SELECT topic_id FROM conversation_topics WHERE conversation_id = ? ORDER BY topic_id`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return c, err
		}
		c.Topics = append(c.Topics, t)
	}
	return c, rows.Err()
}

// ConversationByThread returns the conversation of a thread key.
func (q *Q) ConversationByThread(ctx context.Context, wsID int64, network, key string) (model.Conversation, error) {
	c, err := scanConversation(q.QueryRow(ctx, `SELECT `+convCols+convFrom+` WHERE c.workspace_id = ? AND c.network = ? AND c.thread_key = ?`,
		wsID, network, key))
	return c, notFound(err)
}

// ConversationOfItem returns the id of the conversation that holds the
// item with this external id, or 0.
func (q *Q) ConversationOfItem(ctx context.Context, wsID int64, network, externalID string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT ci.conversation_id FROM items i JOIN conversation_items ci ON ci.item_id = i.id
		WHERE i.workspace_id = ? AND i.network = ? AND i.external_id = ? LIMIT 1`, wsID, network, externalID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// AddConversationItem links an item to a conversation; inserted is false
// when it already was (an edit of the item came through again).
func (q *Q) AddConversationItem(ctx context.Context, wsID, convID, itemID int64, direction string, created time.Time) (bool, error) {
	res, err := q.Exec(ctx, `INSERT INTO conversation_items (conversation_id, item_id, workspace_id, direction, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, convID, itemID, wsID, direction, micro(created))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// AddConversationTopics records the topics that items of a conversation
// matched.
func (q *Q) AddConversationTopics(ctx context.Context, convID int64, topics []int64) error {
	for _, t := range topics {
		if _, err := q.Exec(ctx, `INSERT INTO conversation_topics (conversation_id, topic_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, convID, t); err != nil {
			return err
		}
	}
	return nil
}

// ConversationItems returns the items of a conversation, oldest first.
func (q *Q) ConversationItems(ctx context.Context, convID int64) ([]model.ConversationItem, error) {
	cols := "i." + strings.ReplaceAll(strings.ReplaceAll(itemSelectCols, "\n\t", " "), ", ", ", i.")
	rows, err := q.Query(ctx, `SELECT `+cols+`, ci.direction FROM conversation_items ci JOIN items i ON i.id = ci.item_id
		WHERE ci.conversation_id = ? ORDER BY i.created_at, i.id`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ConversationItem
	for rows.Next() {
		var ci model.ConversationItem
		var dir string
		it, err := scanItem(rowScanner{rows, &dir})
		if err != nil {
			return nil, err
		}
		ci.Item, ci.Direction = it, dir
		out = append(out, ci)
	}
	return out, rows.Err()
}

// rowScanner appends extra destinations to a scan.
type rowScanner struct {
	rows  *sql.Rows
	extra *string
}

func (r rowScanner) Scan(dest ...any) error { return r.rows.Scan(append(dest, r.extra)...) }

// SetConversationLabels replaces the labels of a conversation.
func (q *Q) SetConversationLabels(ctx context.Context, wsID, convID int64, labels []string) error {
	if _, err := q.Exec(ctx, `DELETE FROM conversation_labels WHERE conversation_id = ?`, convID); err != nil {
		return err
	}
	for _, l := range labels {
		if _, err := q.Exec(ctx, `INSERT INTO conversation_labels (conversation_id, workspace_id, label) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			convID, wsID, l); err != nil {
			return err
		}
	}
	return nil
}

func (q *Q) fillConversationLabels(ctx context.Context, list []model.Conversation) error {
	if len(list) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]string, len(list))
	for i := range list {
		idx[list[i].ID] = i
		ids[i] = strconv.FormatInt(list[i].ID, 10)
	}
	rows, err := q.Query(ctx, `SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (`+strings.Join(ids, ",")+`) ORDER BY label`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l string
		if err := rows.Scan(&id, &l); err != nil {
			return err
		}
		list[idx[id]].Labels = append(list[idx[id]].Labels, l)
	}
	return rows.Err()
}

// ConversationFilter selects conversations of a workspace.
type ConversationFilter struct {
	WorkspaceID int64
	Status      string
	AssigneeID  int64 // -1: unassigned
	ChannelID   int64
	SourceID    int64
	Network     string
	Label       string
	Sentiment   string
	Lang        string
	TopicID     int64
	Kind        string
	Overdue     bool // waiting for a first response past its due time
	// MentionedID keeps conversations whose notes mention this member.
	MentionedID int64
	Now         time.Time
	Query       string // folded full-text search
	Oldest      bool   // oldest activity first
	// Cursor: after (AfterActivity, AfterID) in the list's order.
	AfterActivity time.Time
	AfterID       int64
	Limit         int
}

// ListConversations returns a page of conversations by last activity.
func (q *Q) ListConversations(ctx context.Context, f ConversationFilter) ([]model.Conversation, error) {
	where := []string{"c.workspace_id = ?"}
	args := []any{f.WorkspaceID}
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	switch {
	case f.AssigneeID == -1:
		add("c.assignee_id IS NULL")
	case f.AssigneeID > 0:
		add("c.assignee_id = ?", f.AssigneeID)
	}
	if f.ChannelID != 0 {
		add("c.channel_id = ?", f.ChannelID)
	}
	if f.SourceID != 0 {
		add("c.source_id = ?", f.SourceID)
	}
	if f.Network != "" {
		add("c.network = ?", f.Network)
	}
	if f.Kind != "" {
		add("c.kind = ?", f.Kind)
	}
	if f.Sentiment != "" {
		add("c.sentiment = ?", f.Sentiment)
	}
	if f.Lang != "" {
		add("c.lang = ?", f.Lang)
	}
	if f.Label != "" {
		add("c.id IN (SELECT conversation_id FROM conversation_labels WHERE workspace_id = ? AND label = ?)", f.WorkspaceID, f.Label)
	}
	if f.TopicID != 0 {
		add("c.id IN (SELECT conversation_id FROM conversation_topics WHERE topic_id = ?)", f.TopicID)
	}
	if f.MentionedID != 0 {
		add("c.id IN (SELECT conversation_id FROM note_mentions WHERE workspace_id = ? AND user_id = ?)", f.WorkspaceID, f.MentionedID)
	}
	if f.Overdue {
		// Only open conversations wait for an answer (pending and closed
		// ones stop the clock), so the status index serves this filter.
		if f.Status == "" {
			add("c.status = ?", string(model.ConvOpen))
		}
		add("c.due_at IS NOT NULL AND c.due_at < ?", micro(f.Now))
	}
	if terms := searchTerms(f.Query); len(terms) > 0 {
		if q.Dialect() == Postgres {
			add("c.fts @@ to_tsquery('simple', ?)", pgTSQuery(terms))
		} else {
			add("c.id IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)", ftsQuery(terms))
		}
	}
	order := "DESC"
	cmp := "<"
	if f.Oldest {
		order, cmp = "ASC", ">"
	}
	if !f.AfterActivity.IsZero() {
		add("(c.last_activity_at "+cmp+" ? OR (c.last_activity_at = ? AND c.id "+cmp+" ?))", micro(f.AfterActivity), micro(f.AfterActivity), f.AfterID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	from := convFrom
	if q.Dialect() == SQLite && (f.Label != "" || f.Query != "" || f.TopicID != 0) && f.Status == "" && f.AssigneeID == 0 && !f.Overdue {
		// Walk the activity index and probe the label, topic or search
		// matches (SQLite builds them once): otherwise it sorts every
		// match of a common word or label, ~100 ms on 200,000
		// conversations, to return fifty.
		from = ` FROM conversations c INDEXED BY conversations_ws_activity LEFT JOIN users u ON u.id = c.assignee_id`
	}
	rows, err := q.Query(ctx, `SELECT `+convCols+from+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY c.last_activity_at `+order+`, c.id `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	var out []model.Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, q.fillConversationLabels(ctx, out)
}

func pgTSQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		if strings.HasSuffix(t, "*") {
			parts[i] = "'" + strings.TrimSuffix(t, "*") + "':*"
		} else {
			parts[i] = "'" + t + "'"
		}
	}
	return strings.Join(parts, " & ")
}

func ftsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		if strings.HasSuffix(t, "*") {
			parts[i] = `"` + strings.TrimSuffix(t, "*") + `"*`
		} else {
			parts[i] = `"` + t + `"`
		}
	}
	return strings.Join(parts, " ")
}

// ConversationCounts are the figures of a workspace's inbox.
type ConversationCounts struct {
	Open     int64 `json:"open"`
	Pending  int64 `json:"pending"`
	Closed   int64 `json:"closed"`
	Overdue  int64 `json:"overdue"`
	Breached int64 `json:"breached"`
}

// CountConversations counts a workspace's conversations by state and
// against the response target.
func (q *Q) CountConversations(ctx context.Context, wsID int64, now time.Time) (ConversationCounts, error) {
	var c ConversationCounts
	rows, err := q.Query(ctx, `SELECT status, COUNT(*) FROM conversations WHERE workspace_id = ? GROUP BY status`, wsID)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var s string
		var n int64
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return c, err
		}
		switch model.ConversationStatus(s) {
		case model.ConvOpen:
			c.Open = n
		case model.ConvPending:
			c.Pending = n
		case model.ConvClosed:
			c.Closed = n
		}
	}
	rows.Close()
	err = q.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN due_at IS NOT NULL AND due_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN breached OR (due_at IS NOT NULL AND due_at < ?) THEN 1 ELSE 0 END), 0)
		FROM conversations WHERE workspace_id = ?`, micro(now), micro(now), wsID).Scan(&c.Overdue, &c.Breached)
	return c, err
}

// InsertNote adds an internal note.
func (q *Q) InsertNote(ctx context.Context, wsID int64, n *model.Note) error {
	n.CreatedAt = q.Now()
	m, _ := json.Marshal(n.Mentions)
	id, err := q.InsertID(ctx, `INSERT INTO conversation_notes (conversation_id, workspace_id, author_id, author_name, body, mentions, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.ConversationID, wsID, nullInt(n.AuthorID), n.AuthorName, n.Body, string(m), micro(n.CreatedAt))
	n.ID = id
	if err != nil {
		return err
	}
	for _, uid := range n.Mentions {
		if uid == 0 || (n.AuthorID != nil && *n.AuthorID == uid) {
			continue // mentioning oneself notifies no one
		}
		if _, err := q.Exec(ctx, `INSERT INTO note_mentions (note_id, user_id, conversation_id, workspace_id, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, id, uid, n.ConversationID, wsID, micro(n.CreatedAt)); err != nil {
			return err
		}
	}
	return nil
}

// MentionsSeen marks a member's mentions in a conversation as seen.
func (q *Q) MentionsSeen(ctx context.Context, convID, userID int64) error {
	_, err := q.Exec(ctx, `UPDATE note_mentions SET seen_at = ? WHERE conversation_id = ? AND user_id = ? AND seen_at IS NULL`,
		micro(q.Now()), convID, userID)
	return err
}

// UnseenMentions counts the conversations whose notes mention a member
// who has not opened them since.
func (q *Q) UnseenMentions(ctx context.Context, wsID, userID int64) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT COUNT(DISTINCT conversation_id) FROM note_mentions WHERE workspace_id = ? AND user_id = ? AND seen_at IS NULL`,
		wsID, userID).Scan(&n)
	return n, err
}

// GetNote returns one note of a workspace.
func (q *Q) GetNote(ctx context.Context, wsID, id int64) (model.Note, error) {
	rows, err := q.Query(ctx, `SELECT id, conversation_id, author_id, author_name, body, mentions, created_at FROM conversation_notes
		WHERE workspace_id = ? AND id = ?`, wsID, id)
	if err != nil {
		return model.Note{}, err
	}
	notes, err := scanNotes(rows)
	if err != nil {
		return model.Note{}, err
	}
	if len(notes) == 0 {
		return model.Note{}, ErrNotFound
	}
	return notes[0], nil
}

// ListNotes returns the notes of a conversation, oldest first.
func (q *Q) ListNotes(ctx context.Context, convID int64) ([]model.Note, error) {
	rows, err := q.Query(ctx, `SELECT id, conversation_id, author_id, author_name, body, mentions, created_at FROM conversation_notes
		WHERE conversation_id = ? ORDER BY id`, convID)
	if err != nil {
		return nil, err
	}
	return scanNotes(rows)
}

func scanNotes(rows *sql.Rows) ([]model.Note, error) {
	defer rows.Close()
	var out []model.Note
	for rows.Next() {
		var n model.Note
		var author sql.NullInt64
		var mentions string
		var created int64
		if err := rows.Scan(&n.ID, &n.ConversationID, &author, &n.AuthorName, &n.Body, &mentions, &created); err != nil {
			return nil, err
		}
		n.AuthorID, n.CreatedAt = ptrInt(author), fromMicro(created)
		json.Unmarshal([]byte(mentions), &n.Mentions)
		if n.Mentions == nil {
			n.Mentions = []int64{}
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// MarkSeen records that a user opened a conversation.
func (q *Q) MarkSeen(ctx context.Context, convID, userID int64, name string) error {
	_, err := q.Exec(ctx, `INSERT INTO conversation_seen (conversation_id, user_id, user_name, seen_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (conversation_id, user_id) DO UPDATE SET seen_at = excluded.seen_at, user_name = excluded.user_name`,
		convID, userID, name, micro(q.Now()))
	return err
}

// ListSeen returns who opened a conversation, latest first.
func (q *Q) ListSeen(ctx context.Context, convID int64) ([]model.Seen, error) {
	rows, err := q.Query(ctx, `SELECT user_id, user_name, seen_at FROM conversation_seen WHERE conversation_id = ? ORDER BY seen_at DESC, user_id`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Seen{}
	for rows.Next() {
		var s model.Seen
		var at int64
		if err := rows.Scan(&s.UserID, &s.UserName, &at); err != nil {
			return nil, err
		}
		s.SeenAt = fromMicro(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// PublishedExternalIDs returns which of ids are the external ids of posts
// the workspace published (its own posts).
func (q *Q) PublishedExternalIDs(ctx context.Context, wsID int64, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	sort.Strings(ids)
	args := []any{wsID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := q.Query(ctx, `SELECT external_id FROM post_variants WHERE workspace_id = ? AND external_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)
		UNION SELECT external_id FROM inbox_replies WHERE workspace_id = ? AND external_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`,
		append(args, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out[e] = true
	}
	return out, rows.Err()
}

// ConversationsOfItems returns the conversations that hold these items.
func (q *Q) ConversationsOfItems(ctx context.Context, itemIDs []int64) ([]int64, error) {
	if len(itemIDs) == 0 {
		return nil, nil
	}
	ph := make([]string, len(itemIDs))
	for i, id := range itemIDs {
		ph[i] = strconv.FormatInt(id, 10) // ints only: safe to inline
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT conversation_id FROM conversation_items WHERE item_id IN (`+strings.Join(ph, ",")+`) ORDER BY conversation_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ItemAuthors returns the authors of the stored items of one network with
// these external ids, by external id.
func (q *Q) ItemAuthors(ctx context.Context, wsID int64, network string, ids []string) (map[string]model.Author, error) {
	out := map[string]model.Author{}
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		args := []any{wsID, network}
		for _, id := range ids[start:end] {
			args = append(args, id)
		}
		rows, err := q.Query(ctx, `SELECT external_id, author_handle, author_url FROM items WHERE workspace_id = ? AND network = ?
			AND external_id IN (?`+strings.Repeat(", ?", end-start-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e string
			var a model.Author
			if err := rows.Scan(&e, &a.Handle, &a.URL); err != nil {
				rows.Close()
				return nil, err
			}
			out[e] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AppendConversationSearch adds words to a conversation's full-text
// content (kept under 32 KiB).
func (q *Q) AppendConversationSearch(ctx context.Context, wsID, id int64, words string) error {
	_, err := q.Exec(ctx, `UPDATE conversations SET search_text = search_text || ' ' || ? WHERE workspace_id = ? AND id = ? AND LENGTH(search_text) <= `+strconv.Itoa(ConversationSearchMax),
		words, wsID, id)
	return err
}
