package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const alertRuleCols = `id, workspace_id, topic_id, name, kind, params, notify, secrets, enabled, last_evaluated_at, last_error, created_at, updated_at`

func scanAlertRule(sc interface{ Scan(...any) error }) (model.AlertRule, error) {
	var r model.AlertRule
	var kind, params, notify string
	var last sql.NullInt64
	var created, updated int64
	err := sc.Scan(&r.ID, &r.WorkspaceID, &r.TopicID, &r.Name, &kind, &params, &notify, &r.Secrets, &r.Enabled, &last, &r.LastError,
		&created, &updated)
	r.Kind, r.Params, r.Notify = model.AlertKind(kind), []byte(params), []byte(notify)
	r.LastEvaluatedAt, r.CreatedAt, r.UpdatedAt = ptrMicro(last), fromMicro(created), fromMicro(updated)
	return r, err
}

func jsonText(b []byte, empty string) string {
	if len(b) == 0 {
		return empty
	}
	return string(b)
}

// CreateAlertRule inserts a rule and sets its id and times.
func (q *Q) CreateAlertRule(ctx context.Context, r *model.AlertRule) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO alert_rules (workspace_id, topic_id, name, kind, params, notify, secrets, enabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.WorkspaceID, r.TopicID, r.Name, string(r.Kind), jsonText(r.Params, "{}"),
		jsonText(r.Notify, "[]"), r.Secrets, r.Enabled, micro(now), micro(now))
	if err != nil {
		return err
	}
	r.ID, r.CreatedAt, r.UpdatedAt = id, now, now
	return nil
}

// UpdateAlertRule writes a rule's settings.
func (q *Q) UpdateAlertRule(ctx context.Context, r *model.AlertRule) error {
	r.UpdatedAt = q.Now()
	res, err := q.Exec(ctx, `UPDATE alert_rules SET name = ?, params = ?, notify = ?, secrets = ?, enabled = ?, updated_at = ?
		WHERE workspace_id = ? AND id = ?`, r.Name, jsonText(r.Params, "{}"), jsonText(r.Notify, "[]"), r.Secrets, r.Enabled,
		micro(r.UpdatedAt), r.WorkspaceID, r.ID)
	ok, err := affected1(res, err)
	if err == nil && !ok {
		return ErrNotFound
	}
	return err
}

// RecordAlertEvaluation stores when a rule was last evaluated and how.
func (q *Q) RecordAlertEvaluation(ctx context.Context, id int64, at time.Time, errMsg string) error {
	_, err := q.Exec(ctx, `UPDATE alert_rules SET last_evaluated_at = ?, last_error = ? WHERE id = ?`, micro(at), errMsg, id)
	return err
}

// GetAlertRule returns a rule of a workspace.
func (q *Q) GetAlertRule(ctx context.Context, wsID, id int64) (model.AlertRule, error) {
	r, err := scanAlertRule(q.QueryRow(ctx, `SELECT `+alertRuleCols+` FROM alert_rules WHERE workspace_id = ? AND id = ?`, wsID, id))
	return r, notFound(err)
}

// ListAlertRules returns the rules of a workspace; with topicIDs, only
// the enabled rules of those topics.
func (q *Q) ListAlertRules(ctx context.Context, wsID int64, topicIDs ...int64) ([]model.AlertRule, error) {
	where, args := []string{"workspace_id = ?"}, []any{wsID}
	if len(topicIDs) > 0 {
		ph := make([]string, len(topicIDs))
		for i, id := range topicIDs {
			ph[i] = "?"
			args = append(args, id)
		}
		where = append(where, "topic_id IN ("+strings.Join(ph, ",")+")", "enabled = ?")
		args = append(args, true)
	}
	rows, err := q.Query(ctx, `SELECT `+alertRuleCols+` FROM alert_rules WHERE `+strings.Join(where, " AND ")+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AlertRule
	for rows.Next() {
		r, err := scanAlertRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteAlertRule deletes a rule and its incidents.
func (q *Q) DeleteAlertRule(ctx context.Context, wsID, id int64) (bool, error) {
	return affected1(q.Exec(ctx, `DELETE FROM alert_rules WHERE workspace_id = ? AND id = ?`, wsID, id))
}

// HitRow is an item a per-item rule has not seen yet.
type HitRow struct {
	ItemID    int64
	Followers int64 // -1 when unknown
	CreatedAt time.Time
}

// NewAlertHits returns the items created since createdSince that a topic
// matched since matchedSince and that rule has not counted yet, with at
// least minFollowers followers (-1: any item), and records them as counted.
func (q *Q) NewAlertHits(ctx context.Context, ruleID, topicID int64, matchedSince, createdSince time.Time, minFollowers int64) ([]HitRow, error) {
	rows, err := q.Query(ctx, `SELECT tm.item_id, COALESCE(i.author_followers, -1), i.created_at
		FROM topic_matches tm JOIN items i ON i.id = tm.item_id
		WHERE tm.topic_id = ? AND tm.matched_at >= ? AND tm.created_at >= ? AND COALESCE(i.author_followers, -1) >= ?
		AND NOT EXISTS (SELECT 1 FROM alert_hits h WHERE h.rule_id = ? AND h.item_id = tm.item_id)
		ORDER BY tm.item_id LIMIT 1000`, topicID, micro(matchedSince), micro(createdSince), minFollowers, ruleID)
	if err != nil {
		return nil, err
	}
	var out []HitRow
	for rows.Next() {
		var h HitRow
		var created int64
		if err := rows.Scan(&h.ItemID, &h.Followers, &created); err != nil {
			rows.Close()
			return nil, err
		}
		h.CreatedAt = fromMicro(created)
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, h := range out {
		if _, err := q.Exec(ctx, `INSERT INTO alert_hits (rule_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, ruleID, h.ItemID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
