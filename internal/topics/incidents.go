package topics

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// IncidentQuery filters incidents.
type IncidentQuery struct {
	Live    bool
	TopicID int64
	Cursor  string
	Limit   int
}

// IncidentPage is a page of incidents, newest first.
type IncidentPage struct {
	Items      []model.Incident `json:"items"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

// Incidents lists a workspace's incidents.
func (s *Service) Incidents(ctx context.Context, ws string, iq IncidentQuery) (IncidentPage, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return IncidentPage{}, err
	}
	f := store.IncidentFilter{WorkspaceID: w.ID, Live: iq.Live, TopicID: iq.TopicID, Limit: iq.Limit}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if iq.Cursor != "" {
		if f.BeforeID, err = strconv.ParseInt(iq.Cursor, 10, 64); err != nil {
			return IncidentPage{}, apperr.Invalid("cursor", "error.cursor_invalid", "is not a cursor returned by this API")
		}
	}
	limit := f.Limit
	f.Limit++
	ins, err := s.db.Q().ListIncidents(ctx, f)
	if err != nil {
		return IncidentPage{}, apperr.Internal(err)
	}
	p := IncidentPage{Items: ins}
	if len(ins) > limit {
		p.Items = ins[:limit]
		p.NextCursor = strconv.FormatInt(ins[limit-1].ID, 10)
	}
	if p.Items == nil {
		p.Items = []model.Incident{}
	}
	return p, nil
}

// IncidentDetail is an incident with its top posts.
type IncidentDetail struct {
	model.Incident
	Items []model.Item `json:"items"`
}

// Incident returns one incident with its most followed posts.
func (s *Service) Incident(ctx context.Context, ws string, id int64) (IncidentDetail, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return IncidentDetail{}, err
	}
	in, err := s.db.Q().GetIncident(ctx, w.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return IncidentDetail{}, apperr.NotFound("incident")
	}
	if err != nil {
		return IncidentDetail{}, apperr.Internal(err)
	}
	items, err := s.db.Q().IncidentItems(ctx, w.ID, id, 20)
	if err != nil {
		return IncidentDetail{}, apperr.Internal(err)
	}
	if items == nil {
		items = []model.Item{}
	}
	return IncidentDetail{Incident: in, Items: items}, nil
}

// AckIncident records who acknowledged an incident; reminders stop.
func (s *Service) AckIncident(ctx context.Context, ws string, id int64) (model.Incident, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Incident{}, err
	}
	var in model.Incident
	err = s.db.InTx(ctx, func(q *store.Q) error {
		in, err = q.GetIncident(ctx, w.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("incident")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if in.State != model.IncidentOpen {
			return apperr.Conflict("state", "error.incident_not_open", "this incident is not open (%s)", in.State)
		}
		now := s.clock.Now()
		in.State, in.AckedAt = model.IncidentAcked, &now
		a := auth.ActorFrom(ctx)
		if a != nil && a.User.ID != 0 {
			uid := a.User.ID
			in.AckedBy = &uid
			in.AckedByName = strings.TrimSpace(a.User.Name)
			if in.AckedByName == "" {
				in.AckedByName = a.User.Email
			}
		} else {
			in.AckedByName = a.Label()
		}
		if err := q.UpdateIncident(ctx, &in); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "incident.ack", "incident", id, nil)
	})
	return in, err
}
