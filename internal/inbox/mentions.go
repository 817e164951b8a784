package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
)

// MentionJob is the kind of the durable job that e-mails the teammates a
// note mentions.
const MentionJob = "inbox.mention"

// Mailer sends notifications (the app's notify.Sender).
type Mailer = notify.Mailer

type mentionPayload struct {
	WorkspaceID int64 `json:"workspace_id"`
	NoteID      int64 `json:"note_id"`
}

// SetMailer turns e-mail notifications of @mentions on (the app calls it
// when SMTP is configured). Without it, mentions are still listed in the
// inbox ("Mentions of me", with the count of unseen ones).
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

// enqueueMention records, in the note's transaction, that its mentions
// are to be e-mailed.
func (s *Service) enqueueMention(ctx context.Context, q *store.Q, wsID int64, n model.Note) error {
	if s.mailerOrNil() == nil || len(n.Mentions) == 0 {
		return nil
	}
	_, _, err := s.jobs.Enqueue(ctx, q, MentionJob, mentionPayload{WorkspaceID: wsID, NoteID: n.ID}, jobs.EnqueueOptions{WorkspaceID: wsID})
	return err
}

// mentionJob e-mails the members a note mentions (not its author), in the
// workspace's language, with a link to the conversation.
func (s *Service) mentionJob(ctx context.Context, job model.Job) error {
	m := s.mailerOrNil()
	if m == nil {
		return nil
	}
	var pl mentionPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(pl.WorkspaceID, 10))
	if err != nil {
		return jobs.Permanent(err)
	}
	n, err := q.GetNote(ctx, w.ID, pl.NoteID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted since
	}
	if err != nil {
		return err
	}
	members, err := q.ListMembers(ctx, store.MemberFilter{WorkspaceID: w.ID, Limit: 1000})
	if err != nil {
		return err
	}
	var to []string
	for _, mb := range members {
		if (n.AuthorID == nil || *n.AuthorID != mb.UserID) && containsID(n.Mentions, mb.UserID) {
			to = append(to, mb.Email)
		}
	}
	if len(to) == 0 {
		return nil
	}
	lang := w.Language
	link := strings.TrimRight(s.baseURL, "/") + "/w/" + w.Slug + "/inbox/" + strconv.FormatInt(n.ConversationID, 10)
	msg := notify.Message{Event: "inbox.mention", Workspace: w.Name, Link: link, Priority: "normal", At: s.clock.Now(), Text: n.Body,
		Title: i18n.T(lang, "inbox.mail_mention", n.AuthorName, w.Name)}
	if c, err := q.GetConversation(ctx, w.ID, n.ConversationID); err == nil {
		msg.Fields = []notify.Field{{Label: i18n.T(lang, "inbox.mail_conversation"), Value: strings.TrimSpace(c.AuthorName + " " + c.AuthorHandle)}}
	}
	if err := m.Send(ctx, notify.Channel{Type: "email", To: to}, msg); err != nil {
		if notify.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return fmt.Errorf("notify mention: %w", err)
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
