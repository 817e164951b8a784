// Package mastodon is the connector for Mastodon and servers of its client
// API (GoToSocial, Pleroma, snac…): a hashtag timeline, the public
// timeline, status search, and a connected account's notifications
// (mentions, replies, quotes), for any instance URL. It polls: the first
// poll reads a few pages of history (Link header), later polls ask only for
// what is newer than the last status seen (min_id). Ids are opaque strings:
// they are never compared as numbers.
package mastodon

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of Mastodon items.
const Network = "mastodon"

const (
	pageLimit       = 40
	maxHistoryPages = 3 // pages of history read on the first poll
)

// Spec returns the connector's spec.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "mastodon",
		Network: Network,
		NameEN:  "Mastodon",
		NameFR:  "Mastodon",
		Fields: []connector.Field{
			{Name: "instance_url", Type: "url", Required: true,
				HelpEN: "Address of the instance, e.g. https://mastodon.social.",
				HelpFR: "Adresse de l'instance, par exemple https://mastodon.social."},
			{Name: "timeline", Type: "string", Required: true,
				HelpEN: "What to listen to: hashtag, public, search or notifications (mentions and replies of the connected account).",
				HelpFR: "Ce qu'il faut écouter : hashtag, public, search ou notifications (mentions et réponses du compte connecté)."},
			{Name: "hashtag", Type: "string",
				HelpEN: "Hashtag without #, for the hashtag timeline.",
				HelpFR: "Mot-dièse sans #, pour le fil hashtag."},
			{Name: "query", Type: "string",
				HelpEN: "Search words, for search (most instances only search posts you can see: give a token).",
				HelpFR: "Mots recherchés, pour search (la plupart des instances ne cherchent que les messages visibles : fournir un jeton)."},
			{Name: "local", Type: "bool",
				HelpEN: "Only statuses of this instance (public and hashtag timelines).",
				HelpFR: "Seulement les messages de cette instance (fils public et hashtag)."},
			{Name: "access_token", Type: "secret", Secret: true,
				HelpEN: "Access token of the connected account (scope read). Required for notifications and search.",
				HelpFR: "Jeton d'accès du compte connecté (portée read). Requis pour notifications et search."},
		},
		New: New,
	}
}

// Config is the configuration of a Mastodon source.
type Config struct {
	InstanceURL string `json:"instance_url"`
	Timeline    string `json:"timeline"`
	Hashtag     string `json:"hashtag"`
	Query       string `json:"query"`
	Local       bool   `json:"local"`
	AccessToken string `json:"access_token"`
}

var hashtagName = regexp.MustCompile(`^[\p{L}\p{N}_]+$`)

type state struct {
	// Cursor is the newest id read: later polls ask for min_id=Cursor.
	Cursor string `json:"cursor,omitempty"`
	// HistoryMaxID continues reading history on the first poll (max_id).
	HistoryMaxID string         `json:"history_max_id,omitempty"`
	HistoryPages int            `json:"history_pages,omitempty"`
	Seen         connector.Seen `json:"seen"`
}

type source struct {
	cfg      Config
	base     string
	endpoint string
	query    url.Values
	deps     connector.Deps
}

// New decodes and validates cfg and returns the source.
func New(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c Config
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	base, err := connector.CheckHTTPURL("instance_url", c.InstanceURL, "")
	if err != nil {
		return nil, err
	}
	s := &source{cfg: c, base: base, query: url.Values{}, deps: deps}
	switch c.Timeline {
	case "hashtag":
		c.Hashtag = strings.TrimPrefix(strings.TrimSpace(c.Hashtag), "#")
		if err := connector.Required("hashtag", c.Hashtag); err != nil {
			return nil, err
		}
		if !hashtagName.MatchString(c.Hashtag) {
			return nil, connector.FieldErrorf("hashtag", "%q is not a hashtag (letters, digits and _ only)", c.Hashtag)
		}
		s.endpoint = "/api/v1/timelines/tag/" + url.PathEscape(c.Hashtag)
	case "public":
		s.endpoint = "/api/v1/timelines/public"
	case "search":
		if err := connector.Required("query", c.Query); err != nil {
			return nil, err
		}
		if err := connector.Required("access_token", c.AccessToken); err != nil {
			return nil, err
		}
		s.endpoint = "/api/v2/search"
		s.query.Set("q", c.Query)
		s.query.Set("type", "statuses")
		s.query.Set("resolve", "false")
	case "notifications":
		if err := connector.Required("access_token", c.AccessToken); err != nil {
			return nil, err
		}
		s.endpoint = "/api/v1/notifications"
	case "":
		return nil, connector.FieldErrorf("timeline", "required (hashtag, public, search or notifications)")
	default:
		return nil, connector.FieldErrorf("timeline", "%q is not hashtag, public, search or notifications", c.Timeline)
	}
	if c.Local && (c.Timeline == "public" || c.Timeline == "hashtag") {
		s.query.Set("local", "true")
	}
	s.cfg = c // as normalised above
	return s, nil
}

