// Package reddit is the connector for Reddit: new posts or comments of
// subreddits, and search results, read with an app's OAuth credentials
// (application-only "client credentials" grant).
package reddit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of Reddit items.
const Network = "reddit"

// Default endpoints of Reddit's OAuth and API hosts.
const (
	DefaultAuthURL = "https://www.reddit.com"
	DefaultAPIURL  = "https://oauth.reddit.com"
)

// maxPages bounds one polling pass over a listing.
const maxPages = 10

// Spec returns the connector's spec.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "reddit",
		Network: Network,
		NameEN:  "Reddit",
		NameFR:  "Reddit",
		Fields: []connector.Field{
			{Name: "client_id", Type: "string", Required: true,
				HelpEN: "Client id of a Reddit app of type \"script\" or \"web app\" (reddit.com/prefs/apps).",
				HelpFR: "Identifiant client d'une application Reddit de type « script » ou « web app » (reddit.com/prefs/apps)."},
			{Name: "client_secret", Type: "secret", Secret: true, Required: true,
				HelpEN: "Secret of that Reddit app.",
				HelpFR: "Secret de cette application Reddit."},
			{Name: "listing", Type: "string", Required: true,
				HelpEN: "What to read: posts (new posts of the subreddits), comments (their new comments) or search (posts matching the query).",
				HelpFR: "Ce qu'il faut lire : posts (nouvelles publications des subreddits), comments (leurs nouveaux commentaires) ou search (publications correspondant à la requête)."},
			{Name: "subreddits", Type: "list",
				HelpEN: "Subreddit names without r/, e.g. [\"france\", \"golang\"]. Required for posts and comments; limits search when given.",
				HelpFR: "Noms des subreddits sans r/, par exemple [\"france\", \"golang\"]. Requis pour posts et comments ; restreint la recherche si fourni."},
			{Name: "query", Type: "string",
				HelpEN: "Search words (listing search only), Reddit search syntax.",
				HelpFR: "Mots recherchés (listing search seulement), syntaxe de recherche de Reddit."},
			{Name: "user_agent", Type: "string",
				HelpEN: "User-Agent Reddit asks for, e.g. \"parvis:acme-listening:v1 (by /u/acme)\".",
				HelpFR: "User-Agent demandé par Reddit, par exemple « parvis:acme-listening:v1 (by /u/acme) »."},
			{Name: "auth_url", Type: "url",
				HelpEN: "OAuth host; leave empty for " + DefaultAuthURL + ".",
				HelpFR: "Hôte OAuth ; laisser vide pour " + DefaultAuthURL + "."},
			{Name: "api_url", Type: "url",
				HelpEN: "API host; leave empty for " + DefaultAPIURL + ".",
				HelpFR: "Hôte de l'API ; laisser vide pour " + DefaultAPIURL + "."},
		},
		New: New,
	}
}

// Config is the configuration of a Reddit source.
type Config struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	Listing      string   `json:"listing"`
	Subreddits   []string `json:"subreddits"`
	Query        string   `json:"query"`
	UserAgent    string   `json:"user_agent"`
	AuthURL      string   `json:"auth_url"`
	APIURL       string   `json:"api_url"`
}

