package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// botAPI replays the recorded getUpdates answer, honouring offset as the
// Bot API does (updates below it are confirmed and gone).
type botAPI struct {
	mu      sync.Mutex
	offsets []int64
}

func (b *botAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/bot123:abc/getUpdates" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	var in struct{ Offset int64 }
	json.NewDecoder(r.Body).Decode(&in)
	b.mu.Lock()
	b.offsets = append(b.offsets, in.Offset)
	b.mu.Unlock()
	raw, err := os.ReadFile("testdata/getUpdates.json")
	if err != nil {
		panic(err)
	}
	var page struct {
		OK     bool              `json:"ok"`
		Result []json.RawMessage `json:"result"`
	}
	json.Unmarshal(raw, &page)
	var keep []json.RawMessage
	for _, u := range page.Result {
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		json.Unmarshal(u, &id)
		if id.UpdateID >= in.Offset {
			keep = append(keep, u)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": append([]json.RawMessage{}, keep...)})
}

const cfg = `{"bot_token":"123:abc","api_url":%q}`

func TestConformance(t *testing.T) {
	conformancetest.Run(t, conformancetest.Case{
		Spec:      Spec(),
		Config:    func(base string) string { return fmt.Sprintf(cfg, base) },
		Handler:   &botAPI{},
		WantItems: 6, // the sticker has no text; the group's copy of the channel post is not an item
		Now:       now,
	})
}

func TestUpdatesBecomeItems(t *testing.T) {
	api := &botAPI{}
	srv := httptest.NewServer(api)
	defer srv.Close()
	src, err := New(json.RawMessage(fmt.Sprintf(cfg, srv.URL)), conformancetest.Deps(now))
	if err != nil {
		t.Fatal(err)
	}
	b, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Item{}
	var order []string
	for _, it := range b.Items {
		order = append(order, it.ExternalID)
		got[it.ExternalID] = it
	}
	if strings.Join(order, " ") != "5551234/77 -1001987654321/310 -1001987654321/311 -1001234/42 5551234/77 -1001987654321/901" {
		t.Fatalf("items %v", order)
	}
	dm := b.Items[0]
	if dm.Kind != model.KindMessage || dm.ThreadID != "chat5551234" || dm.Author.Handle != "ines_m" || dm.Author.Name != "Inès Moreau" ||
		!dm.CreatedAt.Equal(time.Unix(1795600000, 0)) || dm.URL != "" {
		t.Errorf("direct message %+v", dm)
	}
	if edit := b.Items[4]; !strings.Contains(edit.Text, "envoyée le 2/11") {
		t.Errorf("edit %+v", edit)
	}
	reply := got["-1001987654321/311"]
	if reply.Kind != model.KindReply || reply.ParentID != "-1001987654321/310" || reply.URL != "https://t.me/acme_communaute/311" {
		t.Errorf("group reply %+v", reply)
	}
	post := got["-1001234/42"]
	if post.Kind != model.KindPost || post.Text != "La v2 sort lundi !" || post.Author.Name != "Acme" || post.Author.Handle != "acme" {
		t.Errorf("channel post %+v", post)
	}
	if paul := got["-1001987654321/310"]; paul.Author.Handle != "id6662001" || paul.ThreadID != paul.ExternalID {
		t.Errorf("a user without a username: %+v", paul)
	}
	if c := got["-1001987654321/901"]; c.Kind != model.KindComment || c.ParentID != "-1001234/42" || c.ThreadID != "-1001234/42" {
		t.Errorf("comment on the channel post %+v", c)
	}
	// The offset is saved with the batch: fetching again confirms what
	// was read and asks for what follows.
	var st state
	json.Unmarshal(b.State, &st)
	if st.Offset != 826012009 || b.More {
		t.Errorf("state %+v more %v", st, b.More)
	}
	b2, err := src.Fetch(context.Background(), b.State)
	if err != nil || len(b2.Items) != 0 {
		t.Errorf("second fetch: %v, %d items", err, len(b2.Items))
	}
	if api.offsets[1] != 826012009 {
		t.Errorf("offsets sent %v", api.offsets)
	}
}

func TestBotAPIErrorsNeverShowTheToken(t *testing.T) {
	for _, tc := range []struct {
		body  string
		code  int
		class connector.Class
		retry time.Duration
	}{
		{`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}`, 429, connector.RateLimited, 35 * time.Second},
		{`{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active"}`, 409, connector.Permanent, 0},
		{`{"ok":false,"error_code":401,"description":"Unauthorized"}`, 401, connector.CredentialsExpired, 0},
		{`<html>bad gateway</html>`, 502, connector.Retryable, 0},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.code)
			fmt.Fprint(w, tc.body)
		}))
		src, _ := New(json.RawMessage(fmt.Sprintf(`{"bot_token":"123:secret-token","api_url":%q}`, srv.URL)), conformancetest.Deps(now))
		_, err := src.Fetch(context.Background(), nil)
		srv.Close()
		if connector.Classify(err) != tc.class || connector.RetryAfterOf(err) != tc.retry {
			t.Errorf("%d: %v classified %v, retry %v", tc.code, err, connector.Classify(err), connector.RetryAfterOf(err))
		}
		if err != nil && strings.Contains(err.Error(), "secret-token") {
			t.Errorf("the token leaks: %v", err)
		}
	}
	src, _ := New(json.RawMessage(`{"bot_token":"123:secret-token","api_url":"http://127.0.0.1:1"}`), conformancetest.Deps(now))
	if _, err := src.Fetch(context.Background(), nil); err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("unreachable server: %v", err)
	}
}

// FuzzItemOf feeds arbitrary updates through the decoder and the mapping:
// no panic, and every item kept is well formed.
func FuzzItemOf(f *testing.F) {
	raw, _ := os.ReadFile("testdata/getUpdates.json")
	var page struct{ Result []json.RawMessage }
	json.Unmarshal(raw, &page)
	for _, u := range page.Result {
		f.Add([]byte(u))
	}
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":0},"text":" "}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var u Update
		if json.Unmarshal(data, &u) != nil {
			return
		}
		it, ok := ItemOf(u)
		if !ok {
			return
		}
		if it.Network != Network || it.Text == "" || it.ExternalID == "" || !it.Kind.Valid() || it.CreatedAt.IsZero() {
			t.Fatalf("bad item %+v", it)
		}
	})
}
