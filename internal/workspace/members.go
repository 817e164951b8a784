package workspace

import (
	"context"
	"errors"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Members lists a workspace's members (any member may see them).
func (s *Service) Members(ctx context.Context, ws, cursor string, limit int) (Page[model.Member], error) {
	w, err := s.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Page[model.Member]{}, err
	}
	after, err := ParseCursor(cursor)
	if err != nil {
		return Page[model.Member]{}, err
	}
	limit = ClampLimit(limit)
	ms, err := s.db.Q().ListMembers(ctx, store.MemberFilter{WorkspaceID: w.ID, After: after, Limit: limit + 1})
	if err != nil {
		return Page[model.Member]{}, apperr.Internal(err)
	}
	p := Page[model.Member]{Items: ms}
	if len(ms) > limit {
		p.Items, p.NextCursor = ms[:limit], idStr(ms[limit-1].UserID)
	}
	if p.Items == nil {
		p.Items = []model.Member{}
	}
	return p, nil
}

func parseRole(r string) (model.Role, error) {
	role := model.Role(strings.TrimSpace(r))
	if !role.Valid() {
		return "", apperr.Invalid("role", "error.role_invalid", "must be one of owner, admin, manager, editor, viewer")
	}
	return role, nil
}

// canGrant says whether an actor of role mine may give or take role r:
// only owners deal with owners; admins deal with the rest.
func canGrant(mine, r model.Role) bool {
	if r == model.RoleOwner {
		return mine == model.RoleOwner
	}
	return mine.AtLeast(model.RoleAdmin)
}

// AddResult is what adding a member did: either the member was added, or
// (for an address without an account) an invite was created.
type AddResult struct {
	Member *model.Member `json:"member,omitempty"`
	Invite *model.Invite `json:"invite,omitempty"`
}

// AddMember adds the user with this e-mail address, or invites the address
// when no account has it.
func (s *Service) AddMember(ctx context.Context, ws, email, roleName string) (AddResult, error) {
	role, err := parseRole(roleName)
	if err != nil {
		return AddResult{}, err
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return AddResult{}, apperr.Invalid("email", "error.required", "is required")
	}
	var res AddResult
	err = s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		if !canGrant(w.Role, role) {
			return apperr.Forbidden()
		}
		u, _, err := q.GetUserByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) {
			inv, err := s.createInvite(ctx, q, w, email, role)
			res.Invite = &inv
			return err
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if _, err := q.MemberRole(ctx, w.ID, u.ID); err == nil {
			return apperr.Conflict("email", "error.already_member", "this person is already a member of the workspace")
		}
		if err := q.AddMember(ctx, w.ID, u.ID, role); err != nil {
			return apperr.Internal(err)
		}
		res.Member = &model.Member{WorkspaceID: w.ID, UserID: u.ID, Email: u.Email, Name: u.Name, Role: role, CreatedAt: s.clock.Now()}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "member.add", "user", idStr(u.ID), map[string]any{"email": u.Email, "role": role}))
	})
	return res, err
}

// CreateInvite makes an invite link for a role (email optional).
func (s *Service) CreateInvite(ctx context.Context, ws, email, roleName string) (model.Invite, error) {
	role, err := parseRole(roleName)
	if err != nil {
		return model.Invite{}, err
	}
	var inv model.Invite
	err = s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		if !canGrant(w.Role, role) {
			return apperr.Forbidden()
		}
		inv, err = s.createInvite(ctx, q, w, strings.TrimSpace(email), role)
		return err
	})
	return inv, err
}

func (s *Service) createInvite(ctx context.Context, q *store.Q, w model.Workspace, email string, role model.Role) (model.Invite, error) {
	a := auth.ActorFrom(ctx)
	token := auth.RandomToken(24)
	inv := model.Invite{WorkspaceID: w.ID, Email: email, Role: role, CreatedBy: a.User.ID, ExpiresAt: s.clock.Now().Add(s.InviteTTL)}
	if err := q.CreateInvite(ctx, &inv, auth.HashToken(token)); err != nil {
		return model.Invite{}, apperr.Internal(err)
	}
	inv.Token = token
	return inv, q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "invite.create", "invite", idStr(inv.ID), map[string]any{"email": email, "role": role}))
}

