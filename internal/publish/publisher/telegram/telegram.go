// Package telegram publishes messages to a Telegram channel through a bot
// that is an administrator of it.
//
// Retries: the Bot API has no idempotency key and no way to list a
// channel's messages, so an attempt whose outcome is unknown is never
// re-sent (publisher.Unsafe): the variant fails for a person to check.
package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	tgapi "github.com/parvis/parvis/internal/connector/telegram"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// Type is the channel type.
const Type = "telegram"

// DefaultAPI is the Bot API server.
const DefaultAPI = tgapi.DefaultAPI

// Config configures a Telegram channel.
type Config struct {
	BotToken string `json:"bot_token"`
	ChatID   string `json:"chat_id"`
	APIURL   string `json:"api_url,omitempty"`
}

var rules = publisher.Rules{MaxLength: 4096, Counting: publisher.UTF16,
	MaxMedia: 10, MaxMediaBytes: 50 << 20, MediaTypes: []string{"image/jpeg", "image/png", "image/webp", "video/mp4"},
	// With attachments the text is a caption.
	MaxLengthWithMedia: 1024,
	// A message can answer another (reply_parameters).
	Threads: true,
	// Bots may send about 20 messages a minute to one group or channel.
	Rate: publisher.Rate{N: 20, Per: time.Minute}}

// Spec registers the type.
func Spec() publisher.Spec {
	return publisher.Spec{Type: Type, NameEN: "Telegram channel", NameFR: "Canal Telegram", Retry: publisher.Unsafe,
		Fields: []connector.Field{
			{Name: "bot_token", Type: "secret", Required: true, Secret: true, HelpEN: "The token @BotFather gave; the bot must be an administrator of the channel.", HelpFR: "Le jeton donné par @BotFather ; le bot doit administrer le canal."},
			{Name: "chat_id", Type: "string", Required: true, HelpEN: "@channelname or the numeric id (-100…)", HelpFR: "@nomducanal ou l'identifiant numérique (-100…)"},
			{Name: "api_url", Type: "url", HelpEN: "A Bot API server other than " + DefaultAPI, HelpFR: "Un serveur Bot API autre que " + DefaultAPI},
		},
		Rules: rules, New: New}
}

type bot struct {
	cfg Config
	api tgapi.Bot
}

// New decodes the configuration.
func New(raw json.RawMessage, deps publisher.Deps) (publisher.Publisher, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("bot_token", c.BotToken); err != nil {
		return nil, err
	}
	if err := connector.Required("chat_id", c.ChatID); err != nil {
		return nil, err
	}
	u, err := connector.CheckHTTPURL("api_url", c.APIURL, DefaultAPI)
	if err != nil {
		return nil, err
	}
	c.APIURL = u
	return &bot{cfg: c, api: tgapi.Bot{API: u, Token: c.BotToken, Deps: deps}}, nil
}

func (t *bot) Rules() publisher.Rules { return rules }

// call posts a Bot API method (the shared client names the method and
// host in errors, never the token).
func (t *bot) call(ctx context.Context, method string, in any, out any) error {
	return t.api.Call(ctx, method, in, out)
}

func (t *bot) Verify(ctx context.Context) (publisher.Account, error) {
	if err := t.call(ctx, "getMe", struct{}{}, nil); err != nil {
		return publisher.Account{}, err
	}
	var chat struct {
		Title    string `json:"title"`
		Username string `json:"username"`
	}
	if err := t.call(ctx, "getChat", map[string]string{"chat_id": t.cfg.ChatID}, &chat); err != nil {
		return publisher.Account{}, err
	}
	name := chat.Title
	if chat.Username != "" {
		name = "@" + chat.Username
	}
	return publisher.Account{Name: name}, nil
}

// callMultipart posts a Bot API method with files (sendPhoto,
// sendMediaGroup…).
func (t *bot) callMultipart(ctx context.Context, method string, fields map[string]string, files []publisher.Media, out any) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file%d"; filename="parvis-%d"`, i, i+1))
		h.Set("Content-Type", f.MIME)
		fw, _ := mw.CreatePart(h)
		fw.Write(f.Data)
	}
	mw.Close()
	req, err := t.api.NewRequest(ctx, method, &buf, mw.FormDataContentType())
	if err != nil {
		return err
	}
	return t.api.Send(req, method, out)
}

