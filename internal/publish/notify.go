package publish

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
)

// NotifyJob is the kind of the durable job that e-mails the people a post
// concerns: approvers when it waits for review, its author when it failed.
const NotifyJob = "publish.notify"

// Mailer sends notifications (the app's notify.Sender).
type Mailer = notify.Mailer

// Notification events.
const (
	eventReview = "post.review"
	eventFailed = "post.failed"
)

type notifyPayload struct {
	WorkspaceID int64  `json:"workspace_id"`
	PostID      int64  `json:"post_id"`
	Event       string `json:"event"`
	Detail      string `json:"detail,omitempty"`
}

// SetMailer turns e-mail notifications on (the app calls it when SMTP is
// configured).
func (s *Service) SetMailer(m Mailer) {
	s.mu.Lock()
	s.mailer = m
	s.mu.Unlock()
}

func (s *Service) mailerOrNil() Mailer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mailer
}

// enqueueNotify records a notification in the transaction of the change.
func (s *Service) enqueueNotify(ctx context.Context, q *store.Q, wsID, postID int64, event, detail string) error {
	if s.mailerOrNil() == nil {
		return nil
	}
	_, _, err := s.jobs.Enqueue(ctx, q, NotifyJob, notifyPayload{WorkspaceID: wsID, PostID: postID, Event: event, Detail: detail},
		jobs.EnqueueOptions{WorkspaceID: wsID})
	return err
}

// notifyJob e-mails the people concerned, in the workspace's language.
func (s *Service) notifyJob(ctx context.Context, job model.Job) error {
	m := s.mailerOrNil()
	if m == nil {
		return nil
	}
	var pl notifyPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(pl.WorkspaceID, 10))
	if err != nil {
		return jobs.Permanent(err)
	}
	p, err := q.GetPost(ctx, w.ID, pl.PostID)
	if err != nil {
		return nil // deleted since
	}
	members, err := q.ListMembers(ctx, store.MemberFilter{WorkspaceID: w.ID, Limit: 1000})
	if err != nil {
		return err
	}
	var to []string
	for _, mb := range members {
		isAuthor := p.CreatedBy != nil && mb.UserID == *p.CreatedBy
		switch pl.Event {
		case eventReview:
			if mb.Role.AtLeast(model.RoleManager) && !isAuthor {
				to = append(to, mb.Email)
			}
		case eventFailed:
			if isAuthor || (p.CreatedBy == nil && mb.Role.AtLeast(model.RoleManager)) {
				to = append(to, mb.Email)
			}
		}
	}
	if len(to) == 0 {
		return nil
	}
	lang := w.Language
	link := strings.TrimRight(s.baseURL, "/") + "/w/" + w.Slug + "/publishing/posts/" + strconv.FormatInt(p.ID, 10)
	msg := notify.Message{Event: "publish." + pl.Event, Workspace: w.Name, Link: link, Priority: "normal", At: s.clock.Now(), Text: p.Text}
	switch pl.Event {
	case eventReview:
		msg.Title = i18n.T(lang, "publish.mail_review", w.Name)
	case eventFailed:
		msg.Title, msg.Priority = i18n.T(lang, "publish.mail_failed", w.Name), "high"
		msg.Fields = []notify.Field{{Label: i18n.T(lang, "publish.mail_error"), Value: pl.Detail}}
	}
	if p.ScheduledAt != nil {
		loc := s.loc(w)
		msg.Fields = append(msg.Fields, notify.Field{Label: i18n.T(lang, "publish.when"), Value: p.ScheduledAt.In(loc).Format("2006-01-02 15:04 MST")})
	}
	if err := m.Send(ctx, notify.Channel{Type: "email", To: to}, msg); err != nil {
		if notify.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return fmt.Errorf("notify %s: %w", pl.Event, err)
	}
	return nil
}
