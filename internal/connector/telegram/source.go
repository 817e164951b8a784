package telegram

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of Telegram items.
const Network = "telegram"

// pageSize is the most updates getUpdates returns at once.
const pageSize = 100

// Spec returns the spec of the bot source: what people write to the
// workspace's bot (private messages) and in the groups it belongs to
// (replies become threads), and the posts of channels it administers.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "telegram_bot",
		Network: Network,
		NameEN:  "Telegram bot",
		NameFR:  "Bot Telegram",
		Fields: []connector.Field{
			{Name: "bot_token", Type: "secret", Required: true, Secret: true,
				HelpEN: "The token @BotFather gave. Use the bot of the workspace's Telegram channel so that replies from the inbox go out through it. The bot must have no webhook set.",
				HelpFR: "Le jeton donné par @BotFather. Utilisez le bot du canal Telegram de l'espace pour que les réponses de la messagerie partent par lui. Le bot ne doit pas avoir de webhook."},
			{Name: "api_url", Type: "url",
				HelpEN: "A Bot API server other than " + DefaultAPI, HelpFR: "Un serveur Bot API autre que " + DefaultAPI},
		},
		New: New,
	}
}

// Config configures the bot source.
type Config struct {
	BotToken string `json:"bot_token"`
	APIURL   string `json:"api_url,omitempty"`
}

type state struct {
	// Offset is the next update to read: getUpdates with it confirms the
	// ones before, so it is saved with the batch that stored them.
	Offset int64 `json:"offset"`
}

type source struct {
	bot Bot
}

// New decodes and checks the configuration.
func New(raw json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c Config
	if err := connector.DecodeConfig(raw, &c); err != nil {
		return nil, err
	}
	if err := connector.Required("bot_token", c.BotToken); err != nil {
		return nil, err
	}
	if strings.ContainsAny(c.BotToken, "/?# ") {
		return nil, connector.FieldErrorf("bot_token", "is not a bot token (digits, a colon and letters)")
	}
	u, err := connector.CheckHTTPURL("api_url", c.APIURL, DefaultAPI)
	if err != nil {
		return nil, err
	}
	return &source{bot: Bot{API: u, Token: c.BotToken, Deps: deps}}, nil
}

// Update is the part of the Bot API's Update Parvis reads.
type Update struct {
	UpdateID          int64    `json:"update_id"`
	Message           *Message `json:"message"`
	EditedMessage     *Message `json:"edited_message"`
	ChannelPost       *Message `json:"channel_post"`
	EditedChannelPost *Message `json:"edited_channel_post"`
}

// Message is the part of the Bot API's Message Parvis reads.
type Message struct {
	MessageID      int64    `json:"message_id"`
	From           *User    `json:"from"`
	SenderChat     *Chat    `json:"sender_chat"`
	Date           int64    `json:"date"`
	Chat           Chat     `json:"chat"`
	Text           string   `json:"text"`
	Caption        string   `json:"caption"`
	ReplyToMessage *Message `json:"reply_to_message"`
	// A channel post copied into the channel's discussion group: replies
	// to it there are comments on the channel post.
	IsAutomaticForward bool           `json:"is_automatic_forward"`
	ForwardOrigin      *ForwardOrigin `json:"forward_origin"`
	// Before Bot API 7.0.
	ForwardFromChat      *Chat `json:"forward_from_chat"`
	ForwardFromMessageID int64 `json:"forward_from_message_id"`
}

// ForwardOrigin is where a forwarded message comes from (Bot API 7.0+).
type ForwardOrigin struct {
	Type      string `json:"type"`
	Chat      *Chat  `json:"chat"`
	MessageID int64  `json:"message_id"`
}

// channelPost returns the external id of the channel post a message is
// the automatic copy of, in a discussion group.
func (m *Message) channelPost() (string, bool) {
	if m == nil || !m.IsAutomaticForward {
		return "", false
	}
	if o := m.ForwardOrigin; o != nil && o.Type == "channel" && o.Chat != nil && o.MessageID > 0 {
		return strconv.FormatInt(o.Chat.ID, 10) + "/" + strconv.FormatInt(o.MessageID, 10), true
	}
	if m.ForwardFromChat != nil && m.ForwardFromMessageID > 0 {
		return strconv.FormatInt(m.ForwardFromChat.ID, 10) + "/" + strconv.FormatInt(m.ForwardFromMessageID, 10), true
	}
	return "", false
}

