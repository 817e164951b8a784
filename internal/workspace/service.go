// Package workspace owns workspaces, their members and invitations, and the
// role checks every other service relies on (Authorize).
package workspace

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Service manages workspaces and memberships.
type Service struct {
	db    *store.DB
	auth  *auth.Service
	clock clock.Clock
	// InviteTTL is how long an invite link stays valid.
	InviteTTL time.Duration
}

// NewService returns the workspace service.
func NewService(db *store.DB, a *auth.Service, c clock.Clock) *Service {
	return &Service{db: db, auth: a, clock: c, InviteTTL: 7 * 24 * time.Hour}
}

// Authorize checks that the actor of ctx has at least role min in the
// workspace named by ws (id or slug) and returns it, with Role set.
// Instance administrators and the system act as owners. A workspace the
// actor cannot see is reported as not found, not forbidden.
func (s *Service) Authorize(ctx context.Context, ws string, min model.Role) (model.Workspace, error) {
	return s.authorize(ctx, s.db.Q(), ws, min)
}

func (s *Service) authorize(ctx context.Context, q *store.Q, ws string, min model.Role) (model.Workspace, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return model.Workspace{}, apperr.Unauthenticated()
	}
	w, err := q.GetWorkspace(ctx, ws)
	if errors.Is(err, store.ErrNotFound) {
		return model.Workspace{}, apperr.NotFound("workspace")
	}
	if err != nil {
		return model.Workspace{}, apperr.Internal(err)
	}
	if a.IsSystem() || a.User.IsAdmin {
		w.Role = model.RoleOwner
		if !a.IsSystem() {
			if r, err := q.MemberRole(ctx, w.ID, a.User.ID); err == nil && r == model.RoleOwner {
				w.Role = r
			}
		}
		return w, nil
	}
	role, err := q.MemberRole(ctx, w.ID, a.User.ID)
	if errors.Is(err, store.ErrNotFound) {
		return model.Workspace{}, apperr.NotFound("workspace")
	}
	if err != nil {
		return model.Workspace{}, apperr.Internal(err)
	}
	w.Role = role
	if !role.AtLeast(min) {
		return model.Workspace{}, apperr.Forbidden()
	}
	return w, nil
}

// Input is the writable part of a workspace.
type Input struct {
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	TimeZone string `json:"time_zone"`
	Language string `json:"language"`
}

// Update changes some fields; nil fields stay.
type Update struct {
	Name     *string `json:"name"`
	TimeZone *string `json:"time_zone"`
	Language *string `json:"language"`
}

func validateName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Invalid("name", "error.required", "is required")
	}
	if utf8.RuneCountInString(name) > 80 {
		return "", apperr.Invalid("name", "error.too_long", "must be at most %d characters", 80)
	}
	return name, nil
}

// ValidateTimeZone checks an IANA time zone name.
func ValidateTimeZone(tz string) error {
	if tz == "" || tz == "Local" {
		return apperr.Invalid("time_zone", "error.tz_invalid", "%q is not an IANA time zone (e.g. Europe/Paris)", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return apperr.Invalid("time_zone", "error.tz_invalid", "%q is not an IANA time zone (e.g. Europe/Paris)", tz)
	}
	return nil
}

func validateLanguage(l string) error {
	if l != "en" && l != "fr" {
		return apperr.Invalid("language", "error.lang_invalid", "must be \"en\" or \"fr\"")
	}
	return nil
}

// Slugify makes a URL-friendly identifier from a name.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r == 'œ':
			b.WriteString("oe")
			dash = false
		case r == 'æ':
			b.WriteString("ae")
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	return s
}

func validSlug(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return false // would be taken for an id
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Create makes a workspace; the acting person becomes its owner.
func (s *Service) Create(ctx context.Context, in Input) (model.Workspace, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return model.Workspace{}, apperr.Unauthenticated()
	}
	name, err := validateName(in.Name)
	if err != nil {
		return model.Workspace{}, err
	}
	if in.TimeZone == "" {
		in.TimeZone = "Europe/Paris"
	}
	if err := ValidateTimeZone(in.TimeZone); err != nil {
		return model.Workspace{}, err
	}
	if in.Language == "" {
		in.Language = "fr"
	}
	if err := validateLanguage(in.Language); err != nil {
		return model.Workspace{}, err
	}
	explicitSlug := in.Slug != ""
	slug := in.Slug
	if !explicitSlug {
		slug = Slugify(name)
		if slug == "" {
			slug = "workspace"
		}
		if _, err := strconv.ParseInt(slug, 10, 64); err == nil {
			slug = "ws-" + slug
		}
	} else if !validSlug(slug) {
		return model.Workspace{}, apperr.Invalid("slug", "error.slug_invalid", "use 1 to 40 lower-case letters, digits and dashes, not only digits")
	}
	w := model.Workspace{Name: name, TimeZone: in.TimeZone, Language: in.Language, Role: model.RoleOwner}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		w.Slug = slug
		for i := 2; ; i++ {
			taken, err := q.SlugTaken(ctx, w.Slug)
			if err != nil {
				return apperr.Internal(err)
			}
			if !taken {
				break
			}
			if explicitSlug {
				return apperr.Conflict("slug", "error.slug_taken", "this slug is already used by another workspace")
			}
			w.Slug = slug + "-" + strconv.Itoa(i)
		}
		if err := q.CreateWorkspace(ctx, &w); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.Conflict("slug", "error.slug_taken", "this slug is already used by another workspace")
			}
			return apperr.Internal(err)
		}
		if a.User.ID != 0 {
			if err := q.AddMember(ctx, w.ID, a.User.ID, model.RoleOwner); err != nil {
				return apperr.Internal(err)
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "workspace.create", "workspace", idStr(w.ID),
			map[string]any{"name": w.Name, "slug": w.Slug, "time_zone": w.TimeZone, "language": w.Language}))
	})
	return w, err
}

