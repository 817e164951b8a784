package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/store"
)

type jobPayload struct {
	VariantID int64 `json:"variant_id"`
}

func jobKey(variantID int64) string { return "publish.variant:" + strconv.FormatInt(variantID, 10) }

func jobsOptions(wsID int64, key string, at time.Time) jobs.EnqueueOptions {
	return jobs.EnqueueOptions{RunAt: at, UniqueKey: key, WorkspaceID: wsID}
}

// Attempt outcomes recorded in publish_attempts.
const (
	outcomeStarted   = "started"   // written before the call; stays if the process dies
	outcomePublished = "published" // the network answered with the post
	outcomeRecovered = "recovered" // an earlier attempt had gone out; found on the network
	outcomeRetry     = "retry"     // the network refused or was unreachable: not published
	outcomeUnknown   = "unknown"   // the request may have reached the network
	outcomeFailed    = "failed"
	outcomeHeld      = "held"
	// outcomePart: one part of a thread went out; the next one follows.
	outcomePart = "part_published"
)

// publishJob publishes one variant. See the package documentation for
// why it is exactly once.
func (s *Service) publishJob(ctx context.Context, job model.Job) error {
	var pl jobPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil || pl.VariantID == 0 {
		return jobs.Permanent(fmt.Errorf("bad payload %s", job.Payload))
	}
	var (
		v         model.Variant
		ch        model.Channel
		attemptID int64
		attempt   int
		unsure    bool // an earlier attempt may have gone out
		since     time.Time
		stop      error // set to end the job without calling the network
		held      bool  // the variant was held (crisis)
		outText   string
		outMedia  []publisher.Media
		part      int // the part of the thread to publish: 0 is the post itself
		parts     int // how many parts the variant has
		replyTo   string
		done      = errors.New("done")
	)
	err := s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		v, err = q.GetVariantForPublish(ctx, pl.VariantID)
		if errors.Is(err, store.ErrNotFound) {
			return done // the post was deleted
		}
		if err != nil {
			return err
		}
		switch v.Status {
		case model.VariantScheduled:
			if v.ScheduledAt != nil {
				if wait := v.ScheduledAt.Sub(s.clock.Now()); wait > time.Second {
					stop = jobs.Snooze(wait, "rescheduled")
					return done
				}
			}
		case model.VariantPublishing:
			unsure = true
			if since, err = q.LastAttemptStart(ctx, v.ID); err != nil {
				return err
			}
			last, err := q.ListAttempts(ctx, v.ID)
			if err != nil {
				return err
			}
			if n := len(last); n > 0 && (last[n-1].Outcome == outcomeRetry || last[n-1].Outcome == outcomePart) {
				// The last attempt was refused (nothing went out) or
				// published a part of a thread (recorded): nothing is in doubt.
				unsure = false
			}
		default:
			return done // published, failed, cancelled, held or pending: nothing to do
		}
		if ch, err = q.GetChannel(ctx, v.WorkspaceID, v.ChannelID); err != nil {
			return err
		}
		crisis, err := q.GetCrisis(ctx, v.WorkspaceID)
		if err != nil {
			return err
		}
		if crisis.Active && !unsure {
			if v.Status == model.VariantPublishing {
				if _, err := q.SetVariantOutcome(ctx, v.ID, model.VariantScheduled, ""); err != nil {
					return err
				}
			}
			if _, err := q.HoldVariant(ctx, v.ID, "crisis mode: "+crisis.Reason); err != nil {
				return err
			}
			if err := s.refreshPost(ctx, q, v.PostID); err != nil {
				return err
			}
			if err := q.InsertAudit(ctx, auth.AuditEntry(ctx, v.WorkspaceID, "post.hold", "post", idStr(v.PostID),
				map[string]any{"channel": ch.Name, "reason": crisis.Reason})); err != nil {
				return err
			}
			held = true
			return nil // commit the hold
		}
		// The network's posting limit: wait for a slot before anything
		// is recorded (the wait counts no attempt).
		if p, err := s.publisherFor(ch); err == nil {
			wait, err := s.postingWait(ctx, q, ch.ID, p.Rules().Rate)
			if err != nil {
				return err
			}
			if wait > 0 {
				stop = jobs.Snooze(wait, "posting limit of channel "+ch.Name)
				return done
			}
		}
		var ok bool
		attemptID, attempt, ok, err = q.BeginVariantAttempt(ctx, v.ID)
		if err != nil {
			return err
		}
		if !ok {
			return done
		}
		// The text as it goes out: tracked links, their short codes
		// recorded with the attempt (the same on every retry).
		settings, err := q.GetPublishSettings(ctx, v.WorkspaceID)
		if err != nil {
			return err
		}
		post, err := q.GetPost(ctx, v.WorkspaceID, v.PostID)
		if err != nil {
			return err
		}
		media, err := q.PostMedia(ctx, v.PostID, true)
		if err != nil {
			return err
		}
		part, parts = len(v.Parts), 1+len(post.Thread)
		text := v.Text
		if part > 0 {
			if part >= parts {
				return fmt.Errorf("variant %d has %d parts published of %d", v.ID, part, parts)
			}
			text, replyTo = post.Thread[part-1], v.Parts[part-1].ExternalID
			media = nil // attachments go with the first part
		}
		for _, m := range media {
			outMedia = append(outMedia, publisher.Media{MIME: m.MIME, Alt: m.Alt, Data: m.Data})
		}
		var links []Link
		outText, links = TrackLinks(text, s.linkOptions(settings, ch.Type, post.Campaign, v.IdempotencyKey))
		for _, l := range links {
			if l.Code != "" {
				if err := q.EnsureShortLink(ctx, v.WorkspaceID, v.PostID, v.ID, l.Code, l.Tracked); err != nil {
					return err
				}
			}
		}
		return s.refreshPost(ctx, q, v.PostID)
	})
	if errors.Is(err, done) {
		return stop
	}
	if err != nil || held {
		return err
	}

	p, err := s.publisherFor(ch)
	if err != nil {
		return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, jobs.Permanent(err), outcomeFailed)
	}
	spec, _ := s.registry.Lookup(ch.Type)
	content := publisher.Content{Text: outText, Media: outMedia, ReplyTo: replyTo}
	key := PartKey(spec, v.IdempotencyKey, part)
	if unsure {
		if f, ok := p.(publisher.Finder); ok {
			res, found, ferr := f.Find(ctx, content, key, since)
			if ferr == nil && found {
				return s.next(ctx, job, part, parts, s.finish(ctx, v, ch, attemptID, part, parts, res, nil, outcomeRecovered))
			}
			if ferr != nil {
				// Cannot tell yet: try again later, still unsure.
				return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, ferr, outcomeUnknown)
			}
		} else if spec.Retry == publisher.Unsafe {
			err := fmt.Errorf("attempt %d was interrupted and %s cannot tell whether it went out; check the channel, then publish again or cancel", attempt-1, ch.Type)
			return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, jobs.Permanent(err), outcomeFailed)
		}
	}
	res, err := p.Publish(ctx, content, key)
	if err == nil {
		return s.next(ctx, job, part, parts, s.finish(ctx, v, ch, attemptID, part, parts, res, nil, outcomePublished))
	}
	outcome := outcomeRetry
	if !refused(err) {
		outcome = outcomeUnknown
		if spec.Retry == publisher.Unsafe {
			err = fmt.Errorf("%w; the network may have published it: check the channel, then publish again or cancel", err)
			return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, jobs.Permanent(err), outcomeFailed)
		}
	}
	if job.Attempts >= job.MaxAttempts && connector.Classify(err) != connector.RateLimited {
		return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, jobs.Permanent(fmt.Errorf("gave up after %d attempts: %w", job.Attempts, err)), outcomeFailed)
	}
	return s.finish(ctx, v, ch, attemptID, part, parts, publisher.Result{}, err, outcome)
}

