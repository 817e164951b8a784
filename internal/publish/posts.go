package publish

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// PostInput creates a post.
type PostInput struct {
	Text     string   `json:"text"`
	Channels []int64  `json:"channels"`
	Variants Variants `json:"variants"`
	// ScheduledAt is an RFC 3339 time, or a wall-clock time in the
	// workspace's time zone (see ParseWhen). Slot "next" instead takes each
	// channel's next free slot of its weekly posting schedule.
	ScheduledAt string `json:"scheduled_at"`
	Slot        string `json:"slot"`
	// Media are ids of uploads (POST …/media), sent with every variant.
	Media    []int64 `json:"media"`
	Campaign string  `json:"campaign"`
	// Thread are follow-up parts, each published in reply to the one
	// before on every channel (channels whose network has no threads
	// refuse them).
	Thread []string `json:"thread"`
	Labels []string `json:"labels"`
	Notes  string   `json:"notes"`
}

// Variants gives per-channel texts, keyed by channel id.
type Variants map[string]VariantInput

// VariantInput is one channel's text; empty follows the post's text.
type VariantInput struct {
	Text string `json:"text"`
}

// PostUpdate changes a post; nil fields stay. ScheduledAt "" removes the
// time.
type PostUpdate struct {
	Text        *string   `json:"text"`
	Channels    *[]int64  `json:"channels"`
	Variants    Variants  `json:"variants"`
	ScheduledAt *string   `json:"scheduled_at"`
	Slot        *string   `json:"slot"`
	Media       *[]int64  `json:"media"`
	Campaign    *string   `json:"campaign"`
	Thread      *[]string `json:"thread"`
	Labels      *[]string `json:"labels"`
	Notes       *string   `json:"notes"`
}

// PostQuery filters the posts list.
type PostQuery struct {
	Status   string // comma-separated statuses
	Channel  int64
	Campaign string
	Label    string
	From     string
	Until    string
	Before   int64
	Limit    int
}

const maxText = 100000

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func actorUserID(ctx context.Context) *int64 {
	a := auth.ActorFrom(ctx)
	if a == nil || a.IsSystem() || a.User.ID == 0 {
		return nil
	}
	id := a.User.ID
	return &id
}

func (s *Service) loc(w model.Workspace) *time.Location {
	l, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		return time.UTC
	}
	return l
}

func notFoundPost(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFound("post")
	}
	return apperr.Internal(err)
}

// Posts lists a workspace's posts.
func (s *Service) Posts(ctx context.Context, ws string, pq PostQuery) ([]model.Post, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	f := store.PostFilter{WorkspaceID: w.ID, ChannelID: pq.Channel, Campaign: pq.Campaign, Label: strings.TrimSpace(pq.Label), Before: pq.Before, Limit: pq.Limit}
	for _, st := range strings.Split(pq.Status, ",") {
		if st = strings.TrimSpace(st); st != "" {
			if !validPostStatus(model.PostStatus(st)) {
				return nil, apperr.Invalid("status", "error.post_status", "unknown post status %q", st)
			}
			f.Statuses = append(f.Statuses, model.PostStatus(st))
		}
	}
	if pq.From != "" {
		if f.From, err = ParseWhen("from", pq.From, s.loc(w)); err != nil {
			return nil, err
		}
	}
	if pq.Until != "" {
		if f.Until, err = ParseWhen("until", pq.Until, s.loc(w)); err != nil {
			return nil, err
		}
	}
	posts, err := s.db.Q().ListPosts(ctx, f)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return posts, nil
}

func validPostStatus(st model.PostStatus) bool {
	switch st {
	case model.PostDraft, model.PostInReview, model.PostApproved, model.PostScheduled, model.PostPublishing,
		model.PostPublished, model.PostFailed, model.PostHeld, model.PostCancelled:
		return true
	}
	return false
}

// Post returns one post with its variants.
func (s *Service) Post(ctx context.Context, ws string, id int64) (model.Post, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.Post{}, err
	}
	p, err := s.db.Q().GetPost(ctx, w.ID, id)
	if err != nil {
		return model.Post{}, notFoundPost(err)
	}
	return p, nil
}

