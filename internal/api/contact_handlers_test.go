package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/api"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type contactAPI struct {
	t     *testing.T
	srv   *httptest.Server
	ws    string
	users map[string]model.User
	db    *store.DB
}

// newContactAPI serves the API with the actor named by the X-Test-User
// header (the bearer-token middleware is tested elsewhere).
func newContactAPI(t *testing.T, db *store.DB) *contactAPI {
	t.Helper()
	fc := clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := auth.NewService(db, fc, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, a, fc)
	pipe := ingest.New(db, fc, log)
	svc := contacts.New(contacts.Options{DB: db, Workspaces: wss, Jobs: jobs.New(db, fc, log), Pipeline: pipe, Clock: fc, Log: log})
	c := &contactAPI{t: t, users: map[string]model.User{}, db: db}
	sys := auth.SystemContext(context.Background(), "test")
	for _, name := range []string{"owner", "manager", "editor", "viewer", "stranger"} {
		u, err := a.CreateUser(sys, auth.NewUser{Email: name + "@example.org", Password: "password-" + name, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		c.users[name] = u
	}
	owner := auth.WithActor(context.Background(), &auth.Actor{User: c.users["owner"]})
	w, err := wss.Create(owner, workspace.Input{Name: "Acme", TimeZone: "UTC", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	c.ws = w.Slug
	for _, r := range []string{"manager", "editor", "viewer"} {
		if _, err := wss.AddMember(owner, w.Slug, r+"@example.org", r); err != nil {
			t.Fatal(err)
		}
	}
	f := int64(500)
	items := []model.Item{
		{Network: "mastodon", ExternalID: "1", Kind: model.KindPost, Text: "<b>great</b> product", CreatedAt: fc.Now().Add(-time.Hour),
			Author:    model.Author{Handle: "mallory@m.social", Name: `<script>alert("x")</script>`, Followers: &f},
			Sentiment: &model.Sentiment{Label: "positive", Score: 0.7}, Metrics: model.Metrics{Likes: 3}},
		{Network: "bluesky", ExternalID: "2", Kind: model.KindPost, Text: "meh", CreatedAt: fc.Now().Add(-2 * time.Hour),
			Author: model.Author{Handle: "mallory.bsky.social", Name: "Mallory"}},
	}
	if _, err := pipe.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: w.ID}, Items: items}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Routes(mux, &api.Deps{Log: log, Auth: a, Workspaces: wss, Contacts: svc, MaxBody: 1 << 20})
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := c.users[r.Header.Get("X-Test-User")]; ok {
			r = r.WithContext(auth.WithActor(r.Context(), &auth.Actor{User: u}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *contactAPI) do(who, method, path, body string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.srv.URL+"/api/v1/workspaces/"+c.ws+path, strings.NewReader(body))
	req.Header.Set("X-Test-User", who)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *contactAPI) want(who, method, path, body string, status int) string {
	c.t.Helper()
	got, b := c.do(who, method, path, body)
	if got != status {
		c.t.Fatalf("%s %s %s as %s = %d, want %d: %s", method, path, body, who, got, status, b)
	}
	return b
}

func TestContactAPIRolesAndEscaping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newContactAPI(t, db)
		c.want("stranger", "GET", "/contacts", "", http.StatusNotFound) // a non-member does not learn the workspace exists
		body := c.want("viewer", "GET", "/contacts?sort=influence", "", http.StatusOK)
		var page struct {
			Contacts []struct {
				ID    int64  `json:"id"`
				Name  string `json:"name"`
				Score struct {
					Influence  int `json:"influence"`
					Components []struct {
						Name string `json:"name"`
					} `json:"components"`
				} `json:"score"`
			} `json:"contacts"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil || page.Total != 2 || len(page.Contacts[0].Score.Components) != 4 {
			t.Fatalf("page = %+v (%v)", page, err)
		}
		first := strconv.FormatInt(page.Contacts[0].ID, 10)
		second := strconv.FormatInt(page.Contacts[1].ID, 10)
		c.want("viewer", "GET", "/contacts?sort=loudest", "", http.StatusBadRequest)
		c.want("viewer", "GET", "/contacts?from=yesterday", "", http.StatusBadRequest)
		// The two Mallorys are suggested.
		if b := c.want("viewer", "GET", "/contacts/suggestions", "", http.StatusOK); !strings.Contains(b, `"handle"`) {
			t.Errorf("suggestions = %s", b)
		}
		c.want("viewer", "POST", "/contacts/suggestions/dismiss", `{"a":`+first+`,"b":`+second+`}`, http.StatusForbidden)
		c.want("editor", "POST", "/contacts/suggestions/dismiss", `{"a":`+first+`,"b":`+first+`}`, http.StatusBadRequest)
		c.want("editor", "POST", "/contacts/suggestions/dismiss", `{"a":`+first+`,"b":`+second+`}`, http.StatusNoContent)
		if b := c.want("viewer", "GET", "/contacts/suggestions", "", http.StatusOK); strings.Contains(b, `"handle"`) {
			t.Errorf("dismissed suggestion still listed: %s", b)
		}
		// Notes and tags: editor and up.
		c.want("viewer", "PATCH", "/contacts/"+first, `{"notes":"x"}`, http.StatusForbidden)
		b := c.want("editor", "PATCH", "/contacts/"+first, `{"notes":"<img src=x onerror=alert(1)>","tags":["critic","VIP"]}`, http.StatusOK)
		if strings.Contains(b, "<img") || !strings.Contains(b, `"vip"`) {
			t.Errorf("patched contact: %s", b)
		}
		c.want("editor", "PATCH", "/contacts/"+first, `{"colour":"red"}`, http.StatusBadRequest)
		c.want("editor", "PATCH", "/contacts/"+first, `{"name":"<script>alert(\"x\")</script>"}`, http.StatusOK)
		if b := c.want("viewer", "GET", "/contacts?q=script", "", http.StatusOK); strings.Contains(b, "<script>") || !strings.Contains(b, `\u003cscript\u003e`) {
			t.Errorf("names are not escaped in JSON: %s", b)
		}
		// Merge, export, erasure: manager and up.
		c.want("editor", "POST", "/contacts/"+first+"/merge", `{"contact_id":`+second+`}`, http.StatusForbidden)
		b = c.want("manager", "POST", "/contacts/"+first+"/merge", `{"contact_id":`+second+`}`, http.StatusOK)
		var merged model.Contact
		json.Unmarshal([]byte(b), &merged)
		if len(merged.Identities) != 2 {
			t.Fatalf("merged = %s", b)
		}
		c.want("manager", "GET", "/contacts/"+second, "", http.StatusNotFound)
		b = c.want("manager", "POST", "/contacts/"+first+"/unmerge", `{"identity_id":`+strconv.FormatInt(merged.Identities[1].ID, 10)+`}`, http.StatusCreated)
		var split model.Contact
		json.Unmarshal([]byte(b), &split)
		c.want("viewer", "GET", "/contacts/"+strconv.FormatInt(split.ID, 10), "", http.StatusOK)
		c.want("editor", "GET", "/contacts/"+first+"/export", "", http.StatusForbidden)
		if b := c.want("manager", "GET", "/contacts/"+first+"/export", "", http.StatusOK); !strings.Contains(b, `"handle":"`+merged.Identities[0].Handle+`"`) || strings.Contains(b, merged.Identities[1].Handle) {
			t.Errorf("export = %s", b)
		}
		// Feedback: editors mark, viewers read.
		c.want("viewer", "POST", "/feedback", `{"item_id":1,"category":"praise"}`, http.StatusForbidden)
		var itemID int64
		db.Q().QueryRow(context.Background(), `SELECT id FROM items WHERE external_id = '1'`).Scan(&itemID)
		c.want("editor", "POST", "/feedback", `{"item_id":`+strconv.FormatInt(itemID, 10)+`,"category":"praise"}`, http.StatusOK)
		c.want("editor", "POST", "/feedback", `{"item_id":`+strconv.FormatInt(itemID, 10)+`,"category":"gossip"}`, http.StatusBadRequest)
		b = c.want("viewer", "GET", "/feedback", "", http.StatusOK)
		if !strings.Contains(b, `"total":1`) || !strings.Contains(b, `"text":"great product"`) {
			t.Errorf("feedback = %s", b)
		}
		c.want("viewer", "GET", "/contacts/top?kind=ambassadors", "", http.StatusOK)
		c.want("viewer", "GET", "/contacts/top?kind=fans", "", http.StatusBadRequest)
		c.want("manager", "PUT", "/contact-settings", `{"erasure_policy":"delete","digest_emails":[]}`, http.StatusForbidden)
		c.want("owner", "PUT", "/contact-settings", `{"erasure_policy":"delete","digest_emails":["boss@example.org"]}`, http.StatusOK)
		c.want("editor", "DELETE", "/contacts/"+first, "", http.StatusForbidden)
		if b := c.want("manager", "DELETE", "/contacts/"+first, "", http.StatusOK); !strings.Contains(b, `"policy":"delete"`) {
			t.Errorf("erasure = %s", b)
		}
		c.want("manager", "GET", "/contacts/"+first, "", http.StatusNotFound)
		c.want("viewer", "GET", "/feedback/digests", "", http.StatusOK)
	})
}
