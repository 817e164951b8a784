package api

import (
	"net/http"
	"strconv"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/publish"
)

func (d *Deps) listChannelTypes(r *http.Request) (int, any, error) {
	return http.StatusOK, map[string]any{"items": d.Publish.Registry().Specs()}, nil
}

func (d *Deps) listChannels(r *http.Request) (int, any, error) {
	cs, err := d.Publish.Channels(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": cs}, err
}

func (d *Deps) createChannel(r *http.Request) (int, any, error) {
	var in publish.ChannelInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := d.Publish.CreateChannel(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, c, err
}

func (d *Deps) getChannel(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	c, err := d.Publish.Channel(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, c, err
}

func (d *Deps) patchChannel(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up publish.ChannelUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	c, err := d.Publish.UpdateChannel(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, c, err
}

func (d *Deps) deleteChannel(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Publish.DeleteChannel(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) listPosts(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	pq := publish.PostQuery{Status: q.Get("status"), Campaign: q.Get("campaign"), Label: q.Get("label"), From: q.Get("from"), Until: q.Get("until"), Limit: n}
	for name, dst := range map[string]*int64{"channel": &pq.Channel, "before": &pq.Before} {
		if v := q.Get(name); v != "" {
			if *dst, err = strconv.ParseInt(v, 10, 64); err != nil || *dst <= 0 {
				return 0, nil, apperr.Invalid(name, "error.id_invalid", "must be a numeric id")
			}
		}
	}
	posts, err := d.Publish.Posts(r.Context(), r.PathValue("ws"), pq)
	return http.StatusOK, map[string]any{"items": posts}, err
}

func (d *Deps) createPost(r *http.Request) (int, any, error) {
	var in publish.PostInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := d.Publish.CreatePost(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, p, err
}

func (d *Deps) getPost(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	p, err := d.Publish.Post(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, p, err
}

func (d *Deps) getPostAttempts(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	a, err := d.Publish.Attempts(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, map[string]any{"by_channel": a}, err
}

func (d *Deps) patchPost(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up publish.PostUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	p, err := d.Publish.UpdatePost(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, p, err
}

func (d *Deps) deletePost(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Publish.DeletePost(r.Context(), r.PathValue("ws"), id)
}

// postAction serves POST …/posts/{id}/{action}.
func (d *Deps) postAction(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	ws, ctx := r.PathValue("ws"), r.Context()
	var p any
	switch r.PathValue("action") {
	case "submit":
		p, err = d.Publish.Submit(ctx, ws, id)
	case "approve":
		p, err = d.Publish.Approve(ctx, ws, id)
	case "reject":
		var in struct {
			Comment string `json:"comment"`
		}
		if err := d.decode(r, &in); err != nil {
			return 0, nil, err
		}
		p, err = d.Publish.Reject(ctx, ws, id, in.Comment)
	case "publish-now":
		p, err = d.Publish.PublishNow(ctx, ws, id)
	case "cancel":
		p, err = d.Publish.Cancel(ctx, ws, id)
	default:
		return 0, nil, apperr.NotFound("action")
	}
	return http.StatusOK, p, err
}

func (d *Deps) getPublishSettings(r *http.Request) (int, any, error) {
	s, err := d.Publish.Settings(r.Context(), r.PathValue("ws"))
	return http.StatusOK, s, err
}

func (d *Deps) patchPublishSettings(r *http.Request) (int, any, error) {
	var up publish.SettingsUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	s, err := d.Publish.UpdateSettings(r.Context(), r.PathValue("ws"), up)
	return http.StatusOK, s, err
}

func (d *Deps) createCalendarToken(r *http.Request) (int, any, error) {
	feed, err := d.Publish.NewCalendarToken(r.Context(), r.PathValue("ws"))
	return http.StatusCreated, feed, err
}

// calendarICS serves the iCalendar feed. Calendar apps cannot send bearer
// tokens: the feed's secret token in the query is the credential.
func (d *Deps) calendarICS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := d.Publish.CalendarICS(r.Context(), r.PathValue("ws"), r.URL.Query().Get("token"))
		if err != nil {
			httpx.WriteError(w, r, d.Log, err)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Cache-Control", "private, max-age=300")
		w.Write(b)
	})
}

// bulkPosts schedules posts from a CSV body (text, channels, time,
// media_url, campaign). Line errors come back with status 400 and nothing
// is created; ?dry_run=1 only validates.
func (d *Deps) bulkPosts(r *http.Request) (int, any, error) {
	body := http.MaxBytesReader(nil, r.Body, d.MaxImport)
	dry := r.URL.Query().Get("dry_run") == "1"
	res, err := d.Publish.BulkSchedule(r.Context(), r.PathValue("ws"), body, dry)
	if len(res.Errors) > 0 {
		return http.StatusBadRequest, res, nil
	}
	if err != nil {
		return 0, nil, err
	}
	if dry {
		return http.StatusOK, res, nil
	}
	return http.StatusCreated, res, nil
}

// startMastodonOAuth registers Parvis on a Mastodon instance and returns
// the address where a person authorises it; the instance then sends them
// to the page at publish.MastodonCallbackPath, which creates the channel.
func (d *Deps) startMastodonOAuth(r *http.Request) (int, any, error) {
	var in publish.OAuthStart
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	res, err := d.Publish.StartMastodonOAuth(r.Context(), r.PathValue("ws"), in)
	return http.StatusOK, res, err
}

func (d *Deps) getPostLinks(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	links, err := d.Publish.Links(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, map[string]any{"items": links}, err
}

// followShortLink redirects a short link of a published post, counting
// the click (people only; nothing about the visitor is stored).
func (d *Deps) followShortLink() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target, err := d.Publish.FollowShortLink(r.Context(), r.PathValue("code"), r.Method, r.UserAgent())
		if err != nil {
			httpx.WriteError(w, r, d.Log, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.Redirect(w, r, target, http.StatusFound)
	})
}

func (d *Deps) listFeeds(r *http.Request) (int, any, error) {
	fs, err := d.Publish.Feeds(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": fs}, err
}

func (d *Deps) createFeed(r *http.Request) (int, any, error) {
	var in publish.FeedInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	f, err := d.Publish.CreateFeed(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, f, err
}

func (d *Deps) deleteFeed(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Publish.DeleteFeed(r.Context(), r.PathValue("ws"), id)
}

// uploadMedia stores an attachment sent as the raw body (its type is
// sniffed from the bytes); ?alt= is its text alternative.
func (d *Deps) uploadMedia(r *http.Request) (int, any, error) {
	m, err := d.Publish.UploadMedia(r.Context(), r.PathValue("ws"), r.Body, r.URL.Query().Get("alt"))
	return http.StatusCreated, m, err
}
