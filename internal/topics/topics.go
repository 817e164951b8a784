package topics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/query"
	"github.com/parvis/parvis/internal/store"
)

// TopicInput creates a topic.
type TopicInput struct {
	Name   string `json:"name"`
	Query  string `json:"query"`
	Kind   string `json:"kind"`
	Color  string `json:"color"`
	Active *bool  `json:"active"`
}

// TopicUpdate changes a topic; nil fields stay.
type TopicUpdate struct {
	Name   *string `json:"name"`
	Query  *string `json:"query"`
	Kind   *string `json:"kind"`
	Color  *string `json:"color"`
	Active *bool   `json:"active"`
}

// TopicView is a topic with the warnings its query raises.
type TopicView struct {
	model.Topic
	Warnings []string `json:"warnings,omitempty"`
}

// palette colours topics created without one, in turn.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

var colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

const maxQueryLen = 4000

// CheckQuery parses a topic query; the error names the column. Queries
// that can never match are refused; other Lint warnings are returned.
func CheckQuery(q string) ([]string, error) {
	if strings.TrimSpace(q) == "" {
		return nil, apperr.Invalid("query", "error.required", "is required")
	}
	if len(q) > maxQueryLen {
		return nil, apperr.Invalid("query", "error.too_long", "must be at most %d characters", maxQueryLen)
	}
	e, err := query.Parse(q)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return nil, apperr.Invalid("query", "error.query_syntax", "%s at column %d", qe.Msg, qe.Column).WithCode("query_syntax")
		}
		return nil, apperr.Invalid("query", "error.query_syntax_plain", "%s", err.Error())
	}
	if !query.CanMatch(e) {
		return nil, apperr.Invalid("query", "error.query_never", "this query can never match an item")
	}
	var warns []string
	for _, w := range query.Lint(e) {
		warns = append(warns, w.String())
	}
	return warns, nil
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Invalid("name", "error.required", "is required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", apperr.Invalid("name", "error.too_long", "must be at most %d characters", 100)
	}
	return name, nil
}

func checkKind(k string) (model.TopicKind, error) {
	if k == "" {
		return model.TopicOther, nil
	}
	if !model.TopicKind(k).Valid() {
		return "", apperr.Invalid("kind", "error.topic_kind", "must be brand, competitor, campaign or other")
	}
	return model.TopicKind(k), nil
}

func checkColor(c string) (string, error) {
	if c != "" && !colorRe.MatchString(c) {
		return "", apperr.Invalid("color", "error.color", "must be a colour such as #1f77b4")
	}
	return strings.ToLower(c), nil
}

// Topics lists a workspace's topics.
func (s *Service) Topics(ctx context.Context, ws string) ([]model.Topic, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	ts, err := s.db.Q().ListTopics(ctx, w.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return ts, nil
}

// Topic returns one topic.
func (s *Service) Topic(ctx context.Context, ws string, id int64) (model.Topic, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.Topic{}, err
	}
	return s.topic(ctx, s.db.Q(), w.ID, id)
}

func (s *Service) topic(ctx context.Context, q *store.Q, wsID, id int64) (model.Topic, error) {
	t, err := q.GetTopic(ctx, wsID, id)
	if errors.Is(err, store.ErrNotFound) {
		return t, apperr.NotFound("topic")
	}
	if err != nil {
		return t, apperr.Internal(err)
	}
	return t, nil
}

type backfillPayload struct {
	WorkspaceID int64  `json:"workspace_id"`
	TopicID     int64  `json:"topic_id"`
	Query       string `json:"query"`
}

func (s *Service) enqueueBackfill(ctx context.Context, q *store.Q, t model.Topic) error {
	_, _, err := s.jobs.Enqueue(ctx, q, BackfillJob, backfillPayload{WorkspaceID: t.WorkspaceID, TopicID: t.ID, Query: t.Query},
		jobs.EnqueueOptions{WorkspaceID: t.WorkspaceID})
	return err
}

func nameTaken(err error) error {
	if store.IsUniqueViolation(err) {
		return apperr.Conflict("name", "error.topic_name_taken", "another topic of this workspace has this name")
	}
	return apperr.Internal(err)
}

// CreateTopic saves a topic, adds it to the matcher and searches the
// stored history for it (a durable job).
func (s *Service) CreateTopic(ctx context.Context, ws string, in TopicInput) (TopicView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return TopicView{}, err
	}
	t := model.Topic{WorkspaceID: w.ID, Query: strings.TrimSpace(in.Query), Active: in.Active == nil || *in.Active}
	if t.Name, err = checkName(in.Name); err != nil {
		return TopicView{}, err
	}
	warns, err := CheckQuery(t.Query)
	if err != nil {
		return TopicView{}, err
	}
	if t.Kind, err = checkKind(in.Kind); err != nil {
		return TopicView{}, err
	}
	if t.Color, err = checkColor(in.Color); err != nil {
		return TopicView{}, err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if t.Color == "" {
			n, err := q.ListTopics(ctx, w.ID)
			if err != nil {
				return apperr.Internal(err)
			}
			t.Color = palette[len(n)%len(palette)]
		}
		if err := q.CreateTopic(ctx, &t); err != nil {
			return nameTaken(err)
		}
		if err := s.enqueueBackfill(ctx, q, t); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "topic.create", "topic", t.ID, map[string]any{"name": t.Name, "query": t.Query})
	})
	if err != nil {
		return TopicView{}, err
	}
	if err := s.matcher.Set(t); err != nil {
		return TopicView{}, apperr.Internal(err)
	}
	s.hold(t)
	return TopicView{Topic: t, Warnings: warns}, nil
}