// Invites lists a workspace's open invites (admins).
func (s *Service) Invites(ctx context.Context, ws string) ([]model.Invite, error) {
	w, err := s.Authorize(ctx, ws, model.RoleAdmin)
	if err != nil {
		return nil, err
	}
	inv, err := s.db.Q().ListPendingInvites(ctx, w.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return inv, nil
}

// RevokeInvite deletes an open invite.
func (s *Service) RevokeInvite(ctx context.Context, ws string, id int64) error {
	return s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		ok, err := q.DeleteInvite(ctx, w.ID, id)
		if err != nil {
			return apperr.Internal(err)
		}
		if !ok {
			return apperr.NotFound("invite")
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "invite.revoke", "invite", idStr(id), nil))
	})
}

// InviteInfo describes an invite to the person who opens its link.
type InviteInfo struct {
	Invite    model.Invite
	Workspace model.Workspace
}

func (s *Service) openInvite(ctx context.Context, q *store.Q, token string) (InviteInfo, error) {
	inv, err := q.GetInviteByHash(ctx, auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return InviteInfo{}, apperr.NotFound("invite")
	}
	if err != nil {
		return InviteInfo{}, apperr.Internal(err)
	}
	if inv.AcceptedAt != nil || !s.clock.Now().Before(inv.ExpiresAt) {
		return InviteInfo{}, apperr.New(apperr.KindConflict, "error.invite_used", "this invite has expired or was already used").WithCode("invite_expired")
	}
	w, err := q.GetWorkspace(ctx, idStr(inv.WorkspaceID))
	if err != nil {
		return InviteInfo{}, apperr.NotFound("invite")
	}
	return InviteInfo{Invite: inv, Workspace: w}, nil
}

// InvitePreview returns what an invite link offers, without using it.
func (s *Service) InvitePreview(ctx context.Context, token string) (InviteInfo, error) {
	return s.openInvite(ctx, s.db.Q(), token)
}

// AcceptInvite makes the acting person a member through an invite.
func (s *Service) AcceptInvite(ctx context.Context, token string) (model.Workspace, error) {
	a := auth.ActorFrom(ctx)
	if a == nil || a.User.ID == 0 {
		return model.Workspace{}, apperr.Unauthenticated()
	}
	var w model.Workspace
	err := s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		w, err = s.accept(ctx, q, token, a.User)
		return err
	})
	return w, err
}

// RegisterWithInvite creates an account and accepts the invite in one step.
func (s *Service) RegisterWithInvite(ctx context.Context, token string, nu auth.NewUser) (model.User, model.Workspace, error) {
	var u model.User
	var w model.Workspace
	err := s.db.InTx(ctx, func(q *store.Q) error {
		info, err := s.openInvite(ctx, q, token)
		if err != nil {
			return err
		}
		if info.Invite.Email != "" && store.NormalizeEmail(info.Invite.Email) != store.NormalizeEmail(nu.Email) {
			return apperr.Invalid("email", "error.invite_email", "this invite is for another e-mail address")
		}
		if u, err = s.auth.Register(ctx, q, nu); err != nil {
			return err
		}
		ctx = auth.WithActor(ctx, &auth.Actor{User: u})
		w, err = s.accept(ctx, q, token, u)
		return err
	})
	return u, w, err
}

func (s *Service) accept(ctx context.Context, q *store.Q, token string, u model.User) (model.Workspace, error) {
	info, err := s.openInvite(ctx, q, token)
	if err != nil {
		return model.Workspace{}, err
	}
	if _, err := q.MemberRole(ctx, info.Workspace.ID, u.ID); err == nil {
		return model.Workspace{}, apperr.Conflict("", "error.already_member", "you are already a member of this workspace")
	}
	ok, err := q.AcceptInvite(ctx, info.Invite.ID, u.ID)
	if err != nil {
		return model.Workspace{}, apperr.Internal(err)
	}
	if !ok {
		return model.Workspace{}, apperr.New(apperr.KindConflict, "error.invite_used", "this invite has expired or was already used").WithCode("invite_expired")
	}
	if err := q.AddMember(ctx, info.Workspace.ID, u.ID, info.Invite.Role); err != nil {
		return model.Workspace{}, apperr.Internal(err)
	}
	w := info.Workspace
	w.Role = info.Invite.Role
	return w, q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "member.join", "user", idStr(u.ID),
		map[string]any{"email": u.Email, "role": info.Invite.Role, "invite_id": info.Invite.ID}))
}

