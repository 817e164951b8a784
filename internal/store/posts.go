package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const postCols = `id, workspace_id, text, thread, labels, campaign, notes, status, scheduled_at, created_by, approved_by, review_comment, created_at, updated_at`

func scanPost(sc interface{ Scan(...any) error }) (model.Post, error) {
	var p model.Post
	var status string
	var sched, by, approved sql.NullInt64
	var created, updated int64
	var thread, labels string
	err := sc.Scan(&p.ID, &p.WorkspaceID, &p.Text, &thread, &labels, &p.Campaign, &p.Notes, &status, &sched, &by, &approved, &p.ReviewComment, &created, &updated)
	p.Status, p.ScheduledAt, p.CreatedBy, p.ApprovedBy = model.PostStatus(status), ptrMicro(sched), ptrInt(by), ptrInt(approved)
	p.CreatedAt, p.UpdatedAt = fromMicro(created), fromMicro(updated)
	p.Variants = []model.Variant{}
	if err == nil {
		p.Thread, p.Labels = splitJSONStrings(thread), splitJSONStrings(labels)
	}
	return p, err
}

const variantCols = `v.id, v.post_id, v.workspace_id, v.channel_id, c.type, c.name, v.text, v.custom, v.status, v.idempotency_key,
	v.attempts, v.last_error, v.external_id, v.url, v.parts, v.scheduled_at, v.published_at, v.updated_at`

const variantFrom = ` FROM post_variants v JOIN publish_channels c ON c.id = v.channel_id`

func scanVariant(sc interface{ Scan(...any) error }) (model.Variant, error) {
	var v model.Variant
	var status string
	var sched, pub sql.NullInt64
	var updated int64
	var parts string
	err := sc.Scan(&v.ID, &v.PostID, &v.WorkspaceID, &v.ChannelID, &v.ChannelType, &v.ChannelName, &v.Text, &v.Custom, &status, &v.IdempotencyKey,
		&v.Attempts, &v.LastError, &v.ExternalID, &v.URL, &parts, &sched, &pub, &updated)
	if err == nil && parts != "" && parts != "[]" {
		json.Unmarshal([]byte(parts), &v.Parts)
	}
	v.Status, v.ScheduledAt, v.PublishedAt, v.UpdatedAt = model.VariantStatus(status), ptrMicro(sched), ptrMicro(pub), fromMicro(updated)
	return v, err
}

// CreatePost inserts a post (not its variants).
func (q *Q) CreatePost(ctx context.Context, p *model.Post) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO posts (workspace_id, text, thread, labels, campaign, notes, status, scheduled_at, created_by, approved_by, review_comment, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.WorkspaceID, p.Text, joinJSONStrings(p.Thread), joinJSONStrings(p.Labels), p.Campaign, p.Notes, string(p.Status), nullMicro(p.ScheduledAt),
		nullInt(p.CreatedBy), nullInt(p.ApprovedBy), p.ReviewComment, micro(now), micro(now))
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.UpdatedAt = id, now, now
	return nil
}

