// Package youtube is the connector for YouTube, through the Data API v3
// with an API key: a channel's uploads (the playlist items of its uploads
// playlist), the comments on that channel's videos (comment threads), and
// videos matching a search.
package youtube

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of YouTube items.
const Network = "youtube"

// DefaultBaseURL is Google's API host.
const DefaultBaseURL = "https://www.googleapis.com"

const maxPages = 10

// Spec returns the connector's spec.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "youtube",
		Network: Network,
		NameEN:  "YouTube",
		NameFR:  "YouTube",
		Fields: []connector.Field{
			{Name: "api_key", Type: "secret", Secret: true, Required: true,
				HelpEN: "YouTube Data API v3 key (Google Cloud console → APIs & Services → Credentials).",
				HelpFR: "Clé de l'API YouTube Data v3 (console Google Cloud → API et services → Identifiants)."},
			{Name: "mode", Type: "string", Required: true,
				HelpEN: "What to read: uploads (a channel's new videos), comments (comments on a channel's videos) or search (videos matching the query).",
				HelpFR: "Ce qu'il faut lire : uploads (nouvelles vidéos d'une chaîne), comments (commentaires sur ses vidéos) ou search (vidéos correspondant à la requête)."},
			{Name: "channel_id", Type: "string",
				HelpEN: "Channel id (starts with UC), for uploads and comments.",
				HelpFR: "Identifiant de la chaîne (commence par UC), pour uploads et comments."},
			{Name: "query", Type: "string",
				HelpEN: "Search words, for search.",
				HelpFR: "Mots recherchés, pour search."},
			{Name: "base_url", Type: "url",
				HelpEN: "API host; leave empty for " + DefaultBaseURL + ".",
				HelpFR: "Hôte de l'API ; laisser vide pour " + DefaultBaseURL + "."},
		},
		New: New,
	}
}

// Config is the configuration of a YouTube source.
type Config struct {
	APIKey    string `json:"api_key"`
	Mode      string `json:"mode"`
	ChannelID string `json:"channel_id"`
	Query     string `json:"query"`
	BaseURL   string `json:"base_url"`
}

type state struct {
	UploadsPlaylist string         `json:"uploads_playlist,omitempty"`
	PageToken       string         `json:"page_token,omitempty"`
	Pages           int            `json:"pages,omitempty"`
	Seen            connector.Seen `json:"seen"`
}

type source struct {
	cfg  Config
	base string
	deps connector.Deps
}

// New decodes and validates cfg and returns the source.
func New(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c Config
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("api_key", c.APIKey); err != nil {
		return nil, err
	}
	switch c.Mode {
	case "uploads", "comments":
		if err := connector.Required("channel_id", c.ChannelID); err != nil {
			return nil, err
		}
	case "search":
		if err := connector.Required("query", c.Query); err != nil {
			return nil, err
		}
	case "":
		return nil, connector.FieldErrorf("mode", "required (uploads, comments or search)")
	default:
		return nil, connector.FieldErrorf("mode", "%q is not uploads, comments or search", c.Mode)
	}
	base, err := connector.CheckHTTPURL("base_url", c.BaseURL, DefaultBaseURL)
	if err != nil {
		return nil, err
	}
	return &source{cfg: c, base: base + "/youtube/v3", deps: deps}, nil
}