var subredditName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_]{1,20}$`)

type state struct {
	After string         `json:"after,omitempty"` // next page of the pass in progress
	Pages int            `json:"pages,omitempty"`
	Seen  connector.Seen `json:"seen"`
}

type source struct {
	cfg           Config
	auth, api     string
	path          string
	deps          connector.Deps
	mu            sync.Mutex
	token         string
	tokenExpiry   time.Time
	rateLimitedTo time.Time
}

// New decodes and validates cfg and returns the source.
func New(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c Config
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("client_id", c.ClientID); err != nil {
		return nil, err
	}
	if err := connector.Required("client_secret", c.ClientSecret); err != nil {
		return nil, err
	}
	for i, s := range c.Subreddits {
		c.Subreddits[i] = strings.TrimPrefix(strings.TrimSpace(s), "r/")
		if !subredditName.MatchString(c.Subreddits[i]) {
			return nil, connector.FieldErrorf("subreddits", "%q is not a subreddit name", s)
		}
	}
	subs := strings.Join(c.Subreddits, "+")
	var path string
	switch c.Listing {
	case "posts", "comments":
		if len(c.Subreddits) == 0 {
			return nil, connector.FieldErrorf("subreddits", "required for listing %s", c.Listing)
		}
		if c.Listing == "posts" {
			path = "/r/" + subs + "/new"
		} else {
			path = "/r/" + subs + "/comments"
		}
	case "search":
		if err := connector.Required("query", c.Query); err != nil {
			return nil, err
		}
		q := url.Values{"q": {c.Query}, "sort": {"new"}, "type": {"link"}}
		path = "/search?"
		if subs != "" {
			path = "/r/" + subs + "/search?"
			q.Set("restrict_sr", "1")
		}
		path += q.Encode()
	case "":
		return nil, connector.FieldErrorf("listing", "required (posts, comments or search)")
	default:
		return nil, connector.FieldErrorf("listing", "%q is not posts, comments or search", c.Listing)
	}
	auth, err := connector.CheckHTTPURL("auth_url", c.AuthURL, DefaultAuthURL)
	if err != nil {
		return nil, err
	}
	api, err := connector.CheckHTTPURL("api_url", c.APIURL, DefaultAPIURL)
	if err != nil {
		return nil, err
	}
	if c.UserAgent == "" {
		c.UserAgent = "parvis:listening:v1"
	}
	return &source{cfg: c, auth: auth, api: api, path: path, deps: deps}, nil
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

// accessToken returns a valid application-only token, asking for a new one
// when the last one expired or was refused.
func (s *source) accessToken(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.deps.Clock.Now()
	if s.token != "" && now.Before(s.tokenExpiry) {
		return s.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.auth+"/api/v1/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", connector.Errorf(connector.Permanent, "reddit: %w", err)
	}
	req.SetBasicAuth(s.cfg.ClientID, s.cfg.ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	connector.MarkReplayable(req) // another token does no harm
	_, body, err := connector.Do(s.deps, req)
	if err != nil {
		return "", err
	}
	var tr tokenResponse
	if err := connector.DecodeJSONBody(body, &tr); err != nil {
		return "", connector.Malformed("POST "+s.auth+"/api/v1/access_token", err)
	}
	if tr.AccessToken == "" {
		// Reddit answers 200 {"error": "invalid_grant"} for some refusals.
		return "", connector.Errorf(connector.CredentialsExpired, "reddit: no access token for client id %s: %s", s.cfg.ClientID, strings.TrimSpace(string(body)))
	}
	if tr.ExpiresIn <= 0 {
		tr.ExpiresIn = 3600
	}
	s.token = tr.AccessToken
	// Renew a minute early so that a token never expires mid-request.
	s.tokenExpiry = now.Add(time.Duration(tr.ExpiresIn)*time.Second - time.Minute)
	return s.token, nil
}

func (s *source) dropToken() {
	s.mu.Lock()
	s.token = ""
	s.mu.Unlock()
}

type listing struct {
	Kind string `json:"kind"`
	Data struct {
		After    *string `json:"after"`
		Children []struct {
			Kind string `json:"kind"`
			Data thing  `json:"data"`
		} `json:"children"`
	} `json:"data"`
}

type thing struct {
	Name        string  `json:"name"`
	Title       string  `json:"title"`
	Selftext    string  `json:"selftext"`
	Body        string  `json:"body"`
	Author      string  `json:"author"`
	Subreddit   string  `json:"subreddit"`
	Permalink   string  `json:"permalink"`
	URL         string  `json:"url"`
	CreatedUTC  float64 `json:"created_utc"`
	Score       int64   `json:"score"`
	NumComments int64   `json:"num_comments"`
	LinkID      string  `json:"link_id"`
	ParentID    string  `json:"parent_id"`
	IsSelf      bool    `json:"is_self"`
}

// Fetch reads one page of the listing, newest first; a pass stops at the
// first page holding an item already delivered.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "reddit: saved state is unreadable: %w", err)
		}
	}
	now := s.deps.Clock.Now()
	s.mu.Lock()
	wait := s.rateLimitedTo.Sub(now)
	s.mu.Unlock()
	if wait > 0 {
		return connector.Batch{}, &connector.Error{Class: connector.RateLimited, RetryAfter: wait, Msg: "reddit: rate limit used up until the window resets"}
	}
	q := url.Values{"limit": {"100"}, "raw_json": {"1"}}
	if st.After != "" {
		q.Set("after", st.After)
	}
	sep := "?"
	if strings.Contains(s.path, "?") {
		sep = "&"
	}
	rawURL := s.api + s.path + sep + q.Encode()
	var l listing
	resp, err := s.getListing(ctx, rawURL, &l)
	if err != nil {
		return connector.Batch{}, err
	}
	s.noteRateLimit(resp)

	var items []model.Item
	reachedSeen := false
	for _, c := range l.Data.Children {
		it, ok := toItem(c.Kind, c.Data)
		if !ok {
			continue
		}
		if st.Seen.Has(it.ExternalID) {
			reachedSeen = true
			continue
		}
		st.Seen.Add(it.ExternalID)
		it.FetchedAt = now
		items = append(items, it)
	}
	more := !reachedSeen && l.Data.After != nil && *l.Data.After != "" && len(l.Data.Children) > 0 && st.Pages+1 < maxPages
	if more {
		st.After, st.Pages = *l.Data.After, st.Pages+1
	} else {
		st.After, st.Pages = "", 0
	}
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: items, State: b, More: more}, nil
}

// getListing GETs a listing, renewing the token once when it was refused.
func (s *source) getListing(ctx context.Context, rawURL string, l *listing) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		token, err := s.accessToken(ctx)
		if err != nil {
			return nil, err
		}
		h := http.Header{"Authorization": {"Bearer " + token}, "User-Agent": {s.cfg.UserAgent}}
		resp, err := connector.GetJSON(ctx, s.deps, rawURL, h, l)
		if err != nil && connector.Classify(err) == connector.CredentialsExpired && attempt == 0 {
			s.dropToken()
			continue
		}
		if err == nil && l.Kind != "Listing" {
			return resp, connector.Malformed("GET "+connector.Redact(rawURL), errWantListing{l.Kind})
		}
		return resp, err
	}
}

type errWantListing struct{ kind string }

func (e errWantListing) Error() string { return "want a Listing, got kind " + strconv.Quote(e.kind) }

// noteRateLimit remembers a used-up rate-limit window (X-Ratelimit-Remaining
// below 1) so that the next fetch waits for X-Ratelimit-Reset.
func (s *source) noteRateLimit(resp *http.Response) {
	if resp == nil {
		return
	}
	remaining, err1 := strconv.ParseFloat(resp.Header.Get("X-Ratelimit-Remaining"), 64)
	reset, err2 := strconv.ParseFloat(resp.Header.Get("X-Ratelimit-Reset"), 64)
	if err1 != nil || err2 != nil || remaining >= 1 {
		return
	}
	s.mu.Lock()
	s.rateLimitedTo = s.deps.Clock.Now().Add(time.Duration(reset * float64(time.Second)))
	s.mu.Unlock()
}

func toItem(kind string, d thing) (model.Item, bool) {
	if d.Name == "" || d.CreatedUTC <= 0 {
		return model.Item{}, false
	}
	it := model.Item{
		Network:    Network,
		ExternalID: d.Name,
		CreatedAt:  time.Unix(int64(d.CreatedUTC), 0).UTC(),
		Metrics:    model.Metrics{Likes: d.Score, Replies: d.NumComments},
		Source:     "r/" + d.Subreddit,
	}
	if d.Permalink != "" {
		it.URL = "https://www.reddit.com" + d.Permalink
	}
	if d.Author != "" && d.Author != "[deleted]" {
		it.Author = model.Author{Handle: d.Author, Name: "u/" + d.Author, URL: "https://www.reddit.com/user/" + url.PathEscape(d.Author)}
	}
	switch kind {
	case "t3":
		it.Kind = model.KindPost
		it.Title = connector.PlainText(d.Title)
		it.Text = connector.PlainText(d.Selftext)
		if it.Text == "" && !d.IsSelf && d.URL != "" {
			it.Text = d.URL
		}
		it.ThreadID = d.Name
	case "t1":
		it.Kind = model.KindComment
		it.Text = connector.PlainText(d.Body)
		it.ParentID = d.ParentID
		it.ThreadID = d.LinkID
	default:
		return model.Item{}, false
	}
	if it.Text == "" && it.Title == "" {
		return model.Item{}, false
	}
	return it, true
}
