package bluesky

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// SearchSpec is keyword search through an AppView.
func SearchSpec() connector.Spec {
	return connector.Spec{
		Type:    "bluesky_search",
		Network: Network,
		NameEN:  "Bluesky search",
		NameFR:  "Recherche Bluesky",
		Fields: []connector.Field{
			{Name: "query", Type: "string", Required: true,
				HelpEN: "Search words (Bluesky search syntax: \"exact phrase\", from:handle, lang:fr …).",
				HelpFR: "Mots recherchés (syntaxe de recherche Bluesky : \"expression exacte\", from:pseudo, lang:fr …)."},
			{Name: "service_url", Type: "url",
				HelpEN: "AppView serving app.bsky.feed.searchPosts; leave empty for " + DefaultAppView + ". With a handle and app password, give the account's PDS (e.g. " + DefaultPDS + "), which forwards the search.",
				HelpFR: "AppView qui sert app.bsky.feed.searchPosts ; laisser vide pour " + DefaultAppView + ". Avec un pseudo et un mot de passe d'application, indiquer le PDS du compte (par exemple " + DefaultPDS + "), qui transmet la recherche."},
			{Name: "handle", Type: "string",
				HelpEN: "Optional account handle to search as (some AppViews require a signed-in account).",
				HelpFR: "Pseudo facultatif du compte utilisé pour chercher (certains AppViews exigent un compte connecté)."},
			{Name: "app_password", Type: "secret", Secret: true,
				HelpEN: "App password of that account (Settings → Privacy and security → App passwords).",
				HelpFR: "Mot de passe d'application de ce compte (Paramètres → Confidentialité et sécurité → Mots de passe d'application)."},
		},
		New: NewSearch,
	}
}

// SearchConfig is the configuration of a Bluesky search source.
type SearchConfig struct {
	Query       string `json:"query"`
	ServiceURL  string `json:"service_url"`
	Handle      string `json:"handle"`
	AppPassword string `json:"app_password"`
}

type searchSource struct {
	cfg     SearchConfig
	service string
	session *session // nil without credentials
	deps    connector.Deps
}

// NewSearch decodes and validates cfg and returns a search source.
func NewSearch(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c SearchConfig
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("query", c.Query); err != nil {
		return nil, err
	}
	service, err := connector.CheckHTTPURL("service_url", c.ServiceURL, DefaultAppView)
	if err != nil {
		return nil, err
	}
	s := &searchSource{cfg: c, service: service, deps: deps}
	switch {
	case c.Handle != "" && c.AppPassword == "":
		return nil, connector.FieldErrorf("app_password", "required with a handle")
	case c.Handle == "" && c.AppPassword != "":
		return nil, connector.FieldErrorf("handle", "required with an app password")
	case c.Handle != "":
		s.session = &session{pds: service, identifier: c.Handle, password: c.AppPassword, deps: deps}
	}
	return s, nil
}

type searchOutput struct {
	Cursor string     `json:"cursor"`
	Posts  []PostView `json:"posts"`
}

// Fetch reads one page of the newest posts matching the query.
func (s *searchSource) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	st, err := loadPageState(raw)
	if err != nil {
		return connector.Batch{}, err
	}
	q := url.Values{"q": {s.cfg.Query}, "sort": {"latest"}, "limit": {"100"}}
	if st.Cursor != "" {
		q.Set("cursor", st.Cursor)
	}
	var out searchOutput
	get := func(token string) error {
		return xrpcGet(ctx, s.deps, s.service, "app.bsky.feed.searchPosts", q, token, &out)
	}
	if s.session != nil {
		err = s.session.call(ctx, get)
	} else {
		err = get("")
	}
	if err != nil {
		return connector.Batch{}, err
	}
	var items []model.Item
	for _, p := range out.Posts {
		it, ok := postItem(p.URI, p.Author, p.Record, p.IndexedAt)
		if !ok {
			continue
		}
		it.Metrics = model.Metrics{Likes: p.LikeCount, Reposts: p.RepostCount + p.QuoteCount, Replies: p.ReplyCount}
		it.Source = "Bluesky search: " + s.cfg.Query
		items = append(items, it)
	}
	return finishPage(st, items, out.Cursor, s.deps.Clock.Now())
}