// Page is a page of a cursor-paginated list.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// ClampLimit bounds a page size: 50 by default, 200 at most.
func ClampLimit(n int) int {
	if n <= 0 {
		return 50
	}
	if n > 200 {
		return 200
	}
	return n
}

// ParseCursor reads an opaque numeric cursor.
func ParseCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(c, 10, 64)
	if err != nil || v < 0 {
		return 0, apperr.Invalid("cursor", "error.cursor_invalid", "is not a cursor returned by this API")
	}
	return v, nil
}

// List lists the workspaces the acting person belongs to (all of them for
// instance administrators).
func (s *Service) List(ctx context.Context, cursor string, limit int) (Page[model.Workspace], error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return Page[model.Workspace]{}, apperr.Unauthenticated()
	}
	after, err := ParseCursor(cursor)
	if err != nil {
		return Page[model.Workspace]{}, err
	}
	limit = ClampLimit(limit)
	f := store.WorkspaceFilter{UserID: a.User.ID, After: after, Limit: limit + 1}
	if a.IsSystem() || a.User.IsAdmin {
		f.UserID = 0
	}
	ws, err := s.db.Q().ListWorkspaces(ctx, f)
	if err != nil {
		return Page[model.Workspace]{}, apperr.Internal(err)
	}
	if f.UserID == 0 {
		for i := range ws {
			ws[i].Role = model.RoleOwner
			if a.User.ID != 0 {
				if r, err := s.db.Q().MemberRole(ctx, ws[i].ID, a.User.ID); err == nil {
					ws[i].Role = r
					if a.User.IsAdmin {
						ws[i].Role = model.RoleOwner
					}
				}
			}
		}
	}
	p := Page[model.Workspace]{Items: ws}
	if len(ws) > limit {
		p.Items = ws[:limit]
		p.NextCursor = idStr(ws[limit-1].ID)
	}
	if p.Items == nil {
		p.Items = []model.Workspace{}
	}
	return p, nil
}

// Get returns a workspace the actor can see.
func (s *Service) Get(ctx context.Context, ws string) (model.Workspace, error) {
	return s.Authorize(ctx, ws, model.RoleViewer)
}

// UpdateSettings changes a workspace's settings (admins and owners).
func (s *Service) UpdateSettings(ctx context.Context, ws string, up Update) (model.Workspace, error) {
	var w model.Workspace
	err := s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		w, err = s.authorize(ctx, q, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		changes := map[string]any{}
		if up.Name != nil {
			name, err := validateName(*up.Name)
			if err != nil {
				return err
			}
			if name != w.Name {
				changes["name"] = []string{w.Name, name}
				w.Name = name
			}
		}
		if up.TimeZone != nil {
			if err := ValidateTimeZone(*up.TimeZone); err != nil {
				return err
			}
			if *up.TimeZone != w.TimeZone {
				changes["time_zone"] = []string{w.TimeZone, *up.TimeZone}
				w.TimeZone = *up.TimeZone
			}
		}
		if up.Language != nil {
			if err := validateLanguage(*up.Language); err != nil {
				return err
			}
			if *up.Language != w.Language {
				changes["language"] = []string{w.Language, *up.Language}
				w.Language = *up.Language
			}
		}
		if len(changes) == 0 {
			return nil
		}
		if err := q.UpdateWorkspace(ctx, &w); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "workspace.update", "workspace", idStr(w.ID), changes))
	})
	return w, err
}

// Delete removes a workspace and everything in it (owners only).
func (s *Service) Delete(ctx context.Context, ws string) error {
	return s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.authorize(ctx, q, ws, model.RoleOwner)
		if err != nil {
			return err
		}
		if err := q.DeleteWorkspace(ctx, w.ID); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "workspace.delete", "workspace", idStr(w.ID),
			map[string]any{"name": w.Name, "slug": w.Slug}))
	})
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
