package inbox

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish/publisher"
	pubbluesky "github.com/parvis/parvis/internal/publish/publisher/bluesky"
	"github.com/parvis/parvis/internal/store"
)

// --- Saved replies ---

// Variables a saved reply may use.
var Variables = []string{"author_name", "author_handle", "agent_name", "workspace_name"}

var varRE = regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)

// CheckTemplate returns an error naming the first unknown variable.
func CheckTemplate(body string) error {
	for _, m := range varRE.FindAllStringSubmatch(body, -1) {
		if !containsStr(Variables, m[1]) {
			return fmt.Errorf("unknown variable {{%s}}: use %s", m[1], strings.Join(Variables, ", "))
		}
	}
	return nil
}

// Render fills a saved reply's variables.
func Render(body string, vars map[string]string) string {
	return varRE.ReplaceAllStringFunc(body, func(m string) string {
		name := varRE.FindStringSubmatch(m)[1]
		return vars[name]
	})
}

// SavedReplyInput creates a saved reply.
type SavedReplyInput struct {
	Name string `json:"name"`
	Lang string `json:"lang"`
	Body string `json:"body"`
}

// SavedReplies lists a workspace's saved replies (in one language and the
// language-neutral ones when lang is set).
func (s *Service) SavedReplies(ctx context.Context, ws, lang string) ([]model.SavedReply, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Q().ListSavedReplies(ctx, w.ID, lang)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return list, nil
}

// checkSaved normalises and checks a saved reply's fields.
func checkSaved(sr *model.SavedReply) error {
	sr.Name, sr.Lang, sr.Body = strings.TrimSpace(sr.Name), strings.ToLower(strings.TrimSpace(sr.Lang)), strings.TrimSpace(sr.Body)
	if sr.Name == "" || utf8.RuneCountInString(sr.Name) > 80 {
		return apperr.Invalid("name", "error.saved_reply_name", "a name has from 1 to %d characters", 80)
	}
	if sr.Lang != "" && !langRE.MatchString(sr.Lang) {
		return apperr.Invalid("lang", "error.saved_reply_lang", "must be a two-letter language code such as en or fr")
	}
	if sr.Body == "" || utf8.RuneCountInString(sr.Body) > 5000 {
		return apperr.Invalid("body", "error.saved_reply_body", "a saved reply has from 1 to %d characters", 5000)
	}
	if err := CheckTemplate(sr.Body); err != nil {
		return apperr.Invalid("body", "error.saved_reply_variable", "%s", err.Error())
	}
	return nil
}

var langRE = regexp.MustCompile(`^[a-z]{2}$`)

// notFoundOr maps a missing row to a not-found error naming what.
func notFoundOr(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFound(what)
	}
	return apperr.Internal(err)
}

func savedConflict(err error) error {
	if store.IsUniqueViolation(err) {
		return apperr.Conflict("name", "error.saved_reply_taken", "a saved reply of this workspace has this name and language")
	}
	return apperr.Internal(err)
}

// CreateSavedReply adds a saved reply.
func (s *Service) CreateSavedReply(ctx context.Context, ws string, in SavedReplyInput) (model.SavedReply, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.SavedReply{}, err
	}
	sr := model.SavedReply{WorkspaceID: w.ID, Name: in.Name, Lang: in.Lang, Body: in.Body}
	if err := checkSaved(&sr); err != nil {
		return sr, err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateSavedReply(ctx, &sr); err != nil {
			return savedConflict(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "saved_reply.create", "saved_reply", strconv.FormatInt(sr.ID, 10),
			map[string]any{"name": sr.Name}))
	})
	return sr, err
}

// SavedReplyUpdate changes a saved reply; nil fields stay.
type SavedReplyUpdate struct {
	Name *string `json:"name"`
	Lang *string `json:"lang"`
	Body *string `json:"body"`
}