// postingWait says how long a channel must wait before its next send to
// keep to the network's posting limit: a sliding window over the
// channel's attempts in the database, so that every process and every
// restart counts the same sends. The channel is locked until the
// transaction ends, so two processes cannot both take the last place.
func (s *Service) postingWait(ctx context.Context, q *store.Q, channelID int64, r publisher.Rate) (time.Duration, error) {
	if r.N <= 0 || r.Per <= 0 {
		return 0, nil
	}
	if err := q.LockChannel(ctx, channelID); err != nil {
		return 0, err
	}
	now := s.clock.Now()
	sends, err := q.ChannelSends(ctx, channelID, now.Add(-r.Per), 100000)
	if err != nil || len(sends) < r.N {
		return 0, err
	}
	// The window has room again when the send N places from the end
	// leaves it.
	return max(sends[len(sends)-r.N].Add(r.Per).Sub(now), time.Millisecond), nil
}

// next goes on with a thread's next part once part went out (err is how
// recording it went).
func (s *Service) next(ctx context.Context, job model.Job, part, parts int, err error) error {
	if err != nil || part+1 >= parts {
		return err
	}
	return s.publishJob(ctx, job)
}

// PartKey is the idempotency key of a thread's part: the variant's own
// key for the first part, a key derived from it for each follow-up, the
// same on every attempt. Networks that use the key as a record key say
// how to derive one (Spec.PartKey).
func PartKey(spec publisher.Spec, key string, part int) string {
	if part == 0 {
		return key
	}
	if spec.PartKey != nil {
		return spec.PartKey(key, part)
	}
	return key + "-" + strconv.Itoa(part)
}

