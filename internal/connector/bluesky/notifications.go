package bluesky

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// NotificationsSpec is a connected account's mentions, replies and quotes.
func NotificationsSpec() connector.Spec {
	return connector.Spec{
		Type:    "bluesky_notifications",
		Network: Network,
		NameEN:  "Bluesky mentions and replies",
		NameFR:  "Mentions et réponses Bluesky",
		Fields: []connector.Field{
			{Name: "handle", Type: "string", Required: true,
				HelpEN: "Handle of the account, e.g. acme.bsky.social.",
				HelpFR: "Pseudo du compte, par exemple acme.bsky.social."},
			{Name: "app_password", Type: "secret", Secret: true, Required: true,
				HelpEN: "An app password of the account (Settings → Privacy and security → App passwords), never the main password.",
				HelpFR: "Un mot de passe d'application du compte (Paramètres → Confidentialité et sécurité → Mots de passe d'application), jamais le mot de passe principal."},
			{Name: "service_url", Type: "url",
				HelpEN: "The account's PDS; leave empty for " + DefaultPDS + ".",
				HelpFR: "Le PDS du compte ; laisser vide pour " + DefaultPDS + "."},
			{Name: "reasons", Type: "list",
				HelpEN: "Notification reasons to keep; default [\"mention\", \"reply\", \"quote\"].",
				HelpFR: "Motifs de notification à garder ; par défaut [\"mention\", \"reply\", \"quote\"]."},
		},
		New: NewNotifications,
	}
}

// NotificationsConfig is the configuration of a notifications source.
type NotificationsConfig struct {
	Handle      string   `json:"handle"`
	AppPassword string   `json:"app_password"`
	ServiceURL  string   `json:"service_url"`
	Reasons     []string `json:"reasons"`
}

type notificationsSource struct {
	session *session
	service string
	reasons map[string]bool
	deps    connector.Deps
}

// NewNotifications decodes and validates cfg and returns the source.
func NewNotifications(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c NotificationsConfig
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("handle", c.Handle); err != nil {
		return nil, err
	}
	if err := connector.Required("app_password", c.AppPassword); err != nil {
		return nil, err
	}
	service, err := connector.CheckHTTPURL("service_url", c.ServiceURL, DefaultPDS)
	if err != nil {
		return nil, err
	}
	if len(c.Reasons) == 0 {
		c.Reasons = []string{"mention", "reply", "quote"}
	}
	reasons := map[string]bool{}
	for _, r := range c.Reasons {
		switch r {
		case "mention", "reply", "quote":
			reasons[r] = true
		default:
			return nil, connector.FieldErrorf("reasons", "%q is not mention, reply or quote", r)
		}
	}
	return &notificationsSource{
		session: &session{pds: service, identifier: strings.TrimPrefix(c.Handle, "@"), password: c.AppPassword, deps: deps},
		service: service,
		reasons: reasons,
		deps:    deps,
	}, nil
}

type notificationsOutput struct {
	Cursor        string `json:"cursor"`
	Notifications []struct {
		URI       string          `json:"uri"`
		Author    ProfileView     `json:"author"`
		Reason    string          `json:"reason"`
		Record    json.RawMessage `json:"record"`
		IndexedAt string          `json:"indexedAt"`
	} `json:"notifications"`
}

// Fetch reads one page of notifications, newest first.
func (s *notificationsSource) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	st, err := loadPageState(raw)
	if err != nil {
		return connector.Batch{}, err
	}
	q := url.Values{"limit": {"50"}}
	if st.Cursor != "" {
		q.Set("cursor", st.Cursor)
	}
	var out notificationsOutput
	err = s.session.call(ctx, func(token string) error {
		return xrpcGet(ctx, s.deps, s.service, "app.bsky.notification.listNotifications", q, token, &out)
	})
	if err != nil {
		return connector.Batch{}, err
	}
	var items []model.Item
	for _, n := range out.Notifications {
		if !s.reasons[n.Reason] {
			continue
		}
		it, ok := postItem(n.URI, n.Author, n.Record, n.IndexedAt)
		if !ok {
			continue
		}
		if n.Reason == "mention" || n.Reason == "quote" {
			if it.Kind == model.KindPost {
				it.Kind = model.KindMention
			}
		}
		it.Source = "Bluesky notifications"
		items = append(items, it)
	}
	return finishPage(st, items, out.Cursor, s.deps.Clock.Now())
}