// UpdateTopic changes a topic. A new query replaces the topic's matches:
// the history is searched again.
func (s *Service) UpdateTopic(ctx context.Context, ws string, id int64, up TopicUpdate) (TopicView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return TopicView{}, err
	}
	var warns []string
	var t model.Topic
	err = s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		if t, err = s.topic(ctx, q, w.ID, id); err != nil {
			return err
		}
		requery := false
		if up.Name != nil {
			if t.Name, err = checkName(*up.Name); err != nil {
				return err
			}
		}
		if up.Query != nil && strings.TrimSpace(*up.Query) != t.Query {
			if warns, err = CheckQuery(*up.Query); err != nil {
				return err
			}
			t.Query, t.BackfilledAt, requery = strings.TrimSpace(*up.Query), nil, true
		}
		if up.Kind != nil {
			if t.Kind, err = checkKind(*up.Kind); err != nil {
				return err
			}
		}
		if up.Color != nil {
			if t.Color, err = checkColor(*up.Color); err != nil {
				return err
			}
		}
		if up.Active != nil {
			t.Active = *up.Active
		}
		if err := q.UpdateTopic(ctx, &t); err != nil {
			return nameTaken(err)
		}
		if requery {
			if err := q.DeleteTopicMatches(ctx, t.ID); err != nil {
				return apperr.Internal(err)
			}
			if err := s.enqueueBackfill(ctx, q, t); err != nil {
				return apperr.Internal(err)
			}
		}
		return audit(ctx, q, w.ID, "topic.update", "topic", t.ID, map[string]any{"name": t.Name, "query": t.Query, "active": t.Active})
	})
	if err != nil {
		return TopicView{}, err
	}
	if err := s.matcher.Set(t); err != nil {
		return TopicView{}, apperr.Internal(err)
	}
	s.hold(t)
	return TopicView{Topic: t, Warnings: warns}, nil
}

// DeleteTopic deletes a topic with its matches, alert rules and incidents.
func (s *Service) DeleteTopic(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		t, err := s.topic(ctx, q, w.ID, id)
		if err != nil {
			return err
		}
		if _, err := q.DeleteTopic(ctx, w.ID, id); err != nil {
			return apperr.Internal(err)
		}
		return audit(ctx, q, w.ID, "topic.delete", "topic", id, map[string]any{"name": t.Name})
	})
	if err != nil {
		return err
	}
	s.matcher.Remove(w.ID, id)
	s.release(id)
	return nil
}

// TopicItems lists the items a topic matched, newest first, with the
// filters of the items list.
func (s *Service) TopicItems(ctx context.Context, ws string, id int64, f store.ItemFilter) ([]model.Item, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	if _, err := s.topic(ctx, s.db.Q(), w.ID, id); err != nil {
		return nil, err
	}
	f.WorkspaceID, f.TopicID = w.ID, id
	items, err := s.db.Q().ListItems(ctx, f)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return items, nil
}

// backfillPage is how many stored items a backfill reads at a time.
const backfillPage = 500

// backfillJob searches a workspace's stored items for a topic with the
// same semantics as the pipeline (same document, same matcher).
func (s *Service) backfillJob(ctx context.Context, j model.Job) error {
	var p backfillPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	t, err := s.db.Q().GetTopic(ctx, p.WorkspaceID, p.TopicID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Query != p.Query) {
		return nil // deleted, or its query changed: a newer job searches
	}
	if err != nil {
		return err
	}
	e, err := query.Parse(t.Query)
	if err != nil {
		return jobs.Permanent(err)
	}
	m := query.NewMatcher[int64]()
	if err := m.Add(t.ID, e); err != nil {
		return jobs.Permanent(err)
	}
	var d query.Doc
	var hits []int64
	after := int64(0)
	for {
		items, err := s.db.Q().ItemsAfter(ctx, p.WorkspaceID, after, backfillPage)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			break
		}
		var ms []model.TopicMatch
		for i := range items {
			FillDoc(&d, &items[i])
			if hits = m.Match(&d, hits[:0]); len(hits) > 0 {
				ms = append(ms, model.TopicMatch{TopicID: t.ID, ItemID: items[i].ID, CreatedAt: items[i].CreatedAt})
			}
		}
		if len(ms) > 0 {
			if _, err := s.db.Q().InsertTopicMatches(ctx, p.WorkspaceID, ms); err != nil {
				return err
			}
		}
		after = items[len(items)-1].ID
	}
	return s.db.Q().SetTopicBackfilled(ctx, t.ID, p.Query, s.clock.Now())
}

// audit records a change in the workspace's audit log.
func audit(ctx context.Context, q *store.Q, wsID int64, action, objType string, id int64, details map[string]any) error {
	if err := q.InsertAudit(ctx, auth.AuditEntry(ctx, wsID, action, objType, fmt.Sprint(id), details)); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