// Attempts returns the publication attempts of a post's variant.
func (s *Service) Attempts(ctx context.Context, ws string, postID int64) (map[string][]model.PublishAttempt, error) {
	p, err := s.Post(ctx, ws, postID)
	if err != nil {
		return nil, err
	}
	out := map[string][]model.PublishAttempt{}
	for _, v := range p.Variants {
		a, err := s.db.Q().ListAttempts(ctx, v.ID)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		out[idStr(v.ChannelID)] = a
	}
	return out, nil
}

func validateText(field, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", apperr.Invalid(field, "error.required", "is required")
	}
	if utf8.RuneCountInString(text) > maxText {
		return "", apperr.Invalid(field, "error.too_long", "must be at most %d characters", maxText)
	}
	return text, nil
}

// Limits of a thread and of labels.
const (
	maxThread   = 25
	maxLabels   = 10
	maxLabelLen = 40
)

// validateThread trims the follow-up parts; an empty part in the middle
// is an error (it would publish nothing), empty trailing parts are dropped.
func validateThread(parts []string) ([]string, error) {
	for len(parts) > 0 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > maxThread {
		return nil, apperr.Invalid("thread", "error.thread_too_long", "a thread has at most %d follow-ups", maxThread)
	}
	out := make([]string, 0, len(parts))
	for i, t := range parts {
		t, err := validateText("thread."+strconv.Itoa(i), t)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// validateLabels trims labels and drops repeats (ignoring case).
func validateLabels(labels []string) ([]string, error) {
	out := []string{}
	for _, l := range labels {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" || slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, l) }) {
			continue
		}
		if utf8.RuneCountInString(l) > maxLabelLen {
			return nil, apperr.Invalid("labels", "error.label_too_long", "a label has at most %d characters", maxLabelLen)
		}
		out = append(out, l)
	}
	if len(out) > maxLabels {
		return nil, apperr.Invalid("labels", "error.too_many_labels", "a post has at most %d labels", maxLabels)
	}
	return out, nil
}

// plan is a post's channels and the text of each, checked against the
// channels' rules.
type plan struct {
	channels map[int64]model.Channel
	order    []int64
	texts    map[int64]string
	custom   map[int64]bool
}

// tracking says how links will be rewritten when published, so that the
// rules are checked against the text as it will go out.
type tracking struct {
	settings model.PublishSettings
	campaign string
	media    []model.Media
	thread   []string
}

func (s *Service) makePlan(ctx context.Context, q *store.Q, wsID int64, base string, channelIDs []int64, variants Variants, keep map[int64]string, tr tracking) (plan, error) {
	pl := plan{channels: map[int64]model.Channel{}, texts: map[int64]string{}, custom: map[int64]bool{}}
	if len(channelIDs) == 0 {
		return pl, apperr.Invalid("channels", "error.channels_required", "choose at least one channel")
	}
	for _, id := range channelIDs {
		if _, dup := pl.channels[id]; dup {
			continue
		}
		c, err := q.GetChannel(ctx, wsID, id)
		if errors.Is(err, store.ErrNotFound) {
			return pl, apperr.Invalid("channels", "error.channel_unknown", "channel %d is not a channel of this workspace", id)
		}
		if err != nil {
			return pl, apperr.Internal(err)
		}
		pl.channels[id] = c
		pl.order = append(pl.order, id)
		pl.texts[id] = base
		if t, ok := keep[id]; ok {
			pl.texts[id], pl.custom[id] = t, true
		}
	}
	for key, vi := range variants {
		id, err := strconv.ParseInt(key, 10, 64)
		if _, ok := pl.channels[id]; err != nil || !ok {
			return pl, apperr.Invalid("variants."+key, "error.variant_channel", "is not one of the post's channels")
		}
		if strings.TrimSpace(vi.Text) == "" {
			pl.texts[id], pl.custom[id] = base, false
			continue
		}
		t, err := validateText("variants."+key+".text", vi.Text)
		if err != nil {
			return pl, err
		}
		pl.texts[id], pl.custom[id] = t, true
	}
	for _, id := range pl.order {
		c := pl.channels[id]
		p, err := s.publisherFor(c)
		if err != nil {
			return pl, apperr.Internal(err)
		}
		out, _ := TrackLinks(pl.texts[id], s.linkOptions(tr.settings, c.Type, tr.campaign, "check"))
		if probs := p.Rules().Check(out); len(probs) > 0 {
			pr := probs[0]
			return pl, apperr.Invalid("variants."+idStr(id)+".text", pr.Key, pr.Format, pr.Args...)
		}
		if r := p.Rules(); len(tr.media) > 0 && r.MaxLengthWithMedia > 0 {
			if n := r.Length(out); n > r.MaxLengthWithMedia {
				return pl, apperr.Invalid("variants."+idStr(id)+".text", "error.post_too_long_media", "with attachments the text counts %d characters; the limit is %d", n, r.MaxLengthWithMedia)
			}
		}
		if len(tr.thread) > 0 && !p.Rules().Threads {
			return pl, apperr.Invalid("thread", "error.thread_unsupported", "%s: this network does not publish threads", c.Name)
		}
		for i, part := range tr.thread {
			out, _ := TrackLinks(part, s.linkOptions(tr.settings, c.Type, tr.campaign, "check"))
			if probs := p.Rules().Check(out); len(probs) > 0 {
				pr := probs[0]
				pr.Format = "%s: " + pr.Format
				return pl, apperr.Invalid("thread."+strconv.Itoa(i), pr.Key, pr.Format, append([]any{c.Name}, pr.Args...)...)
			}
		}
		if probs := p.Rules().CheckMedia(mediaInfo(tr.media)); len(probs) > 0 {
			pr := probs[0]
			pr.Format = "%s: " + pr.Format
			return pl, apperr.Invalid("media", pr.Key, pr.Format, append([]any{c.Name}, pr.Args...)...)
		}
	}
	return pl, nil
}

// times works out when each channel's variant goes out: one time for all,
// or each channel's next free slot.
func (s *Service) times(ctx context.Context, q *store.Q, w model.Workspace, when, slot string, pl plan) (map[int64]time.Time, *time.Time, error) {
	now := s.clock.Now()
	switch {
	case when != "" && slot != "":
		return nil, nil, apperr.Invalid("slot", "error.when_and_slot", "give scheduled_at or slot, not both")
	case slot != "" && slot != "next":
		return nil, nil, apperr.Invalid("slot", "error.slot_value", "must be \"next\"")
	case when != "":
		t, err := ParseWhen("scheduled_at", when, s.loc(w))
		if err != nil {
			return nil, nil, err
		}
		if t.Before(now.Add(-time.Minute)) {
			return nil, nil, apperr.Invalid("scheduled_at", "error.when_past", "is in the past")
		}
		out := map[int64]time.Time{}
		for _, id := range pl.order {
			out[id] = t
		}
		return out, &t, nil
	case slot == "next":
		out := map[int64]time.Time{}
		var first *time.Time
		for _, id := range pl.order {
			c := pl.channels[id]
			busy, err := q.ChannelBusyTimes(ctx, c.ID, now, now.Add(9*7*24*time.Hour))
			if err != nil {
				return nil, nil, apperr.Internal(err)
			}
			t, ok := NextSlot(c.Slots, s.loc(w), now, busy)
			if !ok {
				return nil, nil, apperr.Invalid("slot", "error.no_slot", "channel %q has no free slot in its posting schedule", c.Name)
			}
			out[id] = t
			if first == nil || t.Before(*first) {
				tt := t
				first = &tt
			}
		}
		return out, first, nil
	}
	return nil, nil, nil
}

// CreatePost creates a post. With a time, a manager's post in a workspace
// that does not require approval is scheduled at once; otherwise it goes to
// review. Without a time it is a draft.
func (s *Service) CreatePost(ctx context.Context, ws string, in PostInput) (model.Post, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Post{}, err
	}
	text, err := validateText("text", in.Text)
	if err != nil {
		return model.Post{}, err
	}
	thread, err := validateThread(in.Thread)
	if err != nil {
		return model.Post{}, err
	}
	labels, err := validateLabels(in.Labels)
	if err != nil {
		return model.Post{}, err
	}
	var p model.Post
	err = s.db.InTx(ctx, func(q *store.Q) error {
		settings, err := q.GetPublishSettings(ctx, w.ID)
		if err != nil {
			return apperr.Internal(err)
		}
		media, err := loadMedia(ctx, q, w.ID, in.Media)
		if err != nil {
			return err
		}
		pl, err := s.makePlan(ctx, q, w.ID, text, in.Channels, in.Variants, nil, tracking{settings, strings.TrimSpace(in.Campaign), media, thread})
		if err != nil {
			return err
		}
		at, first, err := s.times(ctx, q, w, in.ScheduledAt, in.Slot, pl)
		if err != nil {
			return err
		}
		p = model.Post{WorkspaceID: w.ID, Text: text, Thread: thread, Labels: labels, Campaign: strings.TrimSpace(in.Campaign), Notes: in.Notes, Status: model.PostDraft,
			ScheduledAt: first, CreatedBy: actorUserID(ctx)}
		switch {
		case first == nil:
		case w.Role.AtLeast(model.RoleManager) && !settings.RequireApproval:
			p.Status, p.ApprovedBy = model.PostScheduled, actorUserID(ctx)
		default:
			p.Status = model.PostInReview
		}
		if err := q.CreatePost(ctx, &p); err != nil {
			return apperr.Internal(err)
		}
		if err := q.SetPostMedia(ctx, p.ID, in.Media); err != nil {
			return apperr.Internal(err)
		}
		for _, id := range pl.order {
			v := model.Variant{PostID: p.ID, WorkspaceID: w.ID, ChannelID: id, Text: pl.texts[id], Custom: pl.custom[id],
				Status: model.VariantPending, IdempotencyKey: s.newKey()}
			if err := q.CreateVariant(ctx, &v); err != nil {
				return apperr.Internal(err)
			}
			if p.Status == model.PostScheduled {
				t := at[id]
				if err := s.scheduleVariant(ctx, q, w.ID, v.ID, t); err != nil {
					return err
				}
			}
		}
		if p.Status == model.PostInReview {
			if err := s.enqueueNotify(ctx, q, w.ID, p.ID, eventReview, ""); err != nil {
				return apperr.Internal(err)
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "post.create", "post", idStr(p.ID), map[string]any{"status": p.Status, "channels": pl.order}))
	})
	if err != nil {
		return model.Post{}, err
	}
	return s.Post(ctx, ws, p.ID)
}

