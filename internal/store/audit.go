package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// InsertAudit appends an audit entry. Call it in the transaction that makes
// the change, so that the record and the change land together.
func (q *Q) InsertAudit(ctx context.Context, e *model.AuditEntry) error {
	details := "{}"
	if len(e.Details) > 0 {
		b, err := json.Marshal(e.Details)
		if err != nil {
			return err
		}
		details = string(b)
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = q.Now()
	}
	id, err := q.InsertID(ctx, `INSERT INTO audit_log (workspace_id, user_id, token_id, actor, action, object_type, object_id, details, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, nullInt(e.WorkspaceID), nullInt(e.UserID), nullInt(e.TokenID), e.Actor, e.Action,
		e.ObjectType, e.ObjectID, details, micro(e.CreatedAt))
	e.ID = id
	return err
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	WorkspaceID int64
	UserID      int64
	Action      string // exact action or prefix ending in "." (e.g. "member.")
	ObjectType  string
	Since       time.Time
	Until       time.Time
	Before      int64 // cursor: entries with id < Before
	Limit       int
}

// ListAudit returns audit entries matching f, newest first.
func (q *Q) ListAudit(ctx context.Context, f AuditFilter) ([]model.AuditEntry, error) {
	var where []string
	var args []any
	where = append(where, "workspace_id = ?")
	args = append(args, f.WorkspaceID)
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where, args = append(where, "action LIKE ?"), append(args, strings.ReplaceAll(f.Action, "%", "")+"%")
		} else {
			where, args = append(where, "action = ?"), append(args, f.Action)
		}
	}
	if f.ObjectType != "" {
		where, args = append(where, "object_type = ?"), append(args, f.ObjectType)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, micro(f.Since))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "created_at < ?"), append(args, micro(f.Until))
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT id, workspace_id, user_id, token_id, actor, action, object_type, object_id, details, created_at
		FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		var ws, user, tok sql.NullInt64
		var details string
		var created int64
		if err := rows.Scan(&e.ID, &ws, &user, &tok, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &details, &created); err != nil {
			return nil, err
		}
		e.WorkspaceID, e.UserID, e.TokenID, e.CreatedAt = ptrInt(ws), ptrInt(user), ptrInt(tok), fromMicro(created)
		if details != "" && details != "{}" {
			_ = json.Unmarshal([]byte(details), &e.Details)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