// SetRole changes a member's role. Only owners make or unmake owners, and
// the last owner keeps the role.
func (s *Service) SetRole(ctx context.Context, ws string, userID int64, roleName string) error {
	role, err := parseRole(roleName)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		cur, err := q.MemberRole(ctx, w.ID, userID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("member")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if cur == role {
			return nil
		}
		if !canGrant(w.Role, cur) || !canGrant(w.Role, role) {
			return apperr.Forbidden()
		}
		if cur == model.RoleOwner {
			if err := s.keepAnOwner(ctx, q, w.ID); err != nil {
				return err
			}
		}
		if err := q.AddMember(ctx, w.ID, userID, role); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "member.role", "user", idStr(userID), map[string]any{"from": cur, "to": role}))
	})
}

func (s *Service) keepAnOwner(ctx context.Context, q *store.Q, wsID int64) error {
	n, err := q.CountOwners(ctx, wsID)
	if err != nil {
		return apperr.Internal(err)
	}
	if n <= 1 {
		return apperr.New(apperr.KindConflict, "error.last_owner", "a workspace must keep at least one owner").WithCode("last_owner")
	}
	return nil
}

// RemoveMember removes a member. Admins remove others (owners only by
// owners); anyone may leave; the last owner cannot be removed.
func (s *Service) RemoveMember(ctx context.Context, ws string, userID int64) error {
	a := auth.ActorFrom(ctx)
	return s.db.InTx(ctx, func(q *store.Q) error {
		min := model.RoleAdmin
		if a != nil && a.User.ID == userID {
			min = model.RoleViewer
		}
		w, err := s.authorize(ctx, q, ws, min)
		if err != nil {
			return err
		}
		cur, err := q.MemberRole(ctx, w.ID, userID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("member")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if a.User.ID != userID && !canGrant(w.Role, cur) {
			return apperr.Forbidden()
		}
		if cur == model.RoleOwner {
			if err := s.keepAnOwner(ctx, q, w.ID); err != nil {
				return err
			}
		}
		if err := q.RemoveMember(ctx, w.ID, userID); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "member.remove", "user", idStr(userID), map[string]any{"role": cur}))
	})
}

// AuditFilter selects audit entries for the API and the UI.
type AuditFilter struct {
	Cursor     string
	Limit      int
	Action     string
	ObjectType string
	UserID     int64
	Since      string // RFC 3339
	Until      string
}

// Audit lists a workspace's audit log, newest first (admins and owners).
func (s *Service) Audit(ctx context.Context, ws string, f AuditFilter) (Page[model.AuditEntry], error) {
	w, err := s.Authorize(ctx, ws, model.RoleAdmin)
	if err != nil {
		return Page[model.AuditEntry]{}, err
	}
	before, err := ParseCursor(f.Cursor)
	if err != nil {
		return Page[model.AuditEntry]{}, err
	}
	sf := store.AuditFilter{WorkspaceID: w.ID, UserID: f.UserID, Action: f.Action, ObjectType: f.ObjectType, Before: before, Limit: ClampLimit(f.Limit) + 1}
	if sf.Since, err = parseTime("since", f.Since); err != nil {
		return Page[model.AuditEntry]{}, err
	}
	if sf.Until, err = parseTime("until", f.Until); err != nil {
		return Page[model.AuditEntry]{}, err
	}
	es, err := s.db.Q().ListAudit(ctx, sf)
	if err != nil {
		return Page[model.AuditEntry]{}, apperr.Internal(err)
	}
	limit := sf.Limit - 1
	p := Page[model.AuditEntry]{Items: es}
	if len(es) > limit {
		p.Items, p.NextCursor = es[:limit], idStr(es[limit-1].ID)
	}
	if p.Items == nil {
		p.Items = []model.AuditEntry{}
	}
	return p, nil
}