// refused reports whether err says for sure that nothing was published:
// the network answered with an error status, or no connection was made.
// Timeouts, cut connections and unreadable success answers are not sure.
func refused(err error) bool {
	switch connector.Classify(err) {
	case connector.RateLimited, connector.CredentialsExpired, connector.Permanent:
		return true
	}
	var ce *connector.Error
	if errors.As(err, &ce) && ce.Err == nil {
		return true // an HTTP error status (5xx): the server says it failed
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var blocked *fetch.BlockedError
	return errors.As(err, &blocked)
}

// finish records an attempt's outcome and returns what the job should do.
func (s *Service) finish(ctx context.Context, v model.Variant, ch model.Channel, attemptID int64, part, parts int, res publisher.Result, perr error, outcome string) error {
	var ret error
	if cl := connector.Classify(perr); outcome == outcomeRetry && (cl == connector.Permanent || cl == connector.CredentialsExpired) {
		outcome = outcomeFailed
	}
	published := outcome == outcomePublished || outcome == outcomeRecovered
	if published && part+1 < parts {
		outcome = outcomePart
	}
	err := s.db.InTx(ctx, func(q *store.Q) error {
		msg := ""
		if perr != nil {
			msg = perr.Error()
		}
		if err := q.FinishAttempt(ctx, attemptID, outcome, msg); err != nil {
			return err
		}
		action, details := "", map[string]any{"channel": ch.Name, "attempt_id": attemptID}
		switch {
		case published && parts > 1:
			// A thread: every part is recorded as it goes out, so that a
			// restart continues with the next one.
			all := append(slices.Clone(v.Parts), model.PartResult{ExternalID: res.ExternalID, URL: res.URL})
			if _, err := q.RecordVariantPart(ctx, v.ID, all); err != nil {
				return err
			}
			if part+1 < parts {
				break
			}
			if _, err := q.MarkVariantPublished(ctx, v.ID, all[0].ExternalID, all[0].URL); err != nil {
				return err
			}
			if ch.Status != model.ChannelOK {
				if err := q.SetChannelStatus(ctx, ch.ID, model.ChannelOK, ""); err != nil {
					return err
				}
			}
			action, details["external_id"], details["url"], details["parts"] = "post.published", all[0].ExternalID, all[0].URL, parts
		case published:
			if _, err := q.MarkVariantPublished(ctx, v.ID, res.ExternalID, res.URL); err != nil {
				return err
			}
			if ch.Status != model.ChannelOK {
				if err := q.SetChannelStatus(ctx, ch.ID, model.ChannelOK, ""); err != nil {
					return err
				}
			}
			action, details["external_id"], details["url"] = "post.published", res.ExternalID, res.URL
		case outcome == outcomeFailed || connector.Classify(perr) == connector.Permanent || connector.Classify(perr) == connector.CredentialsExpired:
			if _, err := q.SetVariantOutcome(ctx, v.ID, model.VariantFailed, msg); err != nil {
				return err
			}
			if connector.Classify(perr) == connector.CredentialsExpired {
				if err := q.SetChannelStatus(ctx, ch.ID, model.ChannelReconnect, msg); err != nil {
					return err
				}
			}
			action, details["error"] = "post.failed", msg
			if err := s.enqueueNotify(ctx, q, v.WorkspaceID, v.PostID, eventFailed, ch.Name+": "+msg); err != nil {
				return err
			}
		case outcome == outcomeRetry:
			// Nothing went out: back to scheduled, with the error shown.
			if _, err := q.SetVariantOutcome(ctx, v.ID, model.VariantScheduled, msg); err != nil {
				return err
			}
			ret = perr
			if d := connector.RetryAfterOf(perr); connector.Classify(perr) == connector.RateLimited {
				ret = jobs.Snooze(max(d, 5*time.Second), msg)
			}
		default: // unknown: stay publishing; the next attempt resolves it
			if _, err := q.Exec(ctx, `UPDATE post_variants SET last_error = ? WHERE id = ?`, msg, v.ID); err != nil {
				return err
			}
			ret = perr
		}
		if err := s.refreshPost(ctx, q, v.PostID); err != nil {
			return err
		}
		if action != "" {
			return q.InsertAudit(ctx, auth.AuditEntry(ctx, v.WorkspaceID, action, "post", idStr(v.PostID), details))
		}
		return nil
	})
	if err != nil {
		// The outcome could not be stored: retrying re-enters as
		// "publishing" and resolves it with the key.
		return fmt.Errorf("record outcome of variant %d: %w", v.ID, err)
	}
	return ret
}

// refreshPost derives a scheduled post's status from its variants.
func (s *Service) refreshPost(ctx context.Context, q *store.Q, postID int64) error {
	sts, err := q.VariantStatuses(ctx, postID)
	if err != nil {
		return err
	}
	st := aggregate(sts)
	if st == "" {
		return nil
	}
	_, err = q.Exec(ctx, `UPDATE posts SET status = ?, updated_at = ? WHERE id = ? AND status IN ('scheduled', 'publishing', 'held', 'failed', 'published')`,
		string(st), q.Now().UnixMicro(), postID)
	return err
}

// aggregate is a post's status from its variants' statuses.
func aggregate(sts []model.VariantStatus) model.PostStatus {
	has := func(v model.VariantStatus) bool { return slices.Contains(sts, v) }
	switch {
	case len(sts) == 0:
		return ""
	case has(model.VariantPublishing):
		return model.PostPublishing
	case has(model.VariantScheduled):
		return model.PostScheduled
	case has(model.VariantHeld):
		return model.PostHeld
	case has(model.VariantFailed):
		return model.PostFailed
	case has(model.VariantPublished):
		return model.PostPublished
	case has(model.VariantCancelled):
		return model.PostCancelled
	}
	return ""
}