// User is a Telegram user or bot.
type User struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

// Chat is a private chat, a group, a supergroup or a channel.
type Chat struct {
	ID       int64  `json:"id"`
	Type     string `json:"type"`
	Title    string `json:"title"`
	Username string `json:"username"`
}

// Fetch reads the updates after the saved offset.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "telegram: saved state is unreadable: %v", err)
		}
	}
	in := map[string]any{"limit": pageSize, "timeout": 0,
		"allowed_updates": []string{"message", "edited_message", "channel_post", "edited_channel_post"}}
	if st.Offset > 0 {
		in["offset"] = st.Offset
	}
	var updates []Update
	if err := s.bot.Call(ctx, "getUpdates", in, &updates); err != nil {
		return connector.Batch{}, err
	}
	now := s.bot.Deps.Clock.Now()
	items := make([]model.Item, 0, len(updates))
	for _, u := range updates {
		if u.UpdateID >= st.Offset {
			st.Offset = u.UpdateID + 1
		}
		if it, ok := ItemOf(u); ok {
			it.FetchedAt = now
			items = append(items, it)
		}
	}
	b, _ := json.Marshal(st)
	return connector.Batch{Items: items, State: b, More: len(updates) == pageSize}, nil
}

// ItemOf turns an update into an item: private messages are direct
// messages (one conversation per chat), a message answering another in a
// group is a reply in its thread, channel posts are posts. Messages
// without text or caption (stickers, joins) are left out. An edit carries
// the same external id ("chat/message") with its new text.
func ItemOf(u Update) (model.Item, bool) {
	m := u.Message
	for _, alt := range []*Message{u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m == nil {
			m = alt
		}
	}
	if m == nil || m.MessageID <= 0 || m.Date <= 0 {
		return model.Item{}, false
	}
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = strings.TrimSpace(m.Caption)
	}
	if text == "" {
		return model.Item{}, false
	}
	chat := strconv.FormatInt(m.Chat.ID, 10)
	it := model.Item{
		Network:    Network,
		ExternalID: chat + "/" + strconv.FormatInt(m.MessageID, 10),
		Kind:       model.KindPost,
		Text:       text,
		CreatedAt:  time.Unix(m.Date, 0).UTC(),
		Source:     "Telegram",
	}
	if m.Chat.Username != "" && m.Chat.Type != "private" { // private chats have no public links
		it.URL = "https://t.me/" + m.Chat.Username + "/" + strconv.FormatInt(m.MessageID, 10)
	}
	switch {
	case m.From != nil:
		it.Author = model.Author{Handle: m.From.Username, Name: strings.TrimSpace(m.From.FirstName + " " + m.From.LastName)}
		if it.Author.Handle == "" {
			it.Author.Handle = "id" + strconv.FormatInt(m.From.ID, 10) // no username: the stable user id
		} else {
			it.Author.URL = "https://t.me/" + m.From.Username
		}
	case m.SenderChat != nil:
		it.Author = model.Author{Handle: m.SenderChat.Username, Name: m.SenderChat.Title}
	}
	switch m.Chat.Type {
	case "private":
		it.Kind, it.ThreadID = model.KindMessage, "chat"+chat
	case "channel":
		it.ThreadID = it.ExternalID
	default: // group, supergroup
		if _, copied := m.channelPost(); copied {
			return model.Item{}, false // the channel's own post, already known as the channel post
		}
		if r := m.ReplyToMessage; r != nil && r.MessageID > 0 {
			it.Kind, it.ParentID = model.KindReply, chat+"/"+strconv.FormatInt(r.MessageID, 10)
			if post, ok := r.channelPost(); ok {
				// A comment on a channel post, in its discussion group:
				// its parent is the post itself, as the channel published
				// it, so that the inbox sees a comment on the
				// workspace's post. Replies still go to the group message.
				it.Kind, it.ParentID, it.ThreadID = model.KindComment, post, post
			}
		} else {
			it.ThreadID = it.ExternalID
		}
	}
	return it, true
}
