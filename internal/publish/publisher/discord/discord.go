// Package discord publishes messages to a Discord channel through one of
// its webhooks.
//
// Retries: Discord webhooks have no idempotency key, so an attempt whose
// outcome is unknown is never re-sent (publisher.Unsafe).
package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// Type is the channel type.
const Type = "discord"

// Config configures a Discord channel.
type Config struct {
	WebhookURL string `json:"webhook_url"`
}

var rules = publisher.Rules{MaxLength: 2000, Counting: publisher.Runes,
	MaxMedia: 10, MaxMediaBytes: 25 << 20, MediaTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}, AltText: true,
	// A webhook may post about 30 messages a minute in a channel.
	Rate: publisher.Rate{N: 30, Per: time.Minute}}

// Spec registers the type.
func Spec() publisher.Spec {
	return publisher.Spec{Type: Type, NameEN: "Discord channel", NameFR: "Salon Discord", Retry: publisher.Unsafe,
		Fields: []connector.Field{{Name: "webhook_url", Type: "secret", Required: true, Secret: true,
			HelpEN: "The channel's webhook URL (Channel settings → Integrations → Webhooks).", HelpFR: "L'URL du webhook du salon (Paramètres du salon → Intégrations → Webhooks)."}},
		Rules: rules, New: New}
}

type hook struct {
	cfg  Config
	deps publisher.Deps
}

// New decodes the configuration.
func New(raw json.RawMessage, deps publisher.Deps) (publisher.Publisher, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	u, err := connector.CheckHTTPURL("webhook_url", c.WebhookURL, "")
	if err != nil {
		return nil, err
	}
	c.WebhookURL = u
	return &hook{cfg: c, deps: deps}, nil
}

func (d *hook) Rules() publisher.Rules { return rules }

type webhookInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ChannelID string `json:"channel_id"`
	GuildID   string `json:"guild_id"`
}

// Verify reads the webhook (a GET on its URL needs no other credential).
func (d *hook) Verify(ctx context.Context) (publisher.Account, error) {
	var w webhookInfo
	if _, err := connector.GetJSON(ctx, d.deps, d.cfg.WebhookURL, nil, &w); err != nil {
		return publisher.Account{}, err
	}
	return publisher.Account{Name: w.Name, Config: map[string]any{}}, nil
}

func (d *hook) Publish(ctx context.Context, c publisher.Content, key string) (publisher.Result, error) {
	payload := map[string]any{"content": c.Text, "allowed_mentions": map[string]any{"parse": []string{}}}
	body, _ := json.Marshal(payload)
	contentType := "application/json"
	if len(c.Media) > 0 {
		// One multipart request: the message and its files go out together.
		var attachments []map[string]any
		for i, m := range c.Media {
			attachments = append(attachments, map[string]any{"id": i, "filename": fmt.Sprintf("parvis-%d%s", i+1, extension(m.MIME)), "description": m.Alt})
		}
		payload["attachments"] = attachments
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		pj, _ := json.Marshal(payload)
		mw.WriteField("payload_json", string(pj))
		for i, m := range c.Media {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files[%d]"; filename="parvis-%d%s"`, i, i+1, extension(m.MIME)))
			h.Set("Content-Type", m.MIME)
			fw, _ := mw.CreatePart(h)
			fw.Write(m.Data)
		}
		mw.Close()
		body, contentType = buf.Bytes(), mw.FormDataContentType()
	}
	u := d.cfg.WebhookURL
	if strings.Contains(u, "?") {
		u += "&wait=true"
	} else {
		u += "?wait=true"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return publisher.Result{}, connector.Errorf(connector.Permanent, "discord: bad webhook URL")
	}
	req.Header.Set("Content-Type", contentType)
	_, respBody, err := connector.Do(d.deps, req)
	if err != nil {
		return publisher.Result{}, err
	}
	var m struct {
		ID        string `json:"id"`
		ChannelID string `json:"channel_id"`
		GuildID   string `json:"guild_id"`
	}
	if err := connector.DecodeJSONBody(respBody, &m); err != nil {
		return publisher.Result{}, &connector.Error{Class: connector.Permanent, Msg: "discord: the message was sent but the answer is unreadable", Err: err}
	}
	res := publisher.Result{ExternalID: m.ID}
	if m.GuildID != "" && m.ChannelID != "" {
		res.URL = "https://discord.com/channels/" + url.PathEscape(m.GuildID) + "/" + url.PathEscape(m.ChannelID) + "/" + url.PathEscape(m.ID)
	}
	return res, nil
}

func extension(mime string) string {
	switch mime {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "video/mp4":
		return ".mp4"
	}
	return ""
}