// UpdateSavedReply edits a saved reply (editors and above, as creating).
func (s *Service) UpdateSavedReply(ctx context.Context, ws string, id int64, up SavedReplyUpdate) (model.SavedReply, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.SavedReply{}, err
	}
	var sr model.SavedReply
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if sr, err = q.GetSavedReply(ctx, w.ID, id); err != nil {
			return notFoundOr(err, "saved_reply")
		}
		for dst, v := range map[*string]*string{&sr.Name: up.Name, &sr.Lang: up.Lang, &sr.Body: up.Body} {
			if v != nil {
				*dst = *v
			}
		}
		if err := checkSaved(&sr); err != nil {
			return err
		}
		if err := q.UpdateSavedReply(ctx, &sr); err != nil {
			return savedConflict(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "saved_reply.update", "saved_reply", strconv.FormatInt(sr.ID, 10),
			map[string]any{"name": sr.Name}))
	})
	return sr, err
}

// DeleteSavedReply removes a saved reply (replies sent with it keep their
// text).
func (s *Service) DeleteSavedReply(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		sr, err := q.GetSavedReply(ctx, w.ID, id)
		if err != nil {
			return notFoundOr(err, "saved_reply")
		}
		if err := q.DeleteSavedReply(ctx, w.ID, id); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "saved_reply.delete", "saved_reply", strconv.FormatInt(id, 10),
			map[string]any{"name": sr.Name}))
	})
}

// --- Replies ---

// ReplyInput is a reply to send from a conversation.
type ReplyInput struct {
	Text string `json:"text"`
	// SavedReplyID fills the text from a saved reply when Text is empty.
	SavedReplyID int64 `json:"saved_reply_id"`
	// ChannelID picks the channel; by default the conversation's.
	ChannelID int64 `json:"channel_id"`
	// InReplyTo is the id of the item answered; by default the latest
	// item from the community.
	InReplyTo int64 `json:"in_reply_to"`
}

// newKey returns a fresh idempotency key: an AT Protocol TID, so that
// Bluesky can use it as the record key.
func (s *Service) newKey() string {
	s.mu.Lock()
	now := s.clock.Now().UnixMicro()
	if now <= s.lastKey {
		now = s.lastKey + 1
	}
	s.lastKey = now
	s.mu.Unlock()
	var b [2]byte
	rand.Read(b[:])
	return pubbluesky.TID(now, binary.BigEndian.Uint16(b[:]))
}

// replierFor opens the replier of a channel with its sealed credentials.
func (s *Service) replierFor(ch model.Channel) (Replier, error) {
	spec, ok := s.pubs.Lookup(ch.Type)
	if !ok {
		return nil, apperr.New(apperr.KindUnprocessable, "error.reply_unsupported", "replies through %s channels are not supported", ch.Type)
	}
	all := map[string]json.RawMessage{}
	json.Unmarshal(ch.Config, &all)
	if ch.Secrets != "" {
		b, err := s.box.Open(ch.Secrets)
		if err != nil {
			return nil, fmt.Errorf("open the channel's credentials: %w", err)
		}
		sec := map[string]json.RawMessage{}
		if err := json.Unmarshal(b, &sec); err != nil {
			return nil, fmt.Errorf("read the channel's credentials: %w", err)
		}
		for k, v := range sec {
			all[k] = v
		}
	}
	raw, _ := json.Marshal(all)
	return newReplier(spec, raw, s.deps)
}

// target picks the item answered: the one asked for, or the latest from
// the community.
func target(items []model.ConversationItem, itemID int64) (model.Item, bool) {
	var last *model.Item
	for i := range items {
		if itemID != 0 && items[i].ID == itemID {
			return items[i].Item, true
		}
		if itemID == 0 && items[i].Direction == "in" {
			last = &items[i].Item
		}
	}
	if last == nil {
		return model.Item{}, false
	}
	return *last, true
}