// Status is the part of Mastodon's Status entity Parvis reads.
type Status struct {
	ID              string   `json:"id"`
	URI             string   `json:"uri"`
	URL             *string  `json:"url"`
	CreatedAt       string   `json:"created_at"`
	Content         string   `json:"content"`
	SpoilerText     string   `json:"spoiler_text"`
	Language        *string  `json:"language"`
	InReplyToID     *string  `json:"in_reply_to_id"`
	Visibility      string   `json:"visibility"`
	RepliesCount    int64    `json:"replies_count"`
	ReblogsCount    int64    `json:"reblogs_count"`
	FavouritesCount int64    `json:"favourites_count"`
	Account         *Account `json:"account"`
	Reblog          *Status  `json:"reblog"`
}

// Account is the part of Mastodon's Account entity Parvis reads.
type Account struct {
	ID             string `json:"id"`
	Acct           string `json:"acct"`
	DisplayName    string `json:"display_name"`
	URL            string `json:"url"`
	FollowersCount *int64 `json:"followers_count"`
}

type notification struct {
	ID     string  `json:"id"`
	Type   string  `json:"type"`
	Status *Status `json:"status"`
}

// entry is one element of a page: its id for the cursor, and its item when
// it is one Parvis keeps.
type entry struct {
	cursorID string
	item     *model.Item
}

// header carries the account's token, when there is one.
func (s *source) header() http.Header {
	h := http.Header{}
	if s.cfg.AccessToken != "" {
		h.Set("Authorization", "Bearer "+s.cfg.AccessToken)
	}
	return h
}

func (s *source) page(ctx context.Context, q url.Values) ([]entry, http.Header, error) {
	for k, vs := range s.query {
		q[k] = vs
	}
	q.Set("limit", "40")
	rawURL := s.base + s.endpoint + "?" + q.Encode()
	h := s.header()
	var entries []entry
	switch s.cfg.Timeline {
	case "notifications":
		var ns []notification
		resp, err := connector.GetJSON(ctx, s.deps, rawURL, h, &ns)
		if err != nil {
			return nil, nil, err
		}
		for _, n := range ns {
			e := entry{cursorID: n.ID}
			// Mentions (a reply mentions who it answers) and quotes.
			if (n.Type == "mention" || n.Type == "quote") && n.Status != nil {
				if it, ok := toItem(*n.Status); ok {
					if it.Kind == model.KindPost {
						it.Kind = model.KindMention // a direct message stays one
					}
					e.item = &it
				}
			}
			entries = append(entries, e)
		}
		return entries, resp.Header, nil
	case "search":
		var res struct {
			Statuses []Status `json:"statuses"`
		}
		resp, err := connector.GetJSON(ctx, s.deps, rawURL, h, &res)
		if err != nil {
			return nil, nil, err
		}
		return statusEntries(res.Statuses), resp.Header, nil
	default:
		var sts []Status
		resp, err := connector.GetJSON(ctx, s.deps, rawURL, h, &sts)
		if err != nil {
			return nil, nil, err
		}
		return statusEntries(sts), resp.Header, nil
	}
}

