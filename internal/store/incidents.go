package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const incidentCols = `id, workspace_id, rule_id, topic_id, kind, state, summary, details, priority, suggest_crisis, items_count,
	opened_at, last_triggered_at, notified_at, reminders, acked_by, acked_by_name, acked_at, closed_at`

func scanIncident(sc interface{ Scan(...any) error }) (model.Incident, error) {
	var in model.Incident
	var kind, state, details string
	var opened, last int64
	var notified, ackedBy, ackedAt, closed sql.NullInt64
	err := sc.Scan(&in.ID, &in.WorkspaceID, &in.RuleID, &in.TopicID, &kind, &state, &in.Summary, &details, &in.Priority,
		&in.SuggestCrisis, &in.ItemsCount, &opened, &last, &notified, &in.Reminders, &ackedBy, &in.AckedByName, &ackedAt, &closed)
	in.Kind, in.State, in.Details = model.AlertKind(kind), model.IncidentState(state), []byte(details)
	in.OpenedAt, in.LastTriggeredAt = fromMicro(opened), fromMicro(last)
	in.NotifiedAt, in.AckedBy, in.AckedAt, in.ClosedAt = ptrMicro(notified), ptrInt(ackedBy), ptrMicro(ackedAt), ptrMicro(closed)
	return in, err
}

// CreateIncident inserts an open incident and sets its id.
func (q *Q) CreateIncident(ctx context.Context, in *model.Incident) error {
	id, err := q.InsertID(ctx, `INSERT INTO incidents (workspace_id, rule_id, topic_id, kind, state, summary, details, priority,
		suggest_crisis, items_count, opened_at, last_triggered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.WorkspaceID, in.RuleID, in.TopicID, string(in.Kind), string(in.State), in.Summary, jsonText(in.Details, "{}"),
		in.Priority, in.SuggestCrisis, in.ItemsCount, micro(in.OpenedAt), micro(in.LastTriggeredAt))
	in.ID = id
	return err
}

// UpdateIncident writes what changes over an incident's life.
func (q *Q) UpdateIncident(ctx context.Context, in *model.Incident) error {
	_, err := q.Exec(ctx, `UPDATE incidents SET state = ?, summary = ?, details = ?, priority = ?, suggest_crisis = ?, items_count = ?,
		last_triggered_at = ?, notified_at = ?, reminders = ?, acked_by = ?, acked_by_name = ?, acked_at = ?, closed_at = ? WHERE id = ?`,
		string(in.State), in.Summary, jsonText(in.Details, "{}"), in.Priority, in.SuggestCrisis, in.ItemsCount, micro(in.LastTriggeredAt),
		nullMicro(in.NotifiedAt), in.Reminders, nullInt(in.AckedBy), in.AckedByName, nullMicro(in.AckedAt), nullMicro(in.ClosedAt), in.ID)
	return err
}

// GetIncident returns an incident of a workspace.
func (q *Q) GetIncident(ctx context.Context, wsID, id int64) (model.Incident, error) {
	in, err := scanIncident(q.QueryRow(ctx, `SELECT `+incidentCols+` FROM incidents WHERE workspace_id = ? AND id = ?`, wsID, id))
	return in, notFound(err)
}

// LiveIncident returns a rule's incident that is not closed, if any.
func (q *Q) LiveIncident(ctx context.Context, ruleID int64) (model.Incident, error) {
	in, err := scanIncident(q.QueryRow(ctx, `SELECT `+incidentCols+` FROM incidents WHERE rule_id = ? AND state <> 'closed'
		ORDER BY id DESC LIMIT 1`, ruleID))
	return in, notFound(err)
}

// IncidentFilter selects incidents, newest first.
type IncidentFilter struct {
	WorkspaceID int64
	Live        bool // not closed
	TopicID     int64
	BeforeID    int64
	Limit       int
}

// ListIncidents returns incidents matching f.
func (q *Q) ListIncidents(ctx context.Context, f IncidentFilter) ([]model.Incident, error) {
	where, args := []string{"workspace_id = ?"}, []any{f.WorkspaceID}
	if f.Live {
		where = append(where, "state <> 'closed'")
	}
	if f.TopicID != 0 {
		where, args = append(where, "topic_id = ?"), append(args, f.TopicID)
	}
	if f.BeforeID != 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT `+incidentCols+` FROM incidents WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Incident
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// AddIncidentItems attaches items to an incident and returns how many
// were new to it.
func (q *Q) AddIncidentItems(ctx context.Context, incidentID int64, itemIDs []int64) (int64, error) {
	var n int64
	for _, id := range itemIDs {
		res, err := q.Exec(ctx, `INSERT INTO incident_items (incident_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, incidentID, id)
		if err != nil {
			return n, err
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// AttachTopicMatches attaches to an incident the matches of its topic
// created in [from, to) and returns how many were new to it.
func (q *Q) AttachTopicMatches(ctx context.Context, incidentID, topicID int64, from, to time.Time) (int64, error) {
	res, err := q.Exec(ctx, `INSERT INTO incident_items (incident_id, item_id)
		SELECT ?, item_id FROM topic_matches WHERE topic_id = ? AND created_at >= ? AND created_at < ?
		ON CONFLICT DO NOTHING`, incidentID, topicID, micro(from), micro(to))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// IncidentItems returns an incident's items, the most followed authors
// first.
func (q *Q) IncidentItems(ctx context.Context, wsID, incidentID int64, limit int) ([]model.Item, error) {
	rows, err := q.Query(ctx, `SELECT `+itemSelectCols+` FROM items WHERE workspace_id = ? AND id IN
		(SELECT item_id FROM incident_items WHERE incident_id = ?)
		ORDER BY COALESCE(author_followers, 0) DESC, created_at DESC, id DESC LIMIT ?`, wsID, incidentID, limit)
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
