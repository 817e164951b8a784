package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/parvis/parvis/internal/model"
)

const wsCols = `w.id, w.slug, w.name, w.time_zone, w.language, w.created_at, w.updated_at`

func scanWorkspace(sc interface{ Scan(...any) error }, extra ...any) (model.Workspace, error) {
	var w model.Workspace
	var created, updated int64
	dest := append([]any{&w.ID, &w.Slug, &w.Name, &w.TimeZone, &w.Language, &created, &updated}, extra...)
	err := sc.Scan(dest...)
	w.CreatedAt, w.UpdatedAt = fromMicro(created), fromMicro(updated)
	return w, err
}

// CreateWorkspace inserts a workspace.
func (q *Q) CreateWorkspace(ctx context.Context, w *model.Workspace) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO workspaces (slug, name, time_zone, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		w.Slug, w.Name, w.TimeZone, w.Language, micro(now), micro(now))
	if err != nil {
		return err
	}
	w.ID, w.CreatedAt, w.UpdatedAt = id, now, now
	return nil
}

// GetWorkspace finds a workspace by numeric id or by slug.
func (q *Q) GetWorkspace(ctx context.Context, idOrSlug string) (model.Workspace, error) {
	if id, err := strconv.ParseInt(idOrSlug, 10, 64); err == nil {
		w, err := scanWorkspace(q.QueryRow(ctx, `SELECT `+wsCols+` FROM workspaces w WHERE w.id = ?`, id))
		return w, notFound(err)
	}
	w, err := scanWorkspace(q.QueryRow(ctx, `SELECT `+wsCols+` FROM workspaces w WHERE w.slug = ?`, idOrSlug))
	return w, notFound(err)
}

// SlugTaken reports whether a slug is in use.
func (q *Q) SlugTaken(ctx context.Context, slug string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM workspaces WHERE slug = ?`, slug).Scan(&n)
	return n > 0, err
}

// WorkspaceFilter selects workspaces.
type WorkspaceFilter struct {
	// UserID limits to workspaces the user belongs to; 0 lists all.
	UserID int64
	After  int64 // cursor: id
	Limit  int
}

// ListWorkspaces lists workspaces by id, with the user's role when UserID is set.
func (q *Q) ListWorkspaces(ctx context.Context, f WorkspaceFilter) ([]model.Workspace, error) {
	var rows *sql.Rows
	var err error
	if f.UserID != 0 {
		rows, err = q.Query(ctx, `SELECT `+wsCols+`, m.role FROM workspaces w JOIN members m ON m.workspace_id = w.id
			WHERE m.user_id = ? AND w.id > ? ORDER BY w.id LIMIT ?`, f.UserID, f.After, f.Limit)
	} else {
		rows, err = q.Query(ctx, `SELECT `+wsCols+`, '' FROM workspaces w WHERE w.id > ? ORDER BY w.id LIMIT ?`, f.After, f.Limit)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Workspace
	for rows.Next() {
		var role string
		w, err := scanWorkspace(rows, &role)
		if err != nil {
			return nil, err
		}
		w.Role = model.Role(role)
		out = append(out, w)
	}
	return out, rows.Err()
}

// UpdateWorkspace saves name, time zone and language.
func (q *Q) UpdateWorkspace(ctx context.Context, w *model.Workspace) error {
	w.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE workspaces SET name = ?, time_zone = ?, language = ?, updated_at = ? WHERE id = ?`,
		w.Name, w.TimeZone, w.Language, micro(w.UpdatedAt), w.ID)
	return err
}