// scheduleVariant sets a variant's time and makes sure one live job will
// publish it then.
func (s *Service) scheduleVariant(ctx context.Context, q *store.Q, wsID, variantID int64, at time.Time) error {
	changed, err := q.ScheduleVariant(ctx, variantID, model.VariantScheduled, &at)
	if err != nil {
		return apperr.Internal(err)
	}
	if !changed {
		return nil // publishing or published: its job owns it
	}
	key := jobKey(variantID)
	_, inserted, err := s.jobs.Enqueue(ctx, q, PublishJob, jobPayload{VariantID: variantID}, jobsOptions(wsID, key, at))
	if err != nil || inserted {
		return internalOrNil(err)
	}
	if ok, err := q.RescheduleJob(ctx, key, at); err != nil || ok {
		return internalOrNil(err)
	}
	// The live job is running (its handler sees the new time and snoozes)
	// or failed: a failed one is replaced.
	j, err := q.GetJobByUniqueKey(ctx, key)
	if err != nil {
		return internalOrNil(err)
	}
	if j.State == model.JobFailed {
		if _, err := q.CancelJob(ctx, j.ID); err != nil {
			return apperr.Internal(err)
		}
		_, _, err = s.jobs.Enqueue(ctx, q, PublishJob, jobPayload{VariantID: variantID}, jobsOptions(wsID, key, at))
	}
	return internalOrNil(err)
}

