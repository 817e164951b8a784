package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/feed"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// FeedJob is the kind of the durable job that polls an RSS-to-post feed.
const FeedJob = "publish.feed"

// FeedInterval is how often feeds are polled.
const FeedInterval = 15 * time.Minute

// DefaultFeedTemplate writes a post from an entry.
const DefaultFeedTemplate = "{title} {link}"

// FeedInput creates an RSS-to-post feed.
type FeedInput struct {
	URL      string  `json:"url"`
	Template string  `json:"template"`
	Channels []int64 `json:"channels"`
	Mode     string  `json:"mode"`
	Campaign string  `json:"campaign"`
}

// FeedEntry is what a template can use.
type FeedEntry struct {
	Title, Link, Summary string
}

// RenderFeedTemplate fills {title}, {link} and {summary} (the summary
// shortened to 200 characters); other text is kept as written.
func RenderFeedTemplate(tmpl string, e FeedEntry) string {
	summary := strings.Join(strings.Fields(e.Summary), " ")
	if utf8.RuneCountInString(summary) > 200 {
		summary = string([]rune(summary)[:199]) + "…"
	}
	r := strings.NewReplacer("{title}", strings.TrimSpace(e.Title), "{link}", e.Link, "{summary}", summary)
	return strings.TrimSpace(r.Replace(tmpl))
}

// feedKey names one planned poll of a feed (a feed has one poll planned
// at a time; the key keeps a retried enqueue from planning it twice).
func feedKey(id int64, at time.Time) string {
	return "publish.feed:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(at.Unix(), 10)
}

// CreateFeed adds a feed. Its current entries are read once and set aside:
// only entries published afterwards become posts.
func (s *Service) CreateFeed(ctx context.Context, ws string, in FeedInput) (model.PublishFeed, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return model.PublishFeed{}, err
	}
	if in.Template == "" {
		in.Template = DefaultFeedTemplate
	}
	if !strings.Contains(in.Template, "{title}") && !strings.Contains(in.Template, "{link}") && !strings.Contains(in.Template, "{summary}") {
		return model.PublishFeed{}, apperr.Invalid("template", "error.feed_template", "must use {title}, {link} or {summary}")
	}
	switch in.Mode {
	case "":
		in.Mode = "draft"
	case "draft", "schedule":
	default:
		return model.PublishFeed{}, apperr.Invalid("mode", "error.feed_mode", "must be draft or schedule")
	}
	if len(in.Channels) == 0 {
		return model.PublishFeed{}, apperr.Invalid("channels", "error.channels_required", "choose at least one channel")
	}
	for _, id := range in.Channels {
		c, err := s.db.Q().GetChannel(ctx, w.ID, id)
		if err != nil {
			return model.PublishFeed{}, apperr.Invalid("channels", "error.channel_unknown", "channel %d is not a channel of this workspace", id)
		}
		if in.Mode == "schedule" && len(c.Slots) == 0 {
			return model.PublishFeed{}, apperr.Invalid("mode", "error.no_slot", "channel %q has no free slot in its posting schedule", c.Name)
		}
	}
	cfg, _ := json.Marshal(feed.Config{URL: strings.TrimSpace(in.URL)})
	src, err := feed.New(cfg, s.deps)
	if err != nil {
		return model.PublishFeed{}, configError(err)
	}
	if err := fetch.CheckURL(ctx, s.fetchOpts, strings.TrimSpace(in.URL)); err != nil {
		return model.PublishFeed{}, apperr.Invalid("url", "error.url_refused", "%s", err.Error())
	}
	batch, err := src.Fetch(ctx, nil)
	if err != nil {
		return model.PublishFeed{}, apperr.New(apperr.KindUnprocessable, "error.feed_fetch", "cannot read the feed: %s", err.Error()).Wrap(err)
	}
	f := model.PublishFeed{WorkspaceID: w.ID, URL: strings.TrimSpace(in.URL), Template: in.Template, Channels: in.Channels, Mode: in.Mode,
		Campaign: strings.TrimSpace(in.Campaign), State: batch.State}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreatePublishFeed(ctx, &f); err != nil {
			return err
		}
		at := s.clock.Now().Add(FeedInterval)
		if _, _, err := s.jobs.Enqueue(ctx, q, FeedJob, map[string]int64{"feed_id": f.ID},
			jobs.EnqueueOptions{RunAt: at, UniqueKey: feedKey(f.ID, at), WorkspaceID: w.ID}); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "publish.feed_create", "feed", idStr(f.ID), map[string]any{"url": f.URL, "mode": f.Mode}))
	})
	if err != nil {
		return model.PublishFeed{}, apperr.Internal(err)
	}
	return f, nil
}