func mediaKind(mime string) string {
	if strings.HasPrefix(mime, "video/") {
		return "video"
	}
	return "photo"
}

// sendMedia sends attachments with the text as caption, in one call: one
// file with sendPhoto/sendVideo, several with sendMediaGroup. Telegram has
// no text alternative for images.
func (t *bot) sendMedia(ctx context.Context, c publisher.Content, msg any) error {
	if len(c.Media) == 1 {
		kind := mediaKind(c.Media[0].MIME)
		method := "sendPhoto"
		if kind == "video" {
			method = "sendVideo"
		}
		return t.callMultipart(ctx, method, t.replyFields(c, map[string]string{"caption": c.Text, kind: "attach://file0"}), c.Media, msg)
	}
	var items []map[string]string
	for i, m := range c.Media {
		it := map[string]string{"type": mediaKind(m.MIME), "media": fmt.Sprintf("attach://file%d", i)}
		if i == 0 {
			it["caption"] = c.Text
		}
		items = append(items, it)
	}
	group, _ := json.Marshal(items)
	var msgs []json.RawMessage
	if err := t.callMultipart(ctx, "sendMediaGroup", t.replyFields(c, map[string]string{"media": string(group)}), c.Media, &msgs); err != nil {
		return err
	}
	if len(msgs) == 0 {
		return connector.Malformed("telegram sendMediaGroup", errors.New("no message"))
	}
	return json.Unmarshal(msgs[0], msg)
}

// replyRef reads an external id "chat/message" (as Publish returns it
// and the listening connector records messages) or a bare message id of
// the configured chat.
func replyRef(ext string) (chat string, msg int64, ok bool) {
	if ext == "" {
		return "", 0, false
	}
	chat, m, found := strings.Cut(ext, "/")
	if !found {
		chat, m = "", ext
	}
	id, err := strconv.ParseInt(m, 10, 64)
	return chat, id, err == nil && id > 0
}

// chat is where c goes: the chat of the message it answers (a reply to a
// message sent to the bot goes back to that chat), else the channel's.
func (t *bot) chat(c publisher.Content) string {
	if chat, _, ok := replyRef(c.ReplyTo); ok && chat != "" {
		return chat
	}
	return t.cfg.ChatID
}

// replyFields adds the chat and the reply reference of c to multipart
// fields.
func (t *bot) replyFields(c publisher.Content, f map[string]string) map[string]string {
	f["chat_id"] = t.chat(c)
	if _, id, ok := replyRef(c.ReplyTo); ok {
		f["reply_parameters"] = fmt.Sprintf(`{"message_id":%d,"allow_sending_without_reply":true}`, id)
	}
	return f
}

func (t *bot) Publish(ctx context.Context, c publisher.Content, key string) (publisher.Result, error) {
	var msg struct {
		MessageID int64 `json:"message_id"`
		Chat      struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"chat"`
	}
	var err error
	if len(c.Media) > 0 {
		err = t.sendMedia(ctx, c, &msg)
	} else {
		in := map[string]any{"chat_id": t.chat(c), "text": c.Text}
		if _, id, ok := replyRef(c.ReplyTo); ok {
			in["reply_parameters"] = map[string]any{"message_id": id, "allow_sending_without_reply": true}
		}
		err = t.call(ctx, "sendMessage", in, &msg)
	}
	if err != nil {
		return publisher.Result{}, err
	}
	res := publisher.Result{ExternalID: strconv.FormatInt(msg.Chat.ID, 10) + "/" + strconv.FormatInt(msg.MessageID, 10)}
	if msg.Chat.Username != "" {
		res.URL = "https://t.me/" + msg.Chat.Username + "/" + strconv.FormatInt(msg.MessageID, 10)
	} else if id := strconv.FormatInt(msg.Chat.ID, 10); strings.HasPrefix(id, "-100") {
		res.URL = "https://t.me/c/" + strings.TrimPrefix(id, "-100") + "/" + strconv.FormatInt(msg.MessageID, 10)
	}
	return res, nil
}