// DeleteWorkspace removes a workspace and, by cascade, what belongs to it.
func (q *Q) DeleteWorkspace(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM workspaces WHERE id = ?`, id)
	return err
}

// MemberRole returns the role of a user in a workspace.
func (q *Q) MemberRole(ctx context.Context, wsID, userID int64) (model.Role, error) {
	var r string
	err := q.QueryRow(ctx, `SELECT role FROM members WHERE workspace_id = ? AND user_id = ?`, wsID, userID).Scan(&r)
	return model.Role(r), notFound(err)
}

// AddMember adds (or re-roles) a member.
func (q *Q) AddMember(ctx context.Context, wsID, userID int64, role model.Role) error {
	_, err := q.Exec(ctx, `INSERT INTO members (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`, wsID, userID, string(role), micro(q.Now()))
	return err
}

// RemoveMember removes a member.
func (q *Q) RemoveMember(ctx context.Context, wsID, userID int64) error {
	_, err := q.Exec(ctx, `DELETE FROM members WHERE workspace_id = ? AND user_id = ?`, wsID, userID)
	return err
}

// CountOwners counts the owners of a workspace.
func (q *Q) CountOwners(ctx context.Context, wsID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM members WHERE workspace_id = ? AND role = 'owner'`, wsID).Scan(&n)
	return n, err
}

// MemberFilter pages the members of a workspace.
type MemberFilter struct {
	WorkspaceID int64
	After       int64 // cursor: user id
	Limit       int
}

// ListMembers lists members by user id.
func (q *Q) ListMembers(ctx context.Context, f MemberFilter) ([]model.Member, error) {
	rows, err := q.Query(ctx, `SELECT m.workspace_id, m.user_id, u.email, u.name, m.role, m.created_at
		FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?`,
		f.WorkspaceID, f.After, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Member
	for rows.Next() {
		var m model.Member
		var role string
		var created int64
		if err := rows.Scan(&m.WorkspaceID, &m.UserID, &m.Email, &m.Name, &role, &created); err != nil {
			return nil, err
		}
		m.Role, m.CreatedAt = model.Role(role), fromMicro(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateInvite stores an invite by the hash of its token.
func (q *Q) CreateInvite(ctx context.Context, inv *model.Invite, hash string) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO invites (workspace_id, token_hash, email, role, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, inv.WorkspaceID, hash, inv.Email, string(inv.Role), inv.CreatedBy, micro(now), micro(inv.ExpiresAt))
	if err != nil {
		return err
	}
	inv.ID, inv.CreatedAt = id, now
	return nil
}

const inviteCols = `id, workspace_id, email, role, created_by, created_at, expires_at, accepted_at`

func scanInvite(sc interface{ Scan(...any) error }) (model.Invite, error) {
	var inv model.Invite
	var role string
	var created, expires int64
	var accepted sql.NullInt64
	err := sc.Scan(&inv.ID, &inv.WorkspaceID, &inv.Email, &role, &inv.CreatedBy, &created, &expires, &accepted)
	inv.Role, inv.CreatedAt, inv.ExpiresAt, inv.AcceptedAt = model.Role(role), fromMicro(created), fromMicro(expires), ptrMicro(accepted)
	return inv, err
}

// GetInviteByHash returns an invite by its token hash.
func (q *Q) GetInviteByHash(ctx context.Context, hash string) (model.Invite, error) {
	inv, err := scanInvite(q.QueryRow(ctx, `SELECT `+inviteCols+` FROM invites WHERE token_hash = ?`, hash))
	return inv, notFound(err)
}

// ListPendingInvites lists the open invites of a workspace.
func (q *Q) ListPendingInvites(ctx context.Context, wsID int64) ([]model.Invite, error) {
	rows, err := q.Query(ctx, `SELECT `+inviteCols+` FROM invites WHERE workspace_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY id DESC`,
		wsID, micro(q.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Invite
	for rows.Next() {
		inv, err := scanInvite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// AcceptInvite marks an invite used; it fails if it was used already.
func (q *Q) AcceptInvite(ctx context.Context, id, userID int64) (bool, error) {
	res, err := q.Exec(ctx, `UPDATE invites SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL`, micro(q.Now()), userID, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteInvite revokes an invite.
func (q *Q) DeleteInvite(ctx context.Context, wsID, id int64) (bool, error) {
	res, err := q.Exec(ctx, `DELETE FROM invites WHERE workspace_id = ? AND id = ? AND accepted_at IS NULL`, wsID, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