// UpdatePost saves a post's fields (not its variants).
func (q *Q) UpdatePost(ctx context.Context, p *model.Post) error {
	p.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE posts SET text = ?, thread = ?, labels = ?, campaign = ?, notes = ?, status = ?, scheduled_at = ?, approved_by = ?, review_comment = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`, p.Text, joinJSONStrings(p.Thread), joinJSONStrings(p.Labels), p.Campaign, p.Notes, string(p.Status), nullMicro(p.ScheduledAt), nullInt(p.ApprovedBy),
		p.ReviewComment, micro(p.UpdatedAt), p.ID, p.WorkspaceID)
	return err
}

// SetPostStatus changes only a post's status.
func (q *Q) SetPostStatus(ctx context.Context, id int64, st model.PostStatus) error {
	_, err := q.Exec(ctx, `UPDATE posts SET status = ?, updated_at = ? WHERE id = ?`, string(st), micro(q.Now()), id)
	return err
}

// DeletePost removes a post and its variants.
func (q *Q) DeletePost(ctx context.Context, wsID, id int64) (bool, error) {
	res, err := q.Exec(ctx, `DELETE FROM posts WHERE workspace_id = ? AND id = ?`, wsID, id)
	return affected1(res, err)
}

// GetPost returns a post of a workspace with its variants.
func (q *Q) GetPost(ctx context.Context, wsID, id int64) (model.Post, error) {
	p, err := scanPost(q.QueryRow(ctx, `SELECT `+postCols+` FROM posts WHERE workspace_id = ? AND id = ?`, wsID, id))
	if err != nil {
		return p, notFound(err)
	}
	if p.Variants, err = q.ListVariants(ctx, id); err != nil {
		return p, err
	}
	p.Media, err = q.PostMedia(ctx, id, false)
	return p, err
}

// ListVariants returns a post's variants in channel order.
func (q *Q) ListVariants(ctx context.Context, postID int64) ([]model.Variant, error) {
	rows, err := q.Query(ctx, `SELECT `+variantCols+variantFrom+` WHERE v.post_id = ? ORDER BY c.name, v.id`, postID)
	if err != nil {
		return nil, err
	}
	return collectVariants(rows)
}

func collectVariants(rows *sql.Rows) ([]model.Variant, error) {
	defer rows.Close()
	out := []model.Variant{}
	for rows.Next() {
		v, err := scanVariant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// PostFilter selects posts.
type PostFilter struct {
	WorkspaceID int64
	Statuses    []model.PostStatus
	ChannelID   int64
	Campaign    string
	Label       string
	// From and Until bound the scheduled (or, for published posts, the
	// publication) time; posts without a time are left out when either is set.
	From, Until time.Time
	Before      int64 // cursor: posts with id < Before
	Limit       int
}

// ListPosts returns posts with their variants, by scheduled time when a
// time range is given, newest first otherwise.
func (q *Q) ListPosts(ctx context.Context, f PostFilter) ([]model.Post, error) {
	where := []string{"p.workspace_id = ?"}
	args := []any{f.WorkspaceID}
	if len(f.Statuses) > 0 {
		where = append(where, "p.status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ")+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if f.ChannelID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM post_variants v WHERE v.post_id = p.id AND v.channel_id = ?)")
		args = append(args, f.ChannelID)
	}
	if f.Campaign != "" {
		where = append(where, "p.campaign = ?")
		args = append(args, f.Campaign)
	}
	if f.Label != "" {
		// Labels are a JSON array of strings: match the quoted label.
		lb, _ := json.Marshal(f.Label)
		where = append(where, "p.labels LIKE ? ESCAPE '\\'")
		args = append(args, "%"+escapeLike(string(lb))+"%")
	}
	order := " ORDER BY p.id DESC"
	if !f.From.IsZero() || !f.Until.IsZero() {
		order = " ORDER BY p.scheduled_at, p.id"
		where = append(where, "p.scheduled_at IS NOT NULL")
		if !f.From.IsZero() {
			where = append(where, "p.scheduled_at >= ?")
			args = append(args, micro(f.From))
		}
		if !f.Until.IsZero() {
			where = append(where, "p.scheduled_at < ?")
			args = append(args, micro(f.Until))
		}
	}
	if f.Before > 0 {
		where = append(where, "p.id < ?")
		args = append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT `+strings.ReplaceAll("p."+postCols, ", ", ", p.")+` FROM posts p WHERE `+strings.Join(where, " AND ")+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	var posts []model.Post
	idx := map[int64]int{}
	func() {
		defer rows.Close()
		for rows.Next() {
			var p model.Post
			if p, err = scanPost(rows); err != nil {
				return
			}
			idx[p.ID] = len(posts)
			posts = append(posts, p)
		}
		err = rows.Err()
	}()
	if err != nil || len(posts) == 0 {
		return []model.Post{}, err
	}
	ids := make([]any, 0, len(posts))
	for _, p := range posts {
		ids = append(ids, p.ID)
	}
	vrows, err := q.Query(ctx, `SELECT `+variantCols+variantFrom+` WHERE v.post_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`) ORDER BY c.name, v.id`, ids...)
	if err != nil {
		return nil, err
	}
	vs, err := collectVariants(vrows)
	for _, v := range vs {
		i := idx[v.PostID]
		posts[i].Variants = append(posts[i].Variants, v)
	}
	return posts, err
}

// CreateVariant inserts a variant.
func (q *Q) CreateVariant(ctx context.Context, v *model.Variant) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO post_variants (post_id, workspace_id, channel_id, text, custom, status, idempotency_key, scheduled_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.PostID, v.WorkspaceID, v.ChannelID, v.Text, v.Custom, string(v.Status), v.IdempotencyKey,
		nullMicro(v.ScheduledAt), micro(now))
	if err != nil {
		return err
	}
	v.ID, v.UpdatedAt = id, now
	return nil
}

// UpdateVariantText changes the text of a variant that has not gone out.
func (q *Q) UpdateVariantText(ctx context.Context, id int64, text string, custom bool) error {
	_, err := q.Exec(ctx, `UPDATE post_variants SET text = ?, custom = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'scheduled', 'held', 'failed', 'cancelled')`,
		text, custom, micro(q.Now()), id)
	return err
}

// DeleteVariant removes a variant that never started publishing.
func (q *Q) DeleteVariant(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM post_variants WHERE id = ? AND attempts = 0`, id)
	return err
}