// apiError is the error body of Google APIs.
type apiError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  []struct {
			Reason string `json:"reason"`
			Domain string `json:"domain"`
		} `json:"errors"`
		Details []struct {
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

// get calls one API method and decodes its answer, classifying YouTube's
// reasons: quotaExceeded and rate limits wait, keyInvalid needs a new key.
func (s *source) get(ctx context.Context, method string, q url.Values, v any) error {
	q.Set("key", s.cfg.APIKey)
	rawURL := s.base + "/" + method + "?" + q.Encode()
	resp, body, err := func() (*http.Response, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			return nil, nil, connector.Errorf(connector.Permanent, "youtube: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		return connector.Do(s.deps, req)
	}()
	if err != nil {
		if resp != nil {
			return classify(resp, body, err, s.deps.Clock.Now())
		}
		return err
	}
	if err := connector.DecodeJSONBody(body, v); err != nil {
		return connector.Malformed("GET "+connector.Redact(rawURL), err)
	}
	return nil
}

func classify(resp *http.Response, body []byte, err error, now time.Time) error {
	var ae apiError
	if json.Unmarshal(body, &ae) != nil || len(ae.Error.Errors) == 0 {
		return err
	}
	reason := ae.Error.Errors[0].Reason
	for _, d := range ae.Error.Details {
		switch d.Reason {
		case "API_KEY_INVALID", "API_KEY_EXPIRED", "API_KEY_SERVICE_BLOCKED":
			reason = "keyInvalid"
		}
	}
	// The message replaces the raw body (which quotes HTML) in the error.
	msg := "youtube: " + reason + ": " + connector.PlainText(ae.Error.Message)
	if resp.Request != nil {
		msg = resp.Request.Method + " " + connector.Redact(resp.Request.URL.String()) + ": HTTP " + resp.Status + ": " + msg
	}
	switch reason {
	case "quotaExceeded", "dailyLimitExceeded":
		return &connector.Error{Class: connector.RateLimited, RetryAfter: untilQuotaReset(now), Msg: msg}
	case "rateLimitExceeded", "userRateLimitExceeded":
		ra := connector.RetryAfterOf(err)
		if ra == 0 {
			ra = time.Minute
		}
		return &connector.Error{Class: connector.RateLimited, RetryAfter: ra, Msg: msg}
	case "keyInvalid", "keyExpired", "accessNotConfigured", "forbidden", "ipRefererBlocked":
		return &connector.Error{Class: connector.CredentialsExpired, Msg: msg}
	case "commentsDisabled", "channelNotFound", "playlistNotFound", "videoNotFound", "invalidChannelId":
		return &connector.Error{Class: connector.Permanent, Msg: msg}
	}
	return err
}

// untilQuotaReset is the time left until midnight Pacific Time, when the
// daily quota of the Data API resets.
func untilQuotaReset(now time.Time) time.Duration {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		loc = time.FixedZone("PST", -8*3600)
	}
	t := now.In(loc)
	midnight := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	return midnight.Sub(now)
}

type playlistItems struct {
	NextPageToken string `json:"nextPageToken"`
	Items         []struct {
		Snippet struct {
			PublishedAt            string `json:"publishedAt"`
			Title                  string `json:"title"`
			Description            string `json:"description"`
			ChannelTitle           string `json:"channelTitle"`
			VideoOwnerChannelTitle string `json:"videoOwnerChannelTitle"`
			VideoOwnerChannelID    string `json:"videoOwnerChannelId"`
			ResourceID             struct {
				VideoID string `json:"videoId"`
			} `json:"resourceId"`
		} `json:"snippet"`
		ContentDetails struct {
			VideoID          string `json:"videoId"`
			VideoPublishedAt string `json:"videoPublishedAt"`
		} `json:"contentDetails"`
	} `json:"items"`
}

type comment struct {
	ID      string `json:"id"`
	Snippet struct {
		VideoID           string `json:"videoId"`
		TextDisplay       string `json:"textDisplay"`
		TextOriginal      string `json:"textOriginal"`
		ParentID          string `json:"parentId"`
		AuthorDisplayName string `json:"authorDisplayName"`
		AuthorChannelURL  string `json:"authorChannelUrl"`
		LikeCount         int64  `json:"likeCount"`
		PublishedAt       string `json:"publishedAt"`
		UpdatedAt         string `json:"updatedAt"`
	} `json:"snippet"`
}

type commentThreads struct {
	NextPageToken string `json:"nextPageToken"`
	Items         []struct {
		ID      string `json:"id"`
		Snippet struct {
			VideoID         string  `json:"videoId"`
			TopLevelComment comment `json:"topLevelComment"`
			TotalReplyCount int64   `json:"totalReplyCount"`
		} `json:"snippet"`
		Replies struct {
			Comments []comment `json:"comments"`
		} `json:"replies"`
	} `json:"items"`
}

type searchResults struct {
	NextPageToken string `json:"nextPageToken"`
	Items         []struct {
		ID struct {
			Kind    string `json:"kind"`
			VideoID string `json:"videoId"`
		} `json:"id"`
		Snippet struct {
			PublishedAt  string `json:"publishedAt"`
			ChannelID    string `json:"channelId"`
			Title        string `json:"title"`
			Description  string `json:"description"`
			ChannelTitle string `json:"channelTitle"`
		} `json:"snippet"`
	} `json:"items"`
}

// Fetch reads one page; a pass stops at a page holding an item already
// delivered, or after maxPages.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "youtube: saved state is unreadable: %w", err)
		}
	}
	var (
		items []model.Item
		next  string
		err   error
	)
	switch s.cfg.Mode {
	case "uploads":
		items, next, err = s.uploads(ctx, &st)
	case "comments":
		items, next, err = s.comments(ctx, st.PageToken)
	case "search":
		items, next, err = s.search(ctx, st.PageToken)
	}
	if err != nil {
		return connector.Batch{}, err
	}
	now := s.deps.Clock.Now()
	fresh := items[:0]
	reachedSeen := false
	for _, it := range items {
		if st.Seen.Has(it.ExternalID) {
			reachedSeen = true
			continue
		}
		st.Seen.Add(it.ExternalID)
		it.FetchedAt = now
		fresh = append(fresh, it)
	}
	more := !reachedSeen && next != "" && len(items) > 0 && st.Pages+1 < maxPages
	if more {
		st.PageToken, st.Pages = next, st.Pages+1
	} else {
		st.PageToken, st.Pages = "", 0
	}
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: fresh, State: b, More: more}, nil
}

