package telegram

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/publish/publisher"
)

func TestSendMessageAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		class  connector.Class
		retry  time.Duration
		url    string
	}{
		{"public channel", `{"ok":true,"result":{"message_id":42,"chat":{"id":-1001234,"username":"lyon"}}}`, 0, 0, "https://t.me/lyon/42"},
		{"private channel", `{"ok":true,"result":{"message_id":7,"chat":{"id":-1001234}}}`, 0, 0, "https://t.me/c/1234/7"},
		{"flood control", `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}`, connector.RateLimited, 35 * time.Second, ""},
		{"bot removed", `{"ok":false,"error_code":403,"description":"Forbidden: bot is not a member of the channel chat"}`, connector.CredentialsExpired, 0, ""},
		{"bad token", `{"ok":false,"error_code":401,"description":"Unauthorized"}`, connector.CredentialsExpired, 0, ""},
		{"text refused", `{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}`, connector.Permanent, 0, ""},
		{"server error", `{"ok":false,"error_code":502,"description":"Bad Gateway"}`, connector.Retryable, 0, ""},
		{"not JSON", `<html>proxy error</html>`, connector.Retryable, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got map[string]any
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/bot123:abc/sendMessage" {
					t.Errorf("path %s", r.URL.Path)
				}
				json.NewDecoder(r.Body).Decode(&got)
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			cfg, _ := json.Marshal(Config{BotToken: "123:abc", ChatID: "@lyon", APIURL: srv.URL})
			p, err := New(cfg, connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Publish(context.Background(), publisher.Content{Text: "Bonjour"}, "k")
			if got["chat_id"] != "@lyon" || got["text"] != "Bonjour" {
				t.Errorf("request = %v", got)
			}
			if connector.Classify(err) != tc.class || connector.RetryAfterOf(err) != tc.retry || res.URL != tc.url {
				t.Fatalf("Publish = %+v, %v (class %v, retry %v)", res, err, connector.Classify(err), connector.RetryAfterOf(err))
			}
			if err != nil && strings.Contains(err.Error(), "123:abc") {
				t.Errorf("the bot token leaks into the error: %v", err)
			}
		})
	}
}

func TestAttachmentsWithTheTextAsCaption(t *testing.T) {
	tests := []struct {
		name   string
		media  []publisher.Media
		method string
		answer string
		fields map[string]string
		files  int
	}{
		{"one photo", []publisher.Media{{MIME: "image/png", Data: []byte("p")}}, "sendPhoto",
			`{"ok":true,"result":{"message_id":5,"chat":{"id":-1001,"username":"lyon"}}}`, map[string]string{"caption": "Légende", "photo": "attach://file0"}, 1},
		{"one video", []publisher.Media{{MIME: "video/mp4", Data: []byte("v")}}, "sendVideo",
			`{"ok":true,"result":{"message_id":5,"chat":{"id":-1001,"username":"lyon"}}}`, map[string]string{"caption": "Légende", "video": "attach://file0"}, 1},
		{"an album", []publisher.Media{{MIME: "image/png", Data: []byte("a")}, {MIME: "image/jpeg", Data: []byte("b")}}, "sendMediaGroup",
			`{"ok":true,"result":[{"message_id":5,"chat":{"id":-1001,"username":"lyon"}},{"message_id":6,"chat":{"id":-1001,"username":"lyon"}}]}`,
			map[string]string{"media": `[{"caption":"Légende","media":"attach://file0","type":"photo"},{"media":"attach://file1","type":"photo"}]`}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields := map[string]string{}
			files := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/bot1:a/"+tc.method {
					t.Errorf("method %s", r.URL.Path)
				}
				mr, err := r.MultipartReader()
				if err != nil {
					t.Errorf("not multipart: %v", err)
					return
				}
				for {
					p, err := mr.NextPart()
					if err != nil {
						break
					}
					b, _ := io.ReadAll(p)
					if p.FileName() != "" {
						files++
						continue
					}
					fields[p.FormName()] = string(b)
				}
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			cfg, _ := json.Marshal(Config{BotToken: "1:a", ChatID: "@lyon", APIURL: srv.URL})
			p, _ := New(cfg, connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}})
			res, err := p.Publish(context.Background(), publisher.Content{Text: "Légende", Media: tc.media}, "k")
			if err != nil || res.URL != "https://t.me/lyon/5" {
				t.Fatalf("Publish = %+v %v", res, err)
			}
			for k, v := range tc.fields {
				if fields[k] != v {
					t.Errorf("field %s = %q, want %q", k, fields[k], v)
				}
			}
			if fields["chat_id"] != "@lyon" || files != tc.files {
				t.Errorf("chat_id %q, %d files", fields["chat_id"], files)
			}
		})
	}
}

// A reply goes to the chat of the message answered, with its id in
// reply_parameters (Bot API 7.0); a bare id answers in the channel.
func TestRepliesGoToTheChatAnswered(t *testing.T) {
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]any
		json.NewDecoder(r.Body).Decode(&in)
		got = append(got, in)
		io.WriteString(w, `{"ok":true,"result":{"message_id":9,"chat":{"id":5551234}}}`)
	}))
	defer srv.Close()
	cfg, _ := json.Marshal(Config{BotToken: "123:abc", ChatID: "@lyon", APIURL: srv.URL})
	p, err := New(cfg, connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"5551234/77", "78", ""} {
		if _, err := p.Publish(context.Background(), publisher.Content{Text: "Merci !", ReplyTo: to}, "k"); err != nil {
			t.Fatal(err)
		}
	}
	want := []struct {
		chat string
		msg  float64
	}{{"5551234", 77}, {"@lyon", 78}, {"@lyon", 0}}
	for i, w := range want {
		rp, _ := got[i]["reply_parameters"].(map[string]any)
		id, _ := rp["message_id"].(float64)
		if got[i]["chat_id"] != w.chat || id != w.msg {
			t.Errorf("request %d = %v, want chat %s answering %v", i, got[i], w.chat, w.msg)
		}
	}
}
