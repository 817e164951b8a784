package discord

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/publish/publisher"
)

func TestWebhookAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header map[string]string
		answer string
		class  connector.Class
		retry  time.Duration
		url    string
	}{
		{"posted", 200, nil, `{"id":"11","channel_id":"22","guild_id":"33"}`, 0, 0, "https://discord.com/channels/33/22/11"},
		{"rate limited", 429, map[string]string{"Retry-After": "2"}, `{"message":"You are being rate limited.","retry_after":1.5}`, connector.RateLimited, 2 * time.Second, ""},
		{"webhook deleted", 404, nil, `{"message":"Unknown Webhook","code":10015}`, connector.Permanent, 0, ""},
		{"webhook token wrong", 401, nil, `{"message":"Invalid Webhook Token","code":50027}`, connector.CredentialsExpired, 0, ""},
		{"server error", 503, nil, `upstream`, connector.Retryable, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body map[string]any
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("wait") != "true" {
					t.Errorf("no wait=true: %s", r.URL)
				}
				json.NewDecoder(r.Body).Decode(&body)
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			cfg, _ := json.Marshal(Config{WebhookURL: srv.URL + "/api/webhooks/1/tok"})
			p, err := New(cfg, connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Publish(context.Background(), publisher.Content{Text: "@everyone bonjour"}, "k")
			if body["content"] != "@everyone bonjour" || body["allowed_mentions"] == nil {
				t.Errorf("request = %v (mentions must be disabled)", body)
			}
			if connector.Classify(err) != tc.class || connector.RetryAfterOf(err) != tc.retry || res.URL != tc.url {
				t.Fatalf("Publish = %+v, %v (class %v, retry %v)", res, err, connector.Classify(err), connector.RetryAfterOf(err))
			}
		})
	}
}

func TestAttachmentsGoInOneRequest(t *testing.T) {
	var payload map[string]any
	var files []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
			if p.FormName() == "payload_json" {
				json.Unmarshal(b, &payload)
				continue
			}
			files = append(files, p.FormName()+"="+p.Header.Get("Content-Type")+":"+string(b))
		}
		io.WriteString(w, `{"id":"11","channel_id":"22","guild_id":"33"}`)
	}))
	defer srv.Close()
	cfg, _ := json.Marshal(Config{WebhookURL: srv.URL + "/api/webhooks/1/tok"})
	p, _ := New(cfg, connector.Deps{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), Clock: clock.Real{}})
	_, err := p.Publish(context.Background(), publisher.Content{Text: "Deux images", Media: []publisher.Media{
		{MIME: "image/png", Alt: "Un", Data: []byte("png-bytes")}, {MIME: "image/jpeg", Alt: "Deux", Data: []byte("jpg-bytes")}}}, "k")
	if err != nil {
		t.Fatal(err)
	}
	att, _ := payload["attachments"].([]any)
	if payload["content"] != "Deux images" || len(att) != 2 || att[1].(map[string]any)["description"] != "Deux" {
		t.Fatalf("payload = %v", payload)
	}
	if len(files) != 2 || files[0] != "files[0]=image/png:png-bytes" || files[1] != "files[1]=image/jpeg:jpg-bytes" {
		t.Fatalf("files = %v", files)
	}
}
