package web_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/workspace"
)

func TestStreamShowsItemsEscapedWithAuthorAndLink(t *testing.T) {
	w := newListenWorld(t)
	res := w.importJSONL(
		`{"external_id":"a1","network":"mastodon","kind":"post","text":"Bravo &lt;script&gt;alert('x')&lt;/script&gt; à l'équipe","author":{"name":"Zoé Martin","handle":"@zoe@example.social","url":"https://example.social/@zoe"},"url":"https://example.social/@zoe/1","created_at":"2026-03-01T10:00:00Z"}`,
		`{"external_id":"a2","network":"bluesky","kind":"reply","text":"&lt;img src=x onerror=alert(1)&gt; terrible service","author":"bob.bsky.social","created_at":"2026-03-01T11:00:00Z"}`,
	)
	if res.Imported != 2 {
		t.Fatalf("imported %+v", res)
	}
	a := w.ownerC.get("/w/acme/listening")
	a.want(t, http.StatusOK, "<h1>Listening</h1>", "<strong>Zoé Martin</strong>", "@zoe@example.social", "@bob.bsky.social", `href="https://example.social/@zoe"`,
		`href="https://example.social/@zoe/1"`, "Open the original", "bob.bsky.social",
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", `data-live="/w/acme/listening/live"`)
	if strings.Contains(a.Body, "<script>alert") || strings.Contains(a.Body, "<img src=") {
		t.Fatal("item text is not escaped")
	}
	// Newest first.
	if strings.Index(a.Body, "bob.bsky.social") > strings.Index(a.Body, "@zoe@example.social") {
		t.Error("the stream is not newest first")
	}
	// The placeholder of the area is gone.
	if strings.Contains(a.Body, "Listening will follow") {
		t.Error("the listening page still shows the placeholder")
	}
	// French page.
	w.ownerC.post("/lang", "lang", "fr", "next", "/")
	w.ownerC.get("/w/acme/listening").want(t, http.StatusOK, "<h1>Écoute</h1>", "Voir l&#39;original", "Réponse")
}

func TestStreamFiltersSearchAndPages(t *testing.T) {
	w := newListenWorld(t)
	var lines []string
	for i := 0; i < 60; i++ {
		lines = append(lines, fmt.Sprintf(`{"external_id":"n%d","network":"mastodon","text":"routine note %d","author":"someone","created_at":"2026-02-01T%02d:%02d:00Z"}`, i, i, i/60, i%60))
	}
	lines = append(lines,
		`{"external_id":"f1","network":"bluesky","kind":"reply","text":"Le café de la mairie est fermé","author":"claire.bsky.social","created_at":"2026-03-02T09:00:00Z","lang":"fr"}`,
		`{"external_id":"f2","network":"bluesky","kind":"post","text":"Great opening of the library","author":"dan.bsky.social","created_at":"2026-03-02T10:00:00Z","lang":"en"}`,
	)
	w.importJSONL(lines...)
	c := w.ownerC

	// Full-text search ignores case and accents.
	a := c.get("/w/acme/listening?q=CAFE")
	a.want(t, http.StatusOK, "claire.bsky.social", `value="CAFE"`)
	if strings.Contains(a.Body, "dan.bsky.social") || strings.Contains(a.Body, "routine note") {
		t.Error("search shows items that do not match")
	}
	// Filters: network and kind; the live region only notices.
	a = c.get("/w/acme/listening?network=bluesky&kind=post")
	a.want(t, http.StatusOK, "dan.bsky.social", `data-mode="notice"`, `<option value="post" selected>`)
	if strings.Contains(a.Body, "claire.bsky.social") {
		t.Error("kind filter not applied")
	}
	c.get("/w/acme/listening?author=claire.bsky.social").want(t, http.StatusOK, "Le café de la mairie")
	c.get("/w/acme/listening?lang=en").want(t, http.StatusOK, "Great opening")
	// Bad filters come back on the form, tied to their field.
	c.get("/w/acme/listening?kind=poem").want(t, http.StatusBadRequest, `id="f-kind-error"`, `aria-invalid="true"`)
	c.get("/w/acme/listening?since=yesterday").want(t, http.StatusBadRequest, `id="f-since-error"`)

	// 62 items: two pages of 50, the older link keeps the filters.
	first := c.get("/w/acme/listening?network=mastodon")
	first.want(t, http.StatusOK, `rel="next"`)
	if n := strings.Count(first.Body, `<li class="item"`); n != 50 {
		t.Fatalf("first page has %d items, want 50", n)
	}
	next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(first.Body)
	if next == nil || !strings.Contains(next[1], "network=mastodon") || !strings.Contains(next[1], "cursor=") {
		t.Fatalf("older link = %v", next)
	}
	second := c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	second.want(t, http.StatusOK, "routine note 0", "Newest items")
	if n := strings.Count(second.Body, `<li class="item"`); n != 10 {
		t.Fatalf("second page has %d items, want 10", n)
	}
	if strings.Contains(second.Body, `rel="next"`) || strings.Contains(second.Body, "data-live=") {
		t.Error("the last page links further, or listens live")
	}
}

func TestSourceFormPerTypeWithHelpAndErrors(t *testing.T) {
	w := newListenWorld(t)
	c := w.ownerC
	c.get("/w/acme/listening/sources").want(t, http.StatusOK, "No source yet.", `href="/w/acme/listening/sources/new?type=feed"`,
		`href="/w/acme/listening/sources/new?type=bluesky_jetstream"`)
	c.get("/w/acme/listening/sources/new").want(t, http.StatusOK, "Choose the type of source")

	spec := specOf(t, w.Listen, "feed")
	a := c.get("/w/acme/listening/sources/new?type=feed")
	a.want(t, http.StatusOK, `name="config.url"`, `type="url"`, escaped(spec.Fields[0].HelpEN), `aria-describedby="f-config.url-hint"`)
	bs := specOf(t, w.Listen, "bluesky_notifications")
	b := c.get("/w/acme/listening/sources/new?type=bluesky_notifications")
	b.want(t, http.StatusOK, `name="config.app_password" type="password"`, `<textarea id="f-config.reasons"`, "One per line.")
	for _, f := range bs.Fields {
		b.want(t, http.StatusOK, escaped(f.HelpEN))
	}
	c.post("/lang", "lang", "fr", "next", "/")
	c.get("/w/acme/listening/sources/new?type=feed").want(t, http.StatusOK, escaped(spec.Fields[0].HelpFR), "Créer la source")
	c.post("/lang", "lang", "en", "next", "/")

	// The SSRF guard refuses a feed on the loopback: the error names the
	// field and the form keeps what was typed.
	bad := c.post("/w/acme/listening/sources", "type", "feed", "name", "Local", "interval", "10m", "config.url", "http://127.0.0.1:9/feed.xml")
	bad.want(t, http.StatusBadRequest, `id="f-config.url-error"`, `aria-describedby="f-config.url-hint f-config.url-error"`,
		`href="#f-config.url"`, `value="http://127.0.0.1:9/feed.xml"`, `value="Local"`)
	c.post("/w/acme/listening/sources", "type", "feed", "name", "", "config.url", "https://93.184.215.14/feed.xml").
		want(t, http.StatusBadRequest, `id="f-name-error"`)
	c.post("/w/acme/listening/sources", "type", "feed", "name", "Blog", "interval", "5s", "config.url", "https://93.184.215.14/feed.xml").
		want(t, http.StatusBadRequest, `id="f-interval-error"`)

	ok := c.post("/w/acme/listening/sources", "type", "feed", "name", "Blog", "interval", "10m", "config.url", "https://93.184.215.14/feed.xml")
	if ok.StatusCode != http.StatusSeeOther || !strings.HasPrefix(ok.Header.Get("Location"), "/w/acme/listening/sources/") {
		t.Fatalf("create: %d %q\n%s", ok.StatusCode, ok.Header.Get("Location"), ok.Body)
	}
	page := c.get(ok.Header.Get("Location"))
	page.want(t, http.StatusOK, "The source is created.", "<h1>Blog</h1>", `value="https://93.184.215.14/feed.xml"`, "10m0s", "Not run yet")

	// Editing the name keeps the configuration; editing it saves it.
	loc := ok.Header.Get("Location")
	c.post(loc, "name", "Blog officiel", "interval", "10m0s", "config.url", "https://93.184.215.14/feed.xml").redirectsTo(t, loc)
	c.post(loc, "name", "Blog officiel", "interval", "10m0s", "config.url", "https://93.184.215.14/atom.xml").redirectsTo(t, loc)
	c.get(loc).want(t, http.StatusOK, "<h1>Blog officiel</h1>", `value="https://93.184.215.14/atom.xml"`)
	c.post(loc, "name", "Blog officiel", "interval", "10m0s", "config.url", "http://10.0.0.1/x").want(t, http.StatusBadRequest, `id="f-config.url-error"`)
}

// escaped is s as html/template writes it in a text node.
func escaped(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

func specOf(t *testing.T, l *listen.Service, typ string) connector.Spec {
	t.Helper()
	for _, s := range l.Specs() {
		if s.Type == typ {
			return s
		}
	}
	t.Fatalf("no spec %q", typ)
	return connector.Spec{}
}

func TestWebhookSourceAndRoles(t *testing.T) {
	w := newListenWorld(t)
	hook := w.webhook("Site form")
	feed, err := w.Listen.CreateSource(as(w.owner), "acme", listen.SourceInput{Type: "feed", Name: "Blog", Config: []byte(`{"url":"https://93.184.215.14/feed.xml"}`)})
	if err != nil {
		t.Fatal(err)
	}
	c := w.ownerC
	hp := fmt.Sprintf("/w/acme/listening/sources/%d", hook.ID)
	fp := fmt.Sprintf("/w/acme/listening/sources/%d", feed.ID)
	c.get(hp).want(t, http.StatusOK, "Webhook address", `value="`+hook.WebhookURL+`"`, `/hooks/`)
	c.get(fp).want(t, http.StatusOK, fp+`/run"`, fp+`/pause"`)
	list := c.get("/w/acme/listening/sources")
	list.want(t, http.StatusOK, "Site form", "Blog", fp+`/run"`, hp+`/pause"`)
	if strings.Contains(list.Body, hp+`/run"`) {
		t.Error("a webhook source offers to run")
	}

	// Pause then resume, back to the page the button was on.
	c.post(fp+"/pause", "next", "/w/acme/listening/sources").redirectsTo(t, "/w/acme/listening/sources")
	c.get(fp).want(t, http.StatusOK, "The source is paused.", "Paused", "paused by ada@example.com", fp+`/resume"`)
	c.post(fp+"/run").want(t, http.StatusConflict, "the source is paused")
	c.post(fp+"/resume").redirectsTo(t, fp)
	c.post(fp+"/run").redirectsTo(t, fp)

	// A viewer sees the sources and their health, but no button; the
	// service refuses what a viewer posts.
	v := w.client()
	v.login("vic@example.com")
	vl := v.get("/w/acme/listening/sources")
	vl.want(t, http.StatusOK, "Site form", "Blog")
	vp := v.get(fp)
	vp.want(t, http.StatusOK, "<h1>Blog</h1>")
	for _, body := range []string{vl.Body, vp.Body} {
		for _, b := range []string{"/run\"", "/pause\"", "/resume\"", "/delete\"", "Add a source", "Settings</h2>"} {
			if strings.Contains(body, b) {
				t.Errorf("a viewer sees %q", b)
			}
		}
	}
	for _, path := range []string{fp + "/run", fp + "/pause", fp + "/resume", fp + "/delete", fp} {
		v.post(path, "name", "Hacked").want(t, http.StatusForbidden, `role="alert"`)
	}
	v.get("/w/acme/listening/import").want(t, http.StatusOK)
	v.post("/w/acme/listening/sources", "type", "webhook", "name", "Mine").want(t, http.StatusForbidden)

	c.post(hp+"/delete").redirectsTo(t, "/w/acme/listening/sources")
	c.get(hp).want(t, http.StatusNotFound)
}

func TestImportPageReportsCountsAndRejectedLines(t *testing.T) {
	w := newListenWorld(t)
	w.importJSONL(`{"external_id":"dup","network":"import","text":"already here"}`)
	jsonl := strings.Join([]string{
		`{"external_id":"i1","text":"first imported <b>bold</b>","author":"ann"}`,
		`{"external_id":"dup","network":"import","text":"already here"}`,
		`not json`,
		`{"external_id":"i3","text":"bad link","url":"javascript:alert(1)"}`,
		`{"external_id":"i4","text":"fourth","author":"ann"}`,
	}, "\n")
	a := w.upload(w.ownerC, "/w/acme/listening/import", map[string]string{"format": ""}, "items.jsonl", jsonl)
	a.want(t, http.StatusOK, "Imported 2, duplicates 1, rejected 2.", "Rejected lines", "<td>3</td>", "<td>4</td>", "must be an absolute http(s) URL")

	csv := "message,user,date\n\"Hello, world\",ann,2026-01-02\nbroken,ann,not-a-date\n"
	b := w.upload(w.ownerC, "/w/acme/listening/import", map[string]string{"format": "csv", "map": "text=message,author.handle=user,created_at=date"}, "x.csv", csv)
	b.want(t, http.StatusOK, "Imported 1, duplicates 0, rejected 1.", "<td>3</td>", "created_at")
	// A mapping error names its field; the form keeps the mapping.
	w.upload(w.ownerC, "/w/acme/listening/import", map[string]string{"format": "csv", "map": "body=message"}, "x.csv", csv).
		want(t, http.StatusBadRequest, `id="f-map-error"`, `value="body=message"`)
	// No file.
	w.upload(w.ownerC, "/w/acme/listening/import", map[string]string{"format": "csv"}, "", "").want(t, http.StatusBadRequest, `id="f-file-error"`)
	w.ownerC.get("/w/acme/listening?q=world").want(t, http.StatusOK, "Hello, world")

	v := w.client()
	v.login("vic@example.com")
	w.upload(v, "/w/acme/listening/import", nil, "items.jsonl", jsonl).want(t, http.StatusForbidden)
}

// upload posts a multipart form with fields first, then the file.
func (w *listenWorld) upload(c *client, path string, fields map[string]string, filename, content string) answer {
	w.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range []string{"format", "map"} {
		if v, ok := fields[k]; ok {
			mw.WriteField(k, v)
		}
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		io.WriteString(fw, content)
	} else {
		fw, _ := mw.CreateFormFile("file", "")
		io.WriteString(fw, "")
	}
	mw.Close()
	req, err := http.NewRequest("POST", w.URL+path, &body)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{Response: resp, Body: string(b)}
}

func TestLiveStreamSendsNewItemsAndEndsWithTheClient(t *testing.T) {
	w := newListenWorld(t)
	hook := w.webhook("Form")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	liveCtx, disconnect := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(liveCtx, "GET", w.URL+"/w/acme/listening/live", nil)
	resp, err := w.ownerC.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan [2]string, 8)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var name string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && name != "":
				events <- [2]string{name, strings.Join(data, "\n")}
				name, data = "", nil
			}
		}
	}()
	next := func() [2]string {
		t.Helper()
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("the event stream ended")
			}
			return e
		case <-ctx.Done():
			t.Fatal("no event before the deadline")
		}
		return [2]string{}
	}
	if e := next(); e[0] != "ready" {
		t.Fatalf("first event %q", e[0])
	}
	// Items pushed to the webhook arrive, as escaped HTML.
	body := `{"external_id":"w1","text":"Live &lt;img src=x onerror=alert(1)&gt; news","author":{"name":"Eve","handle":"eve"},"url":"https://example.org/p/1"}`
	post, err := http.Post(hook.WebhookURL, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusOK {
		t.Fatalf("webhook: %d", post.StatusCode)
	}
	e := next()
	if e[0] != "items" || !strings.Contains(e[1], "<strong>Eve</strong>") || !strings.Contains(e[1], "&lt;img src=x onerror=alert(1)&gt;") ||
		strings.Contains(e[1], "<img") || !strings.Contains(e[1], `href="https://example.org/p/1"`) || !strings.Contains(e[1], `<li class="item"`) {
		t.Fatalf("event %q:\n%s", e[0], e[1])
	}
	// Another workspace's items are not sent.
	other, err := w.WS.Create(as(w.owner), workspace.Input{Name: "Other", Slug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Listen.Import(as(w.owner), other.Slug, strings.NewReader(`{"external_id":"o1","text":"elsewhere"}`), listen.ImportOptions{Format: "jsonl"}, nil); err != nil {
		t.Fatal(err)
	}
	w.importJSONL(`{"external_id":"w2","text":"second batch"}`)
	if e := next(); !strings.Contains(e[1], "second batch") || strings.Contains(e[1], "elsewhere") {
		t.Fatalf("second event: %s", e[1])
	}

	// The client goes away: the handler ends.
	disconnect()
	select {
	case <-w.liveEnded:
	case <-ctx.Done():
		t.Fatal("the live handler did not end after the client left")
	}
}

func TestLiveStreamNeedsMembership(t *testing.T) {
	w := newListenWorld(t)
	w.user("stranger@example.com")
	s := w.client()
	s.login("stranger@example.com")
	s.get("/w/acme/listening/live").want(t, http.StatusNotFound)
	w.client().get("/w/acme/listening/live").redirectsTo(t, "/login?next="+url.QueryEscape("/w/acme/listening/live"))
}