// ScheduleVariant sets a variant's time and status (scheduled, or pending
// when at is nil). Variants that are publishing or published are left
// alone; it returns whether the variant changed.
func (q *Q) ScheduleVariant(ctx context.Context, id int64, st model.VariantStatus, at *time.Time) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE post_variants SET status = ?, scheduled_at = ?, last_error = CASE WHEN ? = 'scheduled' THEN '' ELSE last_error END, updated_at = ?
		WHERE id = ? AND status NOT IN ('publishing', 'published')`, string(st), nullMicro(at), string(st), micro(q.Now()), id)
	return affected1(res, err)
}

// GetVariantForPublish reads a variant for the publishing job, locking
// its row on PostgreSQL until the transaction ends.
func (q *Q) GetVariantForPublish(ctx context.Context, id int64) (model.Variant, error) {
	lock := ""
	if q.Dialect() == Postgres {
		lock = " FOR UPDATE OF v"
	}
	v, err := scanVariant(q.QueryRow(ctx, `SELECT `+variantCols+variantFrom+` WHERE v.id = ?`+lock, id))
	return v, notFound(err)
}

// BeginVariantAttempt moves a scheduled (or interrupted publishing)
// variant to publishing, counts the attempt and records it before the
// network is called. It returns the attempt's id and number; ok is false
// when the variant is in no state to publish.
func (q *Q) BeginVariantAttempt(ctx context.Context, id int64) (attemptID int64, n int, ok bool, err error) {
	now := micro(q.Now())
	err = q.QueryRow(ctx, `UPDATE post_variants SET status = 'publishing', attempts = attempts + 1, updated_at = ?
		WHERE id = ? AND status IN ('scheduled', 'publishing') RETURNING attempts`, now, id).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, err
	}
	attemptID, err = q.InsertID(ctx, `INSERT INTO publish_attempts (variant_id, channel_id, attempt, started_at, outcome)
		VALUES (?, (SELECT channel_id FROM post_variants WHERE id = ?), ?, ?, 'started')`, id, id, n, now)
	return attemptID, n, err == nil, err
}

// LockChannel serialises the posting-limit check of one channel between
// processes until the transaction ends (PostgreSQL; SQLite transactions
// are serial already).
func (q *Q) LockChannel(ctx context.Context, id int64) error {
	if q.Dialect() != Postgres {
		return nil
	}
	_, err := q.Exec(ctx, `SELECT id FROM publish_channels WHERE id = ? FOR UPDATE`, id)
	return err
}

// ChannelSends returns the start times of a channel's attempts since a
// time that may have reached the network (refused attempts do not count),
// oldest first, at most limit.
func (q *Q) ChannelSends(ctx context.Context, channelID int64, since time.Time, limit int) ([]time.Time, error) {
	rows, err := q.Query(ctx, `SELECT started_at FROM publish_attempts WHERE channel_id = ? AND started_at > ? AND outcome <> 'retry'
		ORDER BY started_at LIMIT ?`, channelID, micro(since), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, fromMicro(at))
	}
	return out, rows.Err()
}

// FinishAttempt records how an attempt ended.
func (q *Q) FinishAttempt(ctx context.Context, attemptID int64, outcome, errMsg string) error {
	_, err := q.Exec(ctx, `UPDATE publish_attempts SET finished_at = ?, outcome = ?, error = ? WHERE id = ?`, micro(q.Now()), outcome, errMsg, attemptID)
	return err
}

// ListAttempts returns a variant's attempts, oldest first.
func (q *Q) ListAttempts(ctx context.Context, variantID int64) ([]model.PublishAttempt, error) {
	rows, err := q.Query(ctx, `SELECT id, variant_id, attempt, started_at, finished_at, outcome, error FROM publish_attempts WHERE variant_id = ? ORDER BY id`, variantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.PublishAttempt{}
	for rows.Next() {
		var a model.PublishAttempt
		var started int64
		var finished sql.NullInt64
		if err := rows.Scan(&a.ID, &a.VariantID, &a.Attempt, &started, &finished, &a.Outcome, &a.Error); err != nil {
			return nil, err
		}
		a.StartedAt, a.FinishedAt = fromMicro(started), ptrMicro(finished)
		out = append(out, a)
	}
	return out, rows.Err()
}

// LastAttemptStart returns when the latest attempt on a variant began.
func (q *Q) LastAttemptStart(ctx context.Context, variantID int64) (time.Time, error) {
	var v sql.NullInt64
	err := q.QueryRow(ctx, `SELECT MAX(started_at) FROM publish_attempts WHERE variant_id = ?`, variantID).Scan(&v)
	return fromMicro(v.Int64), err
}

// RecordVariantPart stores the thread parts a publishing variant has
// published so far; the first is the variant's own publication.
func (q *Q) RecordVariantPart(ctx context.Context, id int64, parts []model.PartResult) (bool, error) {
	b, _ := json.Marshal(parts)
	res, err := q.Exec(ctx, `UPDATE post_variants SET parts = ?, external_id = ?, url = ?, last_error = '', updated_at = ? WHERE id = ? AND status = 'publishing'`,
		string(b), parts[0].ExternalID, parts[0].URL, micro(q.Now()), id)
	return affected1(res, err)
}

// MarkVariantPublished records the network's id and URL of a variant that
// was publishing. It returns false when the variant was not publishing.
func (q *Q) MarkVariantPublished(ctx context.Context, id int64, externalID, url string) (bool, error) {
	now := micro(q.Now())
	res, err := q.Exec(ctx, `UPDATE post_variants SET status = 'published', external_id = ?, url = ?, last_error = '', published_at = ?, updated_at = ?
		WHERE id = ? AND status = 'publishing'`, externalID, url, now, now, id)
	return affected1(res, err)
}

// SetVariantOutcome moves a publishing variant to another status with an
// error message (failed; or scheduled again for a retry).
func (q *Q) SetVariantOutcome(ctx context.Context, id int64, st model.VariantStatus, errMsg string) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE post_variants SET status = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'publishing'`,
		string(st), errMsg, micro(q.Now()), id)
	return affected1(res, err)
}

