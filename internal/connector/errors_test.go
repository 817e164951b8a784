package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/fetch"
)

func TestFromHTTPResponse(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		status     int
		header     map[string]string
		wantClass  Class
		wantRetry  time.Duration
		wantNilErr bool
	}{
		{status: 200, wantNilErr: true},
		{status: 304, wantNilErr: true},
		{status: 429, header: map[string]string{"Retry-After": "120"}, wantClass: RateLimited, wantRetry: 120 * time.Second},
		{status: 429, header: map[string]string{"Retry-After": "Wed, 25 Nov 2026 12:05:00 GMT"}, wantClass: RateLimited, wantRetry: 5 * time.Minute},
		{status: 429, header: map[string]string{"X-Ratelimit-Reset": "42"}, wantClass: RateLimited, wantRetry: 42 * time.Second},
		{status: 429, wantClass: RateLimited},
		{status: 503, header: map[string]string{"Retry-After": "30"}, wantClass: RateLimited, wantRetry: 30 * time.Second},
		{status: 503, wantClass: Retryable},
		{status: 500, wantClass: Retryable},
		{status: 502, wantClass: Retryable},
		{status: 401, wantClass: CredentialsExpired},
		{status: 403, wantClass: CredentialsExpired},
		{status: 404, wantClass: Permanent},
		{status: 400, wantClass: Permanent},
		{status: 410, wantClass: Permanent},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.status, Status: fmt.Sprintf("%d %s", tt.status, http.StatusText(tt.status)), Header: http.Header{}}
		resp.Request = &http.Request{Method: "GET", URL: &url.URL{Scheme: "https", Host: "api.example", Path: "/v1/x", RawQuery: "key=SECRET"}}
		for k, v := range tt.header {
			resp.Header.Set(k, v)
		}
		err := FromHTTPResponse(resp, []byte(`{"error":"nope"}`), now)
		if tt.wantNilErr {
			if err != nil {
				t.Errorf("%d: err = %v, want nil", tt.status, err)
			}
			continue
		}
		if got := Classify(err); got != tt.wantClass {
			t.Errorf("%d %v: class = %v, want %v", tt.status, tt.header, got, tt.wantClass)
		}
		if got := RetryAfterOf(err); got != tt.wantRetry {
			t.Errorf("%d %v: retry after = %v, want %v", tt.status, tt.header, got, tt.wantRetry)
		}
		msg := err.Error()
		if strings.Contains(msg, "SECRET") || !strings.Contains(msg, "GET https://api.example/v1/x: HTTP "+fmt.Sprint(tt.status)) || !strings.Contains(msg, `{"error":"nope"}`) {
			t.Errorf("%d: message %q should name the request without its query and quote the body", tt.status, msg)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want Class
	}{
		{nil, 0},
		{Errorf(CredentialsExpired, "token of %s: %w", "alice", errors.New("expired")), CredentialsExpired},
		{fmt.Errorf("wrapped: %w", &Error{Class: RateLimited}), RateLimited},
		{&fetch.BlockedError{Host: "x", Reason: "private"}, Permanent},
		{&fetch.BodyTooLargeError{URL: "u", Limit: 1}, Permanent},
		{context.DeadlineExceeded, Retryable},
		{errors.New("connection reset by peer"), Retryable},
		{Malformed("GET x", errors.New("bad")), Retryable},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestDecodeConfig(t *testing.T) {
	t.Parallel()
	type cfg struct {
		URL      string   `json:"url"`
		Limit    int      `json:"limit"`
		Interval Duration `json:"interval"`
	}
	tests := []struct{ in, wantErr string }{
		{`{"url":"https://x.example"}`, ""},
		{``, ""},
		{`{"url":"u","extra":1}`, `config.extra: unknown field`},
		{`{"limit":"ten"}`, `config.limit: want int, got JSON string`},
		{`{"interval":"soon"}`, `"soon" is not a duration`},
		{`[1]`, `config: want a JSON object`},
		{`{"url":`, `config:`},
		{`{} {}`, `unexpected data after the JSON object`},
	}
	for _, tt := range tests {
		var c cfg
		err := DecodeConfig([]byte(tt.in), &c)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("DecodeConfig(%s) = %v, want error containing %q", tt.in, err, tt.wantErr)
		}
	}
	if err := Required("url", " "); err == nil || err.Error() != "config.url: required" {
		t.Errorf("Required = %v", err)
	}
	if _, err := CheckHTTPURL("service_url", "ftp://x", ""); err == nil || !strings.HasPrefix(err.Error(), "config.service_url: ") {
		t.Errorf("CheckHTTPURL(ftp) = %v", err)
	}
	if u, err := CheckHTTPURL("service_url", "", "https://api.example/"); err != nil || u != "https://api.example" {
		t.Errorf("CheckHTTPURL default = %q, %v", u, err)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	mk := func(typ string) Spec {
		return Spec{Type: typ, Network: "web", New: func(cfg json.RawMessage, deps Deps) (Source, error) { return nil, nil }}
	}
	r.Register(mk("b"))
	r.Register(mk("a"))
	if _, ok := r.Lookup("a"); !ok {
		t.Error("Lookup(a) not found")
	}
	if _, ok := r.Lookup("zzz"); ok {
		t.Error("Lookup(zzz) found")
	}
	if specs := r.Specs(); len(specs) != 2 || specs[0].Type != "a" || specs[1].Type != "b" {
		t.Errorf("Specs() = %v", specs)
	}
	if _, err := r.New("zzz", nil, Deps{}); err == nil || !strings.Contains(err.Error(), `"zzz"`) {
		t.Errorf("New(zzz) = %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a type twice did not panic")
		}
	}()
	r.Register(mk("a"))
}

