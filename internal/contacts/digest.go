package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
)

type digestPayload struct {
	WorkspaceID int64     `json:"workspace_id"`
	To          time.Time `json:"to"`
}

// NextDigest returns when the weekly digest after t is due: the next
// Monday at 08:00 in the workspace's time zone.
func NextDigest(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	days := (int(time.Monday) - int(l.Weekday()) + 7) % 7
	next := time.Date(l.Year(), l.Month(), l.Day()+days, 8, 0, 0, 0, loc)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+days+7, 8, 0, 0, 0, loc)
	}
	return next
}

// scheduleDigest makes sure the workspace's next weekly digest is queued
// (once: the job's unique key is the workspace and the due time).
func (s *Service) scheduleDigest(ctx context.Context, q *store.Q, wsID int64) error {
	if s.jobs == nil {
		return nil
	}
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(wsID, 10))
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	at := NextDigest(s.clock.Now(), loc)
	_, _, err = s.jobs.Enqueue(ctx, q, DigestJob, digestPayload{WorkspaceID: wsID, To: at.UTC()},
		jobs.EnqueueOptions{RunAt: at, WorkspaceID: wsID, UniqueKey: fmt.Sprintf("%s:%d:%d", DigestJob, wsID, at.Unix())})
	return err
}

func (s *Service) digestJob(ctx context.Context, j model.Job) error {
	var p digestPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	d, err := s.MakeDigest(ctx, p.WorkspaceID, p.To)
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(err) // the workspace is gone
	}
	if err != nil {
		return err
	}
	if d.LastError != "" {
		return errors.New(d.LastError)
	}
	return nil
}

// MakeDigest builds, stores and (when e-mail is configured and the
// workspace has recipients) sends the digest of the week ending at to, in
// the workspace's language; then it queues the next one if the workspace
// has feedback or recipients.
func (s *Service) MakeDigest(ctx context.Context, wsID int64, to time.Time) (store.FeedbackDigest, error) {
	q := s.db.Q()
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(wsID, 10))
	if err != nil {
		return store.FeedbackDigest{}, err
	}
	set, err := q.GetContactSettings(ctx, wsID)
	if err != nil {
		return store.FeedbackDigest{}, err
	}
	p := Period{From: to.AddDate(0, 0, -7), To: to}
	sum, err := s.summary(ctx, wsID, p, "")
	if err != nil {
		return store.FeedbackDigest{}, err
	}
	body, err := json.Marshal(sum)
	if err != nil {
		return store.FeedbackDigest{}, err
	}
	d := store.FeedbackDigest{From: p.From, To: p.To, Lang: w.Language, Body: body, SentTo: []string{}}
	if s.smtp && s.sender != nil && len(set.DigestEmails) > 0 {
		msg := DigestMessage(w, sum, s.base)
		msg.At = s.clock.Now()
		if err := s.sender.Send(ctx, notify.Channel{Type: "email", To: set.DigestEmails}, msg); err != nil {
			d.LastError = err.Error()
		} else {
			now := s.clock.Now()
			d.SentAt, d.SentTo = &now, set.DigestEmails
		}
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.SaveFeedbackDigest(ctx, wsID, &d); err != nil {
			return err
		}
		if sum.Total > 0 || len(set.DigestEmails) > 0 {
			return s.scheduleDigest(ctx, q, wsID)
		}
		return nil
	})
	if err != nil {
		return d, apperr.Internal(err)
	}
	return d, nil
}

// DigestMessage writes a digest as a notification in the workspace's
// language.
func DigestMessage(w model.Workspace, sum Summary, base string) notify.Message {
	t := func(key string, args ...any) string { return i18n.T(w.Language, key, args...) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", t("feedback.digest.intro", sum.Total, sum.From[:10], sum.To[:10]))
	for _, c := range sum.Categories {
		fmt.Fprintf(&b, "%s — %d (%s %d, %s %d, %s %d)\n", t("feedback.category."+c.Category), c.Count,
			t("feedback.sentiment.positive"), c.Sentiment["positive"], t("feedback.sentiment.neutral"), c.Sentiment["neutral"],
			t("feedback.sentiment.negative"), c.Sentiment["negative"])
		for _, q := range c.Quotes {
			fmt.Fprintf(&b, "  « %s » — %s (%s)\n", q.Text, q.Author, q.Network)
		}
		b.WriteString("\n")
	}
	if sum.Total == 0 {
		b.WriteString(t("feedback.none") + "\n")
	}
	m := notify.Message{Event: "feedback.digest", Title: t("feedback.digest.title", w.Name), Text: b.String(), Priority: "normal",
		Workspace: w.Name}
	if base != "" {
		m.Link = base + "/w/" + w.Slug + "/feedback"
	}
	for _, c := range sum.Categories {
		m.Fields = append(m.Fields, notify.Field{Label: t("feedback.category." + c.Category), Value: strconv.Itoa(c.Count)})
	}
	return m
}

// Digests returns the workspace's latest digests (viewer).
func (s *Service) Digests(ctx context.Context, ws string, limit int) ([]store.FeedbackDigest, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	ds, err := s.db.Q().ListFeedbackDigests(ctx, w.ID, max(1, min(limit, 52)))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return ds, nil
}