func internalOrNil(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}

// transition loads a post for a state change, checks the actor's role and
// the post's status, applies fn and records the change in the audit log.
func (s *Service) transition(ctx context.Context, ws string, id int64, min model.Role, action string, from []model.PostStatus,
	fn func(q *store.Q, w model.Workspace, p *model.Post, settings model.PublishSettings) error) (model.Post, error) {
	w, err := s.ws.Authorize(ctx, ws, min)
	if err != nil {
		return model.Post{}, err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		p, err := q.GetPost(ctx, w.ID, id)
		if err != nil {
			return notFoundPost(err)
		}
		if from != nil && !slices.Contains(from, p.Status) {
			return apperr.Conflict("status", "error.post_state", "cannot %s a post that is %s", strings.ReplaceAll(action, "_", " "), p.Status).WithCode("post_state")
		}
		settings, err := q.GetPublishSettings(ctx, w.ID)
		if err != nil {
			return apperr.Internal(err)
		}
		before := p.Status
		if err := fn(q, w, &p, settings); err != nil {
			return err
		}
		if p.Status == model.PostInReview && before != model.PostInReview {
			if err := s.enqueueNotify(ctx, q, w.ID, p.ID, eventReview, ""); err != nil {
				return apperr.Internal(err)
			}
		}
		details := map[string]any{"from": before, "to": p.Status}
		if p.ReviewComment != "" && action == "reject" {
			details["comment"] = p.ReviewComment
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "post."+action, "post", idStr(p.ID), details))
	})
	if err != nil {
		return model.Post{}, err
	}
	return s.Post(ctx, ws, id)
}