func (s *source) uploads(ctx context.Context, st *state) ([]model.Item, string, error) {
	if st.UploadsPlaylist == "" {
		var ch struct {
			Items []struct {
				ContentDetails struct {
					RelatedPlaylists struct {
						Uploads string `json:"uploads"`
					} `json:"relatedPlaylists"`
				} `json:"contentDetails"`
			} `json:"items"`
		}
		if err := s.get(ctx, "channels", url.Values{"part": {"contentDetails"}, "id": {s.cfg.ChannelID}}, &ch); err != nil {
			return nil, "", err
		}
		if len(ch.Items) == 0 || ch.Items[0].ContentDetails.RelatedPlaylists.Uploads == "" {
			return nil, "", connector.Errorf(connector.Permanent, "youtube: channel %s not found or has no uploads playlist", s.cfg.ChannelID)
		}
		st.UploadsPlaylist = ch.Items[0].ContentDetails.RelatedPlaylists.Uploads
	}
	q := url.Values{"part": {"snippet,contentDetails"}, "playlistId": {st.UploadsPlaylist}, "maxResults": {"50"}}
	if st.PageToken != "" {
		q.Set("pageToken", st.PageToken)
	}
	var pl playlistItems
	if err := s.get(ctx, "playlistItems", q, &pl); err != nil {
		return nil, "", err
	}
	var items []model.Item
	for _, p := range pl.Items {
		id := firstNonEmpty(p.ContentDetails.VideoID, p.Snippet.ResourceID.VideoID)
		created := parseTime(firstNonEmpty(p.ContentDetails.VideoPublishedAt, p.Snippet.PublishedAt))
		if id == "" || created.IsZero() {
			continue
		}
		it := model.Item{
			Network:    Network,
			ExternalID: id,
			Kind:       model.KindPost,
			URL:        "https://www.youtube.com/watch?v=" + url.QueryEscape(id),
			Title:      connector.PlainText(p.Snippet.Title),
			Text:       connector.PlainText(p.Snippet.Description),
			CreatedAt:  created,
			ThreadID:   id,
			Author:     model.Author{Name: firstNonEmpty(p.Snippet.VideoOwnerChannelTitle, p.Snippet.ChannelTitle)},
			Source:     firstNonEmpty(p.Snippet.VideoOwnerChannelTitle, p.Snippet.ChannelTitle),
		}
		if p.Snippet.VideoOwnerChannelID != "" {
			it.Author.URL = "https://www.youtube.com/channel/" + p.Snippet.VideoOwnerChannelID
		}
		if it.Title != "" || it.Text != "" {
			items = append(items, it)
		}
	}
	return items, pl.NextPageToken, nil
}