func TestSeen(t *testing.T) {
	t.Parallel()
	var s Seen
	for i := 0; i < SeenLimit+10; i++ {
		s.Add(fmt.Sprint(i))
	}
	if s.Has("0") || s.Has("9") || !s.Has("10") || !s.Has(fmt.Sprint(SeenLimit+9)) || len(s.IDs) != SeenLimit {
		t.Errorf("Seen kept %d ids; has 0=%v 10=%v", len(s.IDs), s.Has("0"), s.Has("10"))
	}
}

func TestHostLimiter(t *testing.T) {
	t.Parallel()
	fc := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var slept []time.Duration
	l := NewHostLimiter(fc, time.Second).WithSleep(func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := l.Wait(ctx, "Example.com"); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Wait(ctx, "other.example"); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(slept) != "[1s 2s]" {
		t.Errorf("slept %v, want [1s 2s] (third request waits for the two before it; other host not delayed)", slept)
	}
	l.Backoff("example.com", time.Minute)
	fc.Advance(10 * time.Second)
	err := l.Wait(ctx, "example.com")
	if Classify(err) != RateLimited || RetryAfterOf(err) != 50*time.Second {
		t.Errorf("Wait during backoff = %v (retry %v), want RateLimited 50s", err, RetryAfterOf(err))
	}
	fc.Advance(time.Minute)
	if err := l.Wait(ctx, "example.com"); err != nil {
		t.Errorf("Wait after backoff = %v", err)
	}
	var nilLimiter *HostLimiter
	if err := nilLimiter.Wait(ctx, "x"); err != nil {
		t.Errorf("nil limiter Wait = %v", err)
	}
}

func TestCheckURLFields(t *testing.T) {
	t.Parallel()
	spec := Spec{Type: "x", Fields: []Field{{Name: "url", Type: "url"}, {Name: "name", Type: "string"}, {Name: "stream", Type: "url"}}}
	check := func(ctx context.Context, u string) error {
		return fetch.CheckURL(ctx, fetch.Options{}, u)
	}
	err := CheckURLFields(context.Background(), spec, []byte(`{"url":"https://93.184.216.34/feed","name":"http://127.0.0.1/","stream":"ws://[::1]:8080/subscribe"}`), check)
	if err == nil || !strings.HasPrefix(err.Error(), "config.stream: address ::1 of host ::1 is loopback and not allowed") {
		t.Errorf("CheckURLFields = %v, want the stream field refused", err)
	}
	if err := CheckURLFields(context.Background(), spec, []byte(`{"url":"http://93.184.216.34/","name":"http://127.0.0.1/"}`), check); err != nil {
		t.Errorf("public url and non-url field: %v", err)
	}
}