// Submit sends a draft for review.
func (s *Service) Submit(ctx context.Context, ws string, id int64) (model.Post, error) {
	return s.transition(ctx, ws, id, model.RoleEditor, "submit", []model.PostStatus{model.PostDraft},
		func(q *store.Q, w model.Workspace, p *model.Post, _ model.PublishSettings) error {
			p.Status, p.ReviewComment = model.PostInReview, ""
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// Approve approves a post in review; with a time it is scheduled (at once
// if the time passed during the review).
func (s *Service) Approve(ctx context.Context, ws string, id int64) (model.Post, error) {
	return s.transition(ctx, ws, id, model.RoleManager, "approve", []model.PostStatus{model.PostInReview},
		func(q *store.Q, w model.Workspace, p *model.Post, _ model.PublishSettings) error {
			p.Status, p.ApprovedBy, p.ReviewComment = model.PostApproved, actorUserID(ctx), ""
			if p.ScheduledAt != nil {
				if err := s.scheduleAll(ctx, q, p, nil); err != nil {
					return err
				}
			}
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// Reject sends a post in review back to draft with a comment.
func (s *Service) Reject(ctx context.Context, ws string, id int64, comment string) (model.Post, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return model.Post{}, apperr.Invalid("comment", "error.required", "is required")
	}
	return s.transition(ctx, ws, id, model.RoleManager, "reject", []model.PostStatus{model.PostInReview},
		func(q *store.Q, w model.Workspace, p *model.Post, _ model.PublishSettings) error {
			p.Status, p.ReviewComment = model.PostDraft, comment
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// PublishNow publishes a post's variants that have not gone out, now.
// Held posts (crisis) are released this way once the crisis is over.
func (s *Service) PublishNow(ctx context.Context, ws string, id int64) (model.Post, error) {
	return s.transition(ctx, ws, id, model.RoleManager, "publish_now",
		[]model.PostStatus{model.PostDraft, model.PostInReview, model.PostApproved, model.PostScheduled, model.PostHeld, model.PostFailed},
		func(q *store.Q, w model.Workspace, p *model.Post, settings model.PublishSettings) error {
			if settings.RequireApproval && (p.Status == model.PostDraft || p.Status == model.PostInReview) {
				return apperr.Conflict("status", "error.needs_approval", "this workspace requires approval before publishing").WithCode("post_state")
			}
			if c, err := q.GetCrisis(ctx, w.ID); err != nil {
				return apperr.Internal(err)
			} else if c.Active {
				return apperr.Conflict("status", "error.crisis_active", "crisis mode is on: publishing is held").WithCode("crisis")
			}
			now := s.clock.Now().UTC()
			p.ScheduledAt = &now
			if p.ApprovedBy == nil {
				p.ApprovedBy = actorUserID(ctx)
			}
			if err := s.scheduleAll(ctx, q, p, nil); err != nil {
				return err
			}
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// Cancel stops a post: its variants that have not gone out never will.
func (s *Service) Cancel(ctx context.Context, ws string, id int64) (model.Post, error) {
	return s.transition(ctx, ws, id, model.RoleEditor, "cancel",
		[]model.PostStatus{model.PostDraft, model.PostInReview, model.PostApproved, model.PostScheduled, model.PostHeld, model.PostFailed},
		func(q *store.Q, w model.Workspace, p *model.Post, _ model.PublishSettings) error {
			if !w.Role.AtLeast(model.RoleManager) && p.Status != model.PostDraft && p.Status != model.PostInReview {
				return apperr.Forbidden()
			}
			if _, err := q.CancelVariants(ctx, p.ID); err != nil {
				return apperr.Internal(err)
			}
			p.Status = model.PostCancelled
			if sts, err := q.VariantStatuses(ctx, p.ID); err == nil && slices.Contains(sts, model.VariantPublished) {
				p.Status = model.PostPublished // partly out already: what went out stays visible
			}
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// scheduleAll schedules every variant of p that has not gone out, at
// times[channel] or p.ScheduledAt (or now, if that has passed), and sets
// the post scheduled.
func (s *Service) scheduleAll(ctx context.Context, q *store.Q, p *model.Post, times map[int64]time.Time) error {
	now := s.clock.Now()
	for _, v := range p.Variants {
		if v.Status == model.VariantPublished || v.Status == model.VariantPublishing {
			continue
		}
		at := *p.ScheduledAt
		if t, ok := times[v.ChannelID]; ok {
			at = t
		}
		if at.Before(now) {
			at = now
		}
		if err := s.scheduleVariant(ctx, q, p.WorkspaceID, v.ID, at); err != nil {
			return err
		}
	}
	p.Status = model.PostScheduled
	return nil
}

// UpdatePost edits a post that has not gone out. Editors edit drafts and
// posts in review; managers edit any post not yet published, and a new
// time reschedules it (this is how a held post is rescheduled).
func (s *Service) UpdatePost(ctx context.Context, ws string, id int64, up PostUpdate) (model.Post, error) {
	return s.transition(ctx, ws, id, model.RoleEditor, "update",
		[]model.PostStatus{model.PostDraft, model.PostInReview, model.PostApproved, model.PostScheduled, model.PostHeld, model.PostFailed},
		func(q *store.Q, w model.Workspace, p *model.Post, settings model.PublishSettings) error {
			manager := w.Role.AtLeast(model.RoleManager)
			if !manager && p.Status != model.PostDraft && p.Status != model.PostInReview {
				return apperr.Forbidden()
			}
			if up.Text != nil {
				t, err := validateText("text", *up.Text)
				if err != nil {
					return err
				}
				p.Text = t
			}
			if up.Campaign != nil {
				p.Campaign = strings.TrimSpace(*up.Campaign)
			}
			if up.Notes != nil {
				p.Notes = *up.Notes
			}
			if up.Thread != nil {
				t, err := validateThread(*up.Thread)
				if err != nil {
					return err
				}
				for _, v := range p.Variants {
					if len(v.Parts) > 0 && !slices.Equal(t, p.Thread) {
						return apperr.Conflict("thread", "error.thread_started", "the thread is already partly published on %q; it cannot change", v.ChannelName)
					}
				}
				p.Thread = t
			}
			if up.Labels != nil {
				l, err := validateLabels(*up.Labels)
				if err != nil {
					return err
				}
				p.Labels = l
			}
			channelIDs := make([]int64, 0, len(p.Variants))
			keep := map[int64]string{}
			byChannel := map[int64]model.Variant{}
			for _, v := range p.Variants {
				channelIDs = append(channelIDs, v.ChannelID)
				byChannel[v.ChannelID] = v
				if v.Custom {
					keep[v.ChannelID] = v.Text
				}
			}
			if up.Channels != nil {
				channelIDs = *up.Channels
			}
			media := p.Media
			if up.Media != nil {
				var err error
				if media, err = loadMedia(ctx, q, w.ID, *up.Media); err != nil {
					return err
				}
				if err := q.SetPostMedia(ctx, p.ID, *up.Media); err != nil {
					return apperr.Internal(err)
				}
			}
			pl, err := s.makePlan(ctx, q, w.ID, p.Text, channelIDs, up.Variants, keep, tracking{settings, p.Campaign, media, p.Thread})
			if err != nil {
				return err
			}
			// Variants: update, add, remove.
			for _, cid := range pl.order {
				if v, ok := byChannel[cid]; ok {
					if v.Status == model.VariantPublished || v.Status == model.VariantPublishing {
						continue
					}
					if err := q.UpdateVariantText(ctx, v.ID, pl.texts[cid], pl.custom[cid]); err != nil {
						return apperr.Internal(err)
					}
					continue
				}
				v := model.Variant{PostID: p.ID, WorkspaceID: w.ID, ChannelID: cid, Text: pl.texts[cid], Custom: pl.custom[cid],
					Status: model.VariantPending, IdempotencyKey: s.newKey()}
				if err := q.CreateVariant(ctx, &v); err != nil {
					return apperr.Internal(err)
				}
			}
			for cid, v := range byChannel {
				if _, ok := pl.channels[cid]; ok {
					continue
				}
				if v.Attempts > 0 {
					return apperr.Conflict("channels", "error.variant_attempted", "the post was already sent to channel %q; it cannot be removed", v.ChannelName)
				}
				if err := q.DeleteVariant(ctx, v.ID); err != nil {
					return apperr.Internal(err)
				}
			}
			if p.Variants, err = q.ListVariants(ctx, p.ID); err != nil {
				return apperr.Internal(err)
			}
			// Time.
			var times map[int64]time.Time
			timeChanged := false
			if up.ScheduledAt != nil || up.Slot != nil {
				when, slot := "", ""
				if up.ScheduledAt != nil {
					when = *up.ScheduledAt
				}
				if up.Slot != nil {
					slot = *up.Slot
				}
				var first *time.Time
				if times, first, err = s.times(ctx, q, w, when, slot, pl); err != nil {
					return err
				}
				p.ScheduledAt, timeChanged = first, true
			}
			switch {
			case p.ScheduledAt == nil && (p.Status == model.PostScheduled || p.Status == model.PostHeld):
				for _, v := range p.Variants {
					if _, err := q.ScheduleVariant(ctx, v.ID, model.VariantPending, nil); err != nil {
						return apperr.Internal(err)
					}
				}
				p.Status = model.PostApproved
			case p.ScheduledAt != nil && (p.Status == model.PostScheduled || p.Status == model.PostHeld || p.Status == model.PostFailed ||
				p.Status == model.PostApproved || (p.Status == model.PostDraft && manager && !settings.RequireApproval)):
				if timeChanged || p.Status != model.PostScheduled || up.Channels != nil {
					if err := s.scheduleAll(ctx, q, p, times); err != nil {
						return err
					}
				}
				if p.ApprovedBy == nil {
					p.ApprovedBy = actorUserID(ctx)
				}
			case p.ScheduledAt != nil && p.Status == model.PostDraft && timeChanged:
				p.Status = model.PostInReview
			}
			return internalOrNil(q.UpdatePost(ctx, p))
		})
}

// DeletePost deletes a post that never went out anywhere.
func (s *Service) DeletePost(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		p, err := q.GetPost(ctx, w.ID, id)
		if err != nil {
			return notFoundPost(err)
		}
		if !w.Role.AtLeast(model.RoleManager) && p.Status != model.PostDraft && p.Status != model.PostInReview {
			return apperr.Forbidden()
		}
		for _, v := range p.Variants {
			if v.Attempts > 0 || v.Status == model.VariantPublished || v.Status == model.VariantPublishing {
				return apperr.Conflict("status", "error.post_sent", "the post was sent to %q; cancel it instead of deleting it", v.ChannelName).WithCode("post_state")
			}
		}
		if _, err := q.DeletePost(ctx, w.ID, p.ID); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "post.delete", "post", idStr(p.ID), map[string]any{"status": p.Status}))
	})
}

// Settings returns a workspace's publishing settings.
func (s *Service) Settings(ctx context.Context, ws string) (model.PublishSettings, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.PublishSettings{}, err
	}
	st, err := s.db.Q().GetPublishSettings(ctx, w.ID)
	return st, internalOrNil(err)
}

// SettingsUpdate changes the publishing settings.
type SettingsUpdate struct {
	RequireApproval *bool `json:"require_approval"`
	UTM             *bool `json:"utm"`
	ShortLinks      *bool `json:"short_links"`
}

// UpdateSettings changes the publishing settings (admins and owners).
func (s *Service) UpdateSettings(ctx context.Context, ws string, up SettingsUpdate) (model.PublishSettings, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleAdmin)
	if err != nil {
		return model.PublishSettings{}, err
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if up.RequireApproval != nil {
			if err := q.SetRequireApproval(ctx, w.ID, *up.RequireApproval); err != nil {
				return err
			}
		}
		if up.UTM != nil || up.ShortLinks != nil {
			cur, err := q.GetPublishSettings(ctx, w.ID)
			if err != nil {
				return err
			}
			utm, short := cur.UTM, cur.ShortLinks
			if up.UTM != nil {
				utm = *up.UTM
			}
			if up.ShortLinks != nil {
				short = *up.ShortLinks
			}
			if err := q.SetLinkSettings(ctx, w.ID, utm, short); err != nil {
				return err
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "publish.settings", "workspace", idStr(w.ID),
			map[string]any{"require_approval": up.RequireApproval, "utm": up.UTM, "short_links": up.ShortLinks}))
	})
	if err != nil {
		return model.PublishSettings{}, apperr.Internal(err)
	}
	return s.Settings(ctx, ws)
}