func (s *source) comments(ctx context.Context, pageToken string) ([]model.Item, string, error) {
	q := url.Values{"part": {"snippet,replies"}, "allThreadsRelatedToChannelId": {s.cfg.ChannelID},
		"order": {"time"}, "maxResults": {"100"}, "textFormat": {"plainText"}}
	if pageToken != "" {
		q.Set("pageToken", pageToken)
	}
	var ct commentThreads
	if err := s.get(ctx, "commentThreads", q, &ct); err != nil {
		return nil, "", err
	}
	var items []model.Item
	for _, th := range ct.Items {
		if it, ok := commentItem(th.Snippet.TopLevelComment, th.Snippet.VideoID); ok {
			it.Metrics.Replies = th.Snippet.TotalReplyCount
			items = append(items, it)
		}
		for _, r := range th.Replies.Comments {
			if it, ok := commentItem(r, th.Snippet.VideoID); ok {
				items = append(items, it)
			}
		}
	}
	return items, ct.NextPageToken, nil
}

func commentItem(c comment, videoID string) (model.Item, bool) {
	created := parseTime(c.Snippet.PublishedAt)
	text := connector.PlainText(firstNonEmpty(c.Snippet.TextOriginal, c.Snippet.TextDisplay))
	if c.ID == "" || created.IsZero() || text == "" {
		return model.Item{}, false
	}
	videoID = firstNonEmpty(c.Snippet.VideoID, videoID)
	it := model.Item{
		Network:    Network,
		ExternalID: c.ID,
		Kind:       model.KindComment,
		URL:        "https://www.youtube.com/watch?v=" + url.QueryEscape(videoID) + "&lc=" + url.QueryEscape(c.ID),
		Text:       text,
		CreatedAt:  created,
		ThreadID:   videoID,
		Author:     model.Author{Name: c.Snippet.AuthorDisplayName, Handle: handleOf(c.Snippet.AuthorDisplayName), URL: c.Snippet.AuthorChannelURL},
		Metrics:    model.Metrics{Likes: c.Snippet.LikeCount},
	}
	if c.Snippet.ParentID != "" {
		it.Kind = model.KindReply
		it.ParentID = c.Snippet.ParentID
	}
	return it, true
}

func (s *source) search(ctx context.Context, pageToken string) ([]model.Item, string, error) {
	q := url.Values{"part": {"snippet"}, "q": {s.cfg.Query}, "type": {"video"}, "order": {"date"}, "maxResults": {"50"}}
	if pageToken != "" {
		q.Set("pageToken", pageToken)
	}
	var sr searchResults
	if err := s.get(ctx, "search", q, &sr); err != nil {
		return nil, "", err
	}
	var items []model.Item
	for _, r := range sr.Items {
		created := parseTime(r.Snippet.PublishedAt)
		if r.ID.VideoID == "" || created.IsZero() {
			continue
		}
		it := model.Item{
			Network:    Network,
			ExternalID: r.ID.VideoID,
			Kind:       model.KindPost,
			URL:        "https://www.youtube.com/watch?v=" + url.QueryEscape(r.ID.VideoID),
			Title:      connector.PlainText(r.Snippet.Title),
			Text:       connector.PlainText(r.Snippet.Description),
			CreatedAt:  created,
			ThreadID:   r.ID.VideoID,
			Author:     model.Author{Name: r.Snippet.ChannelTitle},
			Source:     "YouTube search",
		}
		if r.Snippet.ChannelID != "" {
			it.Author.URL = "https://www.youtube.com/channel/" + r.Snippet.ChannelID
		}
		if it.Title != "" || it.Text != "" {
			items = append(items, it)
		}
	}
	return items, sr.NextPageToken, nil
}

// handleOf keeps a display name that is a YouTube handle (@name).
func handleOf(name string) string {
	if strings.HasPrefix(name, "@") {
		return name
	}
	return ""
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