// Reply checks a reply against the channel's limits and queues it; a
// durable job sends it once.
func (s *Service) Reply(ctx context.Context, ws string, convID int64, in ReplyInput) (model.Reply, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Reply{}, err
	}
	uid, name := actorID(ctx)
	var rep model.Reply
	err = s.db.InTx(ctx, func(q *store.Q) error {
		c, err := s.conversation(ctx, q, w.ID, convID)
		if err != nil {
			return err
		}
		items, err := q.ConversationItems(ctx, c.ID)
		if err != nil {
			return apperr.Internal(err)
		}
		to, ok := target(items, in.InReplyTo)
		if !ok {
			return apperr.Invalid("in_reply_to", "error.reply_target", "is not an item of this conversation")
		}
		chID := in.ChannelID
		if chID == 0 && c.ChannelID != nil {
			chID = *c.ChannelID
		}
		if chID == 0 {
			return apperr.Invalid("channel_id", "error.reply_channel", "no channel of this workspace can answer on %s: connect one", c.Network)
		}
		ch, err := q.GetChannel(ctx, w.ID, chID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Invalid("channel_id", "error.reply_channel", "no channel of this workspace can answer on %s: connect one", c.Network)
		} else if err != nil {
			return apperr.Internal(err)
		}
		if ch.Type != c.Network {
			return apperr.Invalid("channel_id", "error.reply_channel_network", "a %s channel cannot answer on %s", ch.Type, c.Network)
		}
		body := strings.TrimSpace(in.Text)
		if body == "" && in.SavedReplyID != 0 {
			sr, err := q.GetSavedReply(ctx, w.ID, in.SavedReplyID)
			if err != nil {
				return apperr.Invalid("saved_reply_id", "error.saved_reply_missing", "is not a saved reply of this workspace")
			}
			body = Render(sr.Body, map[string]string{"author_name": firstNonEmpty(to.Author.Name, to.Author.Handle),
				"author_handle": to.Author.Handle, "agent_name": name, "workspace_name": w.Name})
		}
		r, err := s.replierFor(ch)
		if err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) {
				return err
			}
			return apperr.New(apperr.KindUnprocessable, "error.reply_channel_config", "the channel cannot be used: %s", err.Error())
		}
		body = r.Compose(Target{ExternalID: to.ExternalID, ThreadID: to.ThreadID, Author: to.Author.Handle}, body)
		if probs := r.Rules().Check(body); len(probs) > 0 {
			return apperr.Invalid("text", probs[0].Key, probs[0].Format, probs[0].Args...)
		}
		rep = model.Reply{WorkspaceID: w.ID, ConversationID: c.ID, ChannelID: ch.ID, InReplyTo: to.ExternalID, Text: body,
			Key: s.newKey(), AuthorName: name}
		if uid != 0 {
			rep.AuthorID = &uid
		}
		if err := q.InsertReply(ctx, &rep); err != nil {
			return apperr.Internal(err)
		}
		if _, _, err := s.jobs.Enqueue(ctx, q, ReplyJob, replyPayload{ReplyID: rep.ID},
			jobs.EnqueueOptions{UniqueKey: ReplyJob + ":" + strconv.FormatInt(rep.ID, 10), WorkspaceID: w.ID}); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "conversation.reply", "conversation", strconv.FormatInt(c.ID, 10),
			map[string]any{"reply_id": rep.ID, "channel_id": ch.ID}))
	})
	if err != nil {
		return rep, err
	}
	s.live.Publish(w.ID, Event{Type: "reply", Conversations: []int64{convID}})
	return rep, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

type replyPayload struct {
	ReplyID int64 `json:"reply_id"`
}

