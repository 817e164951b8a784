// Package hackernews is the connector for Hacker News: stories and comments
// matching a query, newest first, through the public Algolia HN Search API
// (search_by_date).
package hackernews

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of Hacker News items.
const Network = "hackernews"

// DefaultBaseURL is the public Algolia HN Search API.
const DefaultBaseURL = "https://hn.algolia.com"

// maxPages bounds one polling pass: a query matching thousands of old
// items must not page forever on the first poll.
const maxPages = 10

// Spec returns the connector's spec.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "hackernews",
		Network: Network,
		NameEN:  "Hacker News search",
		NameFR:  "Recherche Hacker News",
		Fields: []connector.Field{
			{Name: "query", Type: "string", Required: true,
				HelpEN: "Words to look for in stories and comments, e.g. the organisation's name.",
				HelpFR: "Mots à chercher dans les articles et commentaires, par exemple le nom de l'organisation."},
			{Name: "tags", Type: "string",
				HelpEN: "What to listen to: story, comment, or empty for both.",
				HelpFR: "Ce qu'il faut écouter : story, comment, ou vide pour les deux."},
			{Name: "base_url", Type: "url",
				HelpEN: "Address of the search API; leave empty for " + DefaultBaseURL + ".",
				HelpFR: "Adresse de l'API de recherche ; laisser vide pour " + DefaultBaseURL + "."},
		},
		New: New,
	}
}

// Config is the configuration of a Hacker News source.
type Config struct {
	Query   string `json:"query"`
	Tags    string `json:"tags"`
	BaseURL string `json:"base_url"`
}

type state struct {
	// Since is the created_at_i of the newest item of the last full pass.
	Since int64 `json:"since"`
	// Page is the next page of the pass in progress (0: start a pass).
	Page int `json:"page,omitempty"`
	// Newest is the newest created_at_i seen in the pass in progress.
	Newest int64          `json:"newest,omitempty"`
	Seen   connector.Seen `json:"seen"`
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
	if err := connector.Required("query", c.Query); err != nil {
		return nil, err
	}
	switch c.Tags {
	case "", "story", "comment":
	default:
		return nil, connector.FieldErrorf("tags", "%q is not story, comment or empty", c.Tags)
	}
	base, err := connector.CheckHTTPURL("base_url", c.BaseURL, DefaultBaseURL)
	if err != nil {
		return nil, err
	}
	return &source{cfg: c, base: base, deps: deps}, nil
}

type searchResponse struct {
	Hits    []hit `json:"hits"`
	Page    int   `json:"page"`
	NbPages int   `json:"nbPages"`
}

type hit struct {
	ObjectID    string   `json:"objectID"`
	CreatedAtI  int64    `json:"created_at_i"`
	Title       *string  `json:"title"`
	URL         *string  `json:"url"`
	Author      string   `json:"author"`
	Points      *int64   `json:"points"`
	NumComments *int64   `json:"num_comments"`
	StoryText   *string  `json:"story_text"`
	CommentText *string  `json:"comment_text"`
	StoryID     *int64   `json:"story_id"`
	ParentID    *int64   `json:"parent_id"`
	Tags        []string `json:"_tags"`
}

// Fetch reads one page of results newer than the last pass.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "hackernews: saved state is unreadable: %w", err)
		}
	}
	q := url.Values{}
	q.Set("query", s.cfg.Query)
	if s.cfg.Tags != "" {
		q.Set("tags", s.cfg.Tags)
	} else {
		q.Set("tags", "(story,comment)")
	}
	if st.Since > 0 {
		q.Set("numericFilters", "created_at_i>"+strconv.FormatInt(st.Since, 10))
	}
	q.Set("page", strconv.Itoa(st.Page))
	q.Set("hitsPerPage", "50")
	var resp searchResponse
	if _, err := connector.GetJSON(ctx, s.deps, s.base+"/api/v1/search_by_date?"+q.Encode(), nil, &resp); err != nil {
		return connector.Batch{}, err
	}
	var items []model.Item
	for _, h := range resp.Hits {
		it, ok := toItem(h)
		if !ok || st.Seen.Has(it.ExternalID) {
			continue
		}
		st.Seen.Add(it.ExternalID)
		if h.CreatedAtI > st.Newest {
			st.Newest = h.CreatedAtI
		}
		it.FetchedAt = s.deps.Clock.Now()
		items = append(items, it)
	}
	more := len(resp.Hits) > 0 && resp.Page+1 < resp.NbPages && st.Page+1 < maxPages
	if more {
		st.Page++
	} else {
		if st.Newest > st.Since {
			st.Since = st.Newest
		}
		st.Page, st.Newest = 0, 0
	}
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: items, State: b, More: more}, nil
}

func toItem(h hit) (model.Item, bool) {
	if h.ObjectID == "" || h.CreatedAtI <= 0 {
		return model.Item{}, false
	}
	it := model.Item{
		Network:    Network,
		ExternalID: h.ObjectID,
		Kind:       model.KindPost,
		URL:        "https://news.ycombinator.com/item?id=" + url.QueryEscape(h.ObjectID),
		CreatedAt:  time.Unix(h.CreatedAtI, 0).UTC(),
		Source:     "Hacker News",
	}
	if h.Author != "" {
		it.Author = model.Author{Handle: h.Author, Name: h.Author, URL: "https://news.ycombinator.com/user?id=" + url.QueryEscape(h.Author)}
	}
	if h.Points != nil {
		it.Metrics.Likes = *h.Points
	}
	if h.NumComments != nil {
		it.Metrics.Replies = *h.NumComments
	}
	isComment := h.CommentText != nil || hasTag(h.Tags, "comment")
	if isComment {
		it.Kind = model.KindComment
		if h.CommentText != nil {
			it.Text = connector.PlainText(*h.CommentText)
		}
		if h.ParentID != nil {
			it.ParentID = strconv.FormatInt(*h.ParentID, 10)
		}
		if h.StoryID != nil {
			it.ThreadID = strconv.FormatInt(*h.StoryID, 10)
		}
	} else {
		if h.Title != nil {
			it.Title = connector.PlainText(*h.Title)
		}
		if h.StoryText != nil {
			it.Text = connector.PlainText(*h.StoryText)
		}
		if it.Text == "" && h.URL != nil {
			it.Text = *h.URL
		}
		it.ThreadID = h.ObjectID
	}
	if strings.TrimSpace(it.Text) == "" && strings.TrimSpace(it.Title) == "" {
		return model.Item{}, false
	}
	return it, true
}

func hasTag(tags []string, t string) bool {
	for _, v := range tags {
		if v == t {
			return true
		}
	}
	return false
}