// Feeds lists the workspace's feeds.
func (s *Service) Feeds(ctx context.Context, ws string) ([]model.PublishFeed, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	fs, err := s.db.Q().ListPublishFeeds(ctx, w.ID)
	return fs, internalOrNil(err)
}

// DeleteFeed removes a feed; the posts it made stay.
func (s *Service) DeleteFeed(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		ok, err := q.DeletePublishFeed(ctx, w.ID, id)
		if err != nil {
			return apperr.Internal(err)
		}
		if !ok {
			return apperr.NotFound("feed")
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "publish.feed_delete", "feed", idStr(id), nil))
	})
}

// feedJob polls a feed: each new entry becomes a post (a draft, or each
// channel's next free slot), then the next poll is planned.
func (s *Service) feedJob(ctx context.Context, job model.Job) error {
	var pl struct {
		FeedID int64 `json:"feed_id"`
	}
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	f, err := q.GetPublishFeed(ctx, 0, pl.FeedID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted: no more polls
	}
	if err != nil {
		return err
	}
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(f.WorkspaceID, 10))
	if err != nil {
		return jobs.Permanent(err)
	}
	if _, err := s.pollFeed(ctx, w, f); err != nil && connector.Classify(err) == connector.Retryable {
		return err // retried with backoff by the queue
	}
	at := s.clock.Now().Add(FeedInterval).Truncate(time.Second)
	_, _, err = s.jobs.Enqueue(ctx, nil, FeedJob, map[string]int64{"feed_id": f.ID},
		jobs.EnqueueOptions{RunAt: at, UniqueKey: feedKey(f.ID, at), WorkspaceID: w.ID})
	return err
}

// pollFeed reads the new entries and creates their posts. The connector
// state moves on only with the posts created from it.
func (s *Service) pollFeed(ctx context.Context, w model.Workspace, f model.PublishFeed) (int, error) {
	cfg, _ := json.Marshal(feed.Config{URL: f.URL})
	src, err := feed.New(cfg, s.deps)
	if err != nil {
		s.db.Q().SavePublishFeedPoll(ctx, f.ID, nil, err.Error(), 0)
		return 0, err
	}
	batch, err := src.Fetch(ctx, f.State)
	if err != nil {
		s.db.Q().SavePublishFeedPoll(ctx, f.ID, nil, err.Error(), 0)
		return 0, err
	}
	n := 0
	var problems []string
	for i := len(batch.Items) - 1; i >= 0; i-- { // oldest first
		it := batch.Items[i]
		text := RenderFeedTemplate(f.Template, FeedEntry{Title: it.Title, Link: it.URL, Summary: it.Text})
		in := PostInput{Text: text, Channels: f.Channels, Campaign: f.Campaign}
		if f.Mode == "schedule" {
			in.Slot = "next"
		}
		if _, err := s.CreatePost(ctx, w.Slug, in); err != nil {
			problems = append(problems, fmt.Sprintf("%q: %s", it.Title, apperr.As(err).Msg))
			continue
		}
		n++
	}
	return n, s.db.Q().SavePublishFeedPoll(ctx, f.ID, batch.State, strings.Join(problems, "; "), n)
}
