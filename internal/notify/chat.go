package notify

import (
	"bytes"
	"encoding/json"
	"strings"
)

// chatFormats builds the body each chat tool's incoming webhook expects.
var chatFormats = map[string]func(Message) ([]byte, error){
	"slack":      slackBody,
	"mattermost": mattermostBody,
	"discord":    discordBody,
	"teams":      teamsBody,
}

func jsonBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// plain renders a message as lines of text, with markdown bold title.
func plain(m Message, bold string) string {
	var b strings.Builder
	if m.Priority == "high" {
		b.WriteString("🚨 ")
	}
	b.WriteString(bold + m.Title + bold + "\n" + m.Text)
	for _, f := range m.Fields {
		b.WriteString("\n" + f.Label + ": " + f.Value)
	}
	if m.Link != "" {
		b.WriteString("\n" + m.Link)
	}
	return b.String()
}

// slackBody is Slack's incoming webhook format (text, mrkdwn).
func slackBody(m Message) ([]byte, error) {
	return jsonBody(map[string]any{"text": plain(m, "*")})
}

// mattermostBody is Mattermost's (Slack-compatible, markdown).
func mattermostBody(m Message) ([]byte, error) {
	return jsonBody(map[string]any{"text": plain(m, "**"), "username": "Parvis"})
}

// discordBody is Discord's webhook format; content is limited to 2,000
// characters.
func discordBody(m Message) ([]byte, error) {
	s := plain(m, "**")
	if r := []rune(s); len(r) > 2000 {
		s = string(r[:1999]) + "…"
	}
	return jsonBody(map[string]any{"content": s, "username": "Parvis", "allowed_mentions": map[string]any{"parse": []string{}}})
}

// teamsBody is an Adaptive Card message, what Teams workflow webhooks
// (which replace the retired Office 365 connectors) accept.
func teamsBody(m Message) ([]byte, error) {
	body := []any{
		map[string]any{"type": "TextBlock", "text": m.Title, "weight": "Bolder", "size": "Medium", "wrap": true},
		map[string]any{"type": "TextBlock", "text": m.Text, "wrap": true},
	}
	if len(m.Fields) > 0 {
		facts := make([]any, len(m.Fields))
		for i, f := range m.Fields {
			facts[i] = map[string]string{"title": f.Label, "value": f.Value}
		}
		body = append(body, map[string]any{"type": "FactSet", "facts": facts})
	}
	card := map[string]any{"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
		"body": body}
	if m.Link != "" {
		card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": "Parvis", "url": m.Link}}
	}
	return jsonBody(map[string]any{"type": "message", "attachments": []any{
		map[string]any{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}}})
}