// replyJob sends one reply exactly once. Before the network call the reply
// moves to "sending" in a committed transaction; a job that finds it
// already sending knows an earlier attempt's outcome is unknown and asks
// the network (the same key on every attempt; a lookup by key or text)
// before sending again.
func (s *Service) replyJob(ctx context.Context, j model.Job) error {
	var p replyPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	rep, err := q.GetReply(ctx, 0, p.ReplyID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	switch rep.Status {
	case model.ReplySent, model.ReplyConfirmed, model.ReplyFailed:
		return nil
	}
	ch, err := q.GetChannel(ctx, rep.WorkspaceID, rep.ChannelID)
	if err != nil {
		return s.failReply(ctx, &rep, "the channel was deleted")
	}
	c, err := q.GetConversation(ctx, rep.WorkspaceID, rep.ConversationID)
	if err != nil {
		return err
	}
	// A reply stays private when the conversation is a direct one or
	// the item answered is a direct message (a private answer can join a
	// public thread): the items must be read to know.
	to := Target{ExternalID: rep.InReplyTo, Direct: c.Kind == model.ConvDM}
	items, err := q.ConversationItems(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.ExternalID == rep.InReplyTo {
			to.ThreadID, to.Author = it.ThreadID, it.Author.Handle
			to.Direct = to.Direct || it.Kind == model.KindMessage
		}
	}
	r, err := s.replierFor(ch)
	if err != nil {
		return s.failReply(ctx, &rep, err.Error())
	}
	if rep.Status == model.ReplySending {
		res, found, err := r.Find(ctx, to, rep.Text, rep.Key, rep.UpdatedAt)
		if connector.Classify(err) == connector.Permanent {
			return s.failReply(ctx, &rep, err.Error())
		}
		if err != nil {
			return err // cannot tell yet: try again later
		}
		if found {
			return s.replySent(ctx, &rep, res)
		}
	}
	rep.Status, rep.Attempts = model.ReplySending, rep.Attempts+1
	if err := q.UpdateReply(ctx, &rep); err != nil {
		return err
	}
	res, err := r.Reply(ctx, to, rep.Text, rep.Key)
	if err == nil {
		return s.replySent(ctx, &rep, res)
	}
	switch connector.Classify(err) {
	case connector.Permanent, connector.CredentialsExpired:
		return s.failReply(ctx, &rep, err.Error())
	case connector.RateLimited:
		rep.LastError = err.Error()
		q.UpdateReply(ctx, &rep)
		return jobs.Snooze(max(connector.RetryAfterOf(err), 30e9), "rate limited")
	}
	rep.LastError = err.Error()
	if j.Attempts >= j.MaxAttempts {
		return s.failReply(ctx, &rep, err.Error())
	}
	q.UpdateReply(ctx, &rep)
	return err
}

func (s *Service) failReply(ctx context.Context, rep *model.Reply, msg string) error {
	rep.Status, rep.LastError = model.ReplyFailed, msg
	if err := s.db.Q().UpdateReply(ctx, rep); err != nil {
		return err
	}
	s.live.Publish(rep.WorkspaceID, Event{Type: "reply", Conversations: []int64{rep.ConversationID}})
	return jobs.Permanent(errors.New(msg))
}

// replySent records the network's answer: the reply counts as a response
// of the conversation, which then waits on the community (pending).
func (s *Service) replySent(ctx context.Context, rep *model.Reply, res publisher.Result) error {
	err := s.db.InTx(ctx, func(q *store.Q) error {
		now := s.clock.Now().Truncate(time.Microsecond)
		rep.Status, rep.ExternalID, rep.URL, rep.SentAt, rep.LastError = model.ReplySent, res.ExternalID, res.URL, &now, ""
		if err := q.UpdateReply(ctx, rep); err != nil {
			return err
		}
		c, err := q.GetConversationForUpdate(ctx, rep.WorkspaceID, rep.ConversationID)
		if err != nil {
			return err
		}
		w, err := q.GetWorkspace(ctx, strconv.FormatInt(rep.WorkspaceID, 10))
		if err != nil {
			return err
		}
		cal, _, err := s.calendar(ctx, q, w)
		if err != nil {
			return err
		}
		recordResponse(&c, cal, now)
		if c.Status == model.ConvOpen {
			c.Status = model.ConvPending
		}
		if now.After(c.LastActivityAt) {
			c.LastActivityAt = now
		}
		return q.UpdateConversation(ctx, &c, "")
	})
	if err == nil {
		s.live.Publish(rep.WorkspaceID, Event{Type: "reply", Conversations: []int64{rep.ConversationID}})
	}
	return err
}