// HoldVariant keeps a due scheduled variant back (crisis mode).
func (q *Q) HoldVariant(ctx context.Context, id int64, reason string) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE post_variants SET status = 'held', last_error = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'`,
		reason, micro(q.Now()), id)
	return affected1(res, err)
}

// CancelVariants cancels a post's variants that have not started
// publishing and returns their ids.
func (q *Q) CancelVariants(ctx context.Context, postID int64) ([]int64, error) {
	return q.queryIDs(ctx, `UPDATE post_variants SET status = 'cancelled', updated_at = ? WHERE post_id = ? AND status IN ('pending', 'scheduled', 'held', 'failed') RETURNING id`,
		micro(q.Now()), postID)
}

// ChannelBusyTimes returns the scheduled times of a channel's live
// variants in [from, until) (for "next free slot").
func (q *Q) ChannelBusyTimes(ctx context.Context, channelID int64, from, until time.Time) ([]time.Time, error) {
	rows, err := q.Query(ctx, `SELECT scheduled_at FROM post_variants WHERE channel_id = ? AND status IN ('scheduled', 'publishing', 'published', 'held')
		AND scheduled_at >= ? AND scheduled_at < ?`, channelID, micro(from), micro(until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, fromMicro(v))
	}
	return out, rows.Err()
}

// PostIDOfVariant returns the post and workspace of a variant.
func (q *Q) PostIDOfVariant(ctx context.Context, variantID int64) (postID, wsID int64, err error) {
	err = q.QueryRow(ctx, `SELECT post_id, workspace_id FROM post_variants WHERE id = ?`, variantID).Scan(&postID, &wsID)
	return postID, wsID, notFound(err)
}

// VariantStatuses returns the statuses of a post's variants.
func (q *Q) VariantStatuses(ctx context.Context, postID int64) ([]model.VariantStatus, error) {
	rows, err := q.Query(ctx, `SELECT status FROM post_variants WHERE post_id = ?`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.VariantStatus
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, model.VariantStatus(s))
	}
	return out, rows.Err()
}