func statusEntries(sts []Status) []entry {
	out := make([]entry, 0, len(sts))
	for _, st := range sts {
		e := entry{cursorID: st.ID}
		if it, ok := toItem(st); ok {
			e.item = &it
		}
		out = append(out, e)
	}
	return out
}

// Fetch reads one page: history on the first poll, then what is newer than
// the cursor.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "mastodon: saved state is unreadable: %w", err)
		}
	}
	q := url.Values{}
	forward := false
	switch {
	case st.HistoryMaxID != "":
		q.Set("max_id", st.HistoryMaxID)
	case st.Cursor != "":
		q.Set("min_id", st.Cursor)
		forward = true
	}
	entries, header, err := s.page(ctx, q)
	if err != nil {
		return connector.Batch{}, err
	}
	links := parseLinks(header.Values("Link"))
	more := false
	switch {
	case forward:
		// Pages are newest first; the newest is the next cursor.
		if len(entries) > 0 {
			st.Cursor = firstNonEmpty(links["prev"].Get("min_id"), entries[0].cursorID)
		}
		more = len(entries) >= pageLimit
	default:
		if st.Cursor == "" && len(entries) > 0 {
			st.Cursor = firstNonEmpty(links["prev"].Get("min_id"), entries[0].cursorID)
		}
		next := links["next"].Get("max_id")
		if next != "" && len(entries) > 0 && st.HistoryPages+1 < maxHistoryPages {
			st.HistoryMaxID, st.HistoryPages = next, st.HistoryPages+1
			more = true
		} else {
			st.HistoryMaxID, st.HistoryPages = "", maxHistoryPages
		}
	}
	now := s.deps.Clock.Now()
	var items []model.Item
	for _, e := range entries {
		if e.item == nil || st.Seen.Has(e.item.ExternalID) {
			continue
		}
		st.Seen.Add(e.item.ExternalID)
		e.item.FetchedAt = now
		items = append(items, *e.item)
	}
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: items, State: b, More: more}, nil
}

// toItem turns a status into an item (a reblog into the reblogged status).
func toItem(st Status) (model.Item, bool) {
	if st.Reblog != nil {
		st = *st.Reblog
	}
	created, err := time.Parse(time.RFC3339, st.CreatedAt)
	if st.ID == "" || err != nil {
		return model.Item{}, false
	}
	it := model.Item{
		Network:    Network,
		ExternalID: st.ID,
		Kind:       model.KindPost,
		URL:        st.URI,
		Title:      connector.PlainText(st.SpoilerText),
		Text:       connector.PlainText(st.Content),
		CreatedAt:  created.UTC(),
		ThreadID:   st.ID,
		Metrics:    model.Metrics{Likes: st.FavouritesCount, Reposts: st.ReblogsCount, Replies: st.RepliesCount},
	}
	if st.URL != nil && *st.URL != "" {
		it.URL = *st.URL
	}
	if st.Language != nil {
		it.Lang = *st.Language
	}
	if st.InReplyToID != nil && *st.InReplyToID != "" {
		it.Kind = model.KindReply
		it.ParentID = *st.InReplyToID
		it.ThreadID = ""
	}
	if st.Visibility == "direct" {
		// A direct message: a private thread between its participants
		// (Mastodon has no separate messaging).
		it.Kind = model.KindMessage
	}
	if a := st.Account; a != nil {
		it.Author = model.Author{Handle: a.Acct, Name: connector.PlainText(firstNonEmpty(a.DisplayName, a.Acct)), URL: a.URL, Followers: a.FollowersCount}
	}
	if it.Text == "" && it.Title == "" {
		return model.Item{}, false
	}
	return it, true
}

// linkPart matches one link of a Link header: <url>; rel="name".
var linkPart = regexp.MustCompile(`<([^>]*)>\s*;\s*rel="?([a-z]+)"?`)

// parseLinks returns the query of each rel of Link headers.
func parseLinks(headers []string) map[string]url.Values {
	out := map[string]url.Values{}
	for _, h := range headers {
		for _, m := range linkPart.FindAllStringSubmatch(h, -1) {
			if u, err := url.Parse(m[1]); err == nil {
				out[m[2]] = u.Query()
			}
		}
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
