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
