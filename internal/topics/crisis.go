package topics

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// CrisisInput switches crisis mode: {"active":true,"reason":…}.
type CrisisInput struct {
	Active bool   `json:"active"`
	Reason string `json:"reason"`
	// IncidentID names the incident that proposed it, if any (audit).
	IncidentID int64 `json:"incident_id,omitempty"`
}

// Crisis returns a workspace's crisis state.
func (s *Service) Crisis(ctx context.Context, ws string) (model.Crisis, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.Crisis{}, err
	}
	c, err := s.db.Q().GetCrisis(ctx, w.ID)
	if err != nil {
		return c, apperr.Internal(err)
	}
	return c, nil
}

// CrisisOf returns the crisis state of a workspace by id, for pages that
// already authorised the viewer (the banner).
func (s *Service) CrisisOf(ctx context.Context, wsID int64) (model.Crisis, error) {
	return s.db.Q().GetCrisis(ctx, wsID)
}

// SetCrisis turns crisis mode on or off. While on, alerts are raised in
// priority and scheduled publishing is held. Every change is audited.
func (s *Service) SetCrisis(ctx context.Context, ws string, in CrisisInput) (model.Crisis, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return model.Crisis{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Reason) > 500 {
		return model.Crisis{}, apperr.Invalid("reason", "error.too_long", "must be at most %d characters", 500)
	}
	if in.Active && in.Reason == "" {
		return model.Crisis{}, apperr.Invalid("reason", "error.required", "is required")
	}
	var c model.Crisis
	err = s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		if c, err = q.GetCrisis(ctx, w.ID); err != nil {
			return apperr.Internal(err)
		}
		was := c.Active
		c.Active, c.Reason = in.Active, in.Reason
		if in.Active && !was {
			now := s.clock.Now()
			c.Since = &now
		}
		if !in.Active {
			c.Since = nil
		}
		c.ChangedBy = nil
		if a := auth.ActorFrom(ctx); a != nil && a.User.ID != 0 {
			uid := a.User.ID
			c.ChangedBy = &uid
		}
		if err := q.SetCrisis(ctx, &c); err != nil {
			return apperr.Internal(err)
		}
		action := "crisis.end"
		if in.Active {
			action = "crisis.start"
			if was {
				action = "crisis.update"
			}
		}
		details := map[string]any{"reason": in.Reason}
		if in.IncidentID != 0 {
			details["incident_id"] = in.IncidentID
		}
		return audit(ctx, q, w.ID, action, "workspace", w.ID, details)
	})
	return c, err
}
