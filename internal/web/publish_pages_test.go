package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	publishers "github.com/parvis/parvis/internal/publish/publisher/all"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/web"
	"github.com/parvis/parvis/internal/workspace"
)

// publishSite is a site whose pages include publishing, with a workspace
// "acme" (Europe/Paris), its owner, an editor, and two webhook channels.
type publishSite struct {
	*site
	Publish         *publish.Service
	owner, editor   model.User
	hookA, hookB    publish.ChannelView
	ownerC, editorC *client
}

func newPublishSite(t *testing.T) *publishSite {
	t.Helper()
	db := storetest.SQLite(t, storetest.Options{})
	a := auth.NewService(db, clock.Real{}, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	ws := workspace.NewService(db, a, clock.Real{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg := publisher.NewRegistry()
	publishers.Register(reg)
	box, _ := secret.NewBox(make([]byte, 32))
	pub := publish.New(publish.Options{DB: db, Workspaces: ws, Registry: reg, Box: box, Jobs: jobs.New(db, clock.Real{}, log),
		Clock: clock.Real{}, Log: log, AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	mux := http.NewServeMux()
	var h http.Handler = httpx.Authenticate(a, log, mux)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, DB: db, Auth: a, WS: ws, URL: srv.URL, liveEnded: make(chan struct{}, 16)}
	web.Routes(mux, &web.Deps{Log: log, Auth: a, Workspaces: ws, Publish: pub, MaxBody: 1 << 20})

	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"id": r.Header.Get("Idempotency-Key")})
	}))
	t.Cleanup(hook.Close)
	p := &publishSite{site: s, Publish: pub, owner: s.admin("ada@example.com"), editor: s.user("ed@example.com")}
	if _, err := ws.Create(as(p.owner), workspace.Input{Name: "Acme", Slug: "acme", Language: "en", TimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddMember(as(p.owner), "acme", "ed@example.com", "editor"); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Hook A", "Hook B"} {
		c, err := pub.CreateChannel(as(p.owner), "acme", publish.ChannelInput{Type: "webhook", Name: name,
			Config: json.RawMessage(`{"url":"` + hook.URL + `/` + strconv.Itoa(i) + `"}`)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			p.hookA = c
		} else {
			p.hookB = c
		}
	}
	p.ownerC, p.editorC = s.client(), s.client()
	p.ownerC.login("ada@example.com")
	p.editorC.login("ed@example.com")
	return p
}

func TestComposeApproveAndCalendar(t *testing.T) {
	s := newPublishSite(t)
	year := strconv.Itoa(time.Now().Year() + 1)
	a, b := strconv.FormatInt(s.hookA.ID, 10), strconv.FormatInt(s.hookB.ID, 10)

	s.editorC.get("/w/acme/publishing/new").want(t, http.StatusOK, "Hook A", "Hook B", `data-max="100000"`, `name="variant_`+b+`"`,
		"Europe/Paris", "sent for approval")
	// Errors come back on the composer, the input kept.
	s.editorC.post("/w/acme/publishing/posts", "text", "Sans canal", "when", year+"-12-01T10:00").
		want(t, http.StatusBadRequest, "choose at least one channel", "Sans canal")

	ans := s.editorC.post("/w/acme/publishing/posts", "text", "Marché de Noël", "channel", a, "channel", b,
		"variant_"+b, "Marché de Noël — version B", "when", year+"-12-01T10:00", "campaign", "noel")
	if ans.StatusCode != http.StatusSeeOther {
		t.Fatalf("compose: %d\n%s", ans.StatusCode, ans.Body)
	}
	postURL := ans.Header.Get("Location")
	id := postURL[strings.LastIndex(postURL, "/")+1:]
	s.editorC.get(postURL).want(t, http.StatusOK, "in review", "Marché de Noël — version B", "Sent for approval.")
	if strings.Contains(s.editorC.get(postURL).Body, "/approve") {
		t.Error("an editor is offered the approve button")
	}
	s.editorC.post(postURL+"/approve").want(t, http.StatusForbidden)

	s.ownerC.get(postURL).want(t, http.StatusOK, "/approve", "/reject")
	s.ownerC.post(postURL+"/reject", "comment", "").want(t, http.StatusBadRequest, "is required")
	s.ownerC.post(postURL+"/approve").redirectsTo(t, postURL)
	s.ownerC.get(postURL).want(t, http.StatusOK, "scheduled", "Hook B", "Publish now")

	month := s.ownerC.get("/w/acme/publishing?view=month&date=" + year + "-12-15")
	month.want(t, http.StatusOK, "December "+year, `data-post="`+id+`" data-time="10:00"`, `data-date="`+year+`-12-01"`, "st-scheduled")
	s.ownerC.get("/w/acme/publishing?view=week&date="+year+"-12-01&campaign=noel").want(t, http.StatusOK, `data-post="`+id+`"`)
	if body := s.ownerC.get("/w/acme/publishing?view=week&date=" + year + "-12-01&campaign=other").Body; strings.Contains(body, `data-post="`+id+`"`) {
		t.Error("the campaign filter kept another campaign's post")
	}

	// Drag and drop (or Shift+arrow) posts the new day with the same time.
	s.ownerC.Header.Set("X-Parvis-Calendar", "1")
	s.ownerC.post(postURL+"/reschedule", "when", year+"-12-02T10:00").want(t, http.StatusNoContent)
	s.ownerC.Header.Del("X-Parvis-Calendar")
	postID, _ := strconv.ParseInt(id, 10, 64)
	p, err := s.Publish.Post(as(s.owner), "acme", postID)
	if err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if got := p.ScheduledAt.In(paris).Format("2006-01-02 15:04"); got != year+"-12-02 10:00" || p.Status != model.PostScheduled {
		t.Fatalf("after the move: %s %s", got, p.Status)
	}
	s.ownerC.post(postURL+"/reschedule", "when", "2001-01-01T10:00").want(t, http.StatusBadRequest, "is in the past")
	s.ownerC.post(postURL+"/cancel").redirectsTo(t, postURL)
	s.ownerC.get(postURL).want(t, http.StatusOK, "cancelled")
}

func TestChannelsPageAndMastodonCallback(t *testing.T) {
	s := newPublishSite(t)
	s.ownerC.get("/w/acme/publishing/channels").want(t, http.StatusOK, "Hook A", "Hook B", "100000 (runes)", "Connect a Mastodon account")
	if strings.Contains(s.editorC.get("/w/acme/publishing/channels").Body, `action="/w/acme/publishing/channels/mastodon"`) {
		t.Error("an editor is offered to connect accounts")
	}
	s.editorC.post("/w/acme/publishing/channels/mastodon", "instance_url", "http://127.0.0.1:1").want(t, http.StatusForbidden)
	s.ownerC.post("/w/acme/publishing/channels/mastodon", "instance_url", "not a url").want(t, http.StatusBadRequest, "not a url")
	s.ownerC.get("/publishing/oauth/mastodon/callback?state=nope&code=x").want(t, http.StatusBadRequest, "unknown or expired")
	s.site.client().get("/publishing/oauth/mastodon/callback?state=nope&code=x").redirectsTo(t, "/login?next=%2Fpublishing%2Foauth%2Fmastodon%2Fcallback%3Fstate%3Dnope%26code%3Dx")
}

func TestHeldPostsAreOfferedAfterACrisis(t *testing.T) {
	s := newPublishSite(t)
	when := time.Now().Add(-time.Minute).UTC()
	p, err := s.Publish.CreatePost(as(s.owner), "acme", publish.PostInput{Text: "Prévue pendant la crise", Channels: []int64{s.hookA.ID},
		ScheduledAt: time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	// Held as the scheduler holds a due post during a crisis.
	if _, err := s.DB.Q().Exec(context.Background(), `UPDATE post_variants SET status = 'held', scheduled_at = ? WHERE post_id = ?`, when.UnixMicro(), p.ID); err != nil {
		t.Fatal(err)
	}
	s.DB.Q().Exec(context.Background(), `UPDATE posts SET status = 'held' WHERE id = ?`, p.ID)
	id := strconv.FormatInt(p.ID, 10)
	s.ownerC.get("/w/acme/publishing").want(t, http.StatusOK, "Held by crisis mode", "Prévue pendant la crise",
		`action="/w/acme/publishing/posts/`+id+`/publish-now"`, `action="/w/acme/publishing/posts/`+id+`/cancel"`)
	s.ownerC.post("/w/acme/publishing/posts/"+id+"/cancel").redirectsTo(t, "/w/acme/publishing/posts/"+id)
	if strings.Contains(s.ownerC.get("/w/acme/publishing").Body, "Held by crisis mode") {
		t.Error("a cancelled post is still offered as held")
	}
}

func TestComposerUploadsAttachments(t *testing.T) {
	s := newPublishSite(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("text", "Avec une affiche")
	mw.WriteField("channel", strconv.FormatInt(s.hookA.ID, 10))
	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	fw, _ := mw.CreateFormFile("media1", "affiche.txt") // the name and declared type do not matter
	fw.Write(img.Bytes())
	mw.WriteField("alt1", "Affiche du festival")
	mw.Close()
	req, _ := http.NewRequest("POST", s.URL+"/w/acme/publishing/posts", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := s.editorC.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("compose with a file: %s", resp.Status)
	}
	loc := resp.Header.Get("Location")
	id, _ := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
	p, err := s.Publish.Post(as(s.owner), "acme", id)
	if err != nil || len(p.Media) != 1 || p.Media[0].MIME != "image/png" || p.Media[0].Alt != "Affiche du festival" {
		t.Fatalf("post = %+v %v", p, err)
	}
	s.editorC.get("/w/acme/publishing/new").want(t, http.StatusOK, `enctype="multipart/form-data"`, `name="media1"`, `name="alt4"`)
}

func TestChannelSetupPagesForEveryType(t *testing.T) {
	s := newPublishSite(t)
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/bot123:secret-token/") {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return
		}
		io.WriteString(w, `{"ok":true,"result":{"id":-1001,"title":"Acme","username":"acme"}}`)
	}))
	defer tg.Close()
	s.ownerC.get("/w/acme/publishing/channels").want(t, http.StatusOK, `href="/w/acme/publishing/channels/new"`)
	s.ownerC.get("/w/acme/publishing/channels/new").want(t, http.StatusOK, "?type=bluesky", "?type=telegram", "?type=discord", "?type=webhook", "?type=mastodon")
	s.ownerC.get("/w/acme/publishing/channels/new?type=telegram").want(t, http.StatusOK, `name="config.bot_token" type="password"`, `name="config.chat_id"`, `name="slots.1"`)
	// The network checks the credentials before anything is saved.
	s.ownerC.post("/w/acme/publishing/channels", "type", "telegram", "name", "Telegram", "config.bot_token", "123:wrong",
		"config.chat_id", "@acme", "config.api_url", tg.URL).want(t, http.StatusBadRequest, "401")
	s.ownerC.post("/w/acme/publishing/channels", "type", "telegram", "name", "Telegram", "config.bot_token", "123:secret-token",
		"config.chat_id", "@acme", "config.api_url", tg.URL, "slots.1", "9:00 25:00").want(t, http.StatusBadRequest)
	s.editorC.post("/w/acme/publishing/channels", "type", "telegram", "name", "Telegram", "config.bot_token", "123:secret-token",
		"config.chat_id", "@acme", "config.api_url", tg.URL).want(t, http.StatusForbidden)
	ans := s.ownerC.post("/w/acme/publishing/channels", "type", "telegram", "name", "Telegram", "config.bot_token", "123:secret-token",
		"config.chat_id", "@acme", "config.api_url", tg.URL, "slots.1", "9:00, 12:30", "slots.0", "")
	if ans.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", ans.StatusCode, ans.Body)
	}
	chURL := ans.Header.Get("Location")
	page := s.ownerC.get(chURL)
	page.want(t, http.StatusOK, "Telegram", `value="@acme"`, `value="09:00, 12:30"`, "At most 4096 characters")
	if strings.Contains(page.Body, "secret-token") {
		t.Error("the bot token is shown on the channel page")
	}
	// A new schedule and name; the token is kept when left blank.
	s.ownerC.post(chURL, "name", "Telegram Acme", "config.chat_id", "@acme", "config.api_url", tg.URL, "slots.1", "xx").want(t, http.StatusBadRequest, `&#34;xx&#34; is not a time such as 09:00`)
	s.ownerC.post(chURL, "name", "Telegram Acme", "config.chat_id", "@acme", "config.api_url", tg.URL, "slots.5", "17:00").redirectsTo(t, chURL)
	id, _ := strconv.ParseInt(chURL[strings.LastIndex(chURL, "/")+1:], 10, 64)
	c, err := s.Publish.Channel(as(s.owner), "acme", id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Telegram Acme" || len(c.Slots) != 1 || c.Slots[0] != (model.Slot{Day: 5, Time: "17:00"}) || c.Status != model.ChannelOK {
		t.Fatalf("channel after the edit: %+v", c)
	}
	s.ownerC.get("/w/acme/publishing/channels").want(t, http.StatusOK, "Telegram Acme", "schedule: 1 a week")
	// Emptying an optional setting clears it: the Bot API address goes
	// back to its default (checked with the network, which is then
	// unreachable from here: the change is refused, nothing is kept).
	s.ownerC.post(chURL, "name", "Telegram Acme", "config.chat_id", "@acme", "config.api_url", "", "slots.5", "17:00").want(t, http.StatusUnprocessableEntity, "telegram getMe (api.telegram.org)")
	if c2, _ := s.Publish.Channel(as(s.owner), "acme", id); c2.ConfigMap()["api_url"] != tg.URL {
		t.Errorf("a refused change altered the channel: %v", c2.ConfigMap())
	}
	s.editorC.post(chURL+"/delete").want(t, http.StatusForbidden)
	s.ownerC.post(chURL+"/delete").redirectsTo(t, "/w/acme/publishing/channels")
	s.ownerC.get(chURL).want(t, http.StatusNotFound)
}

func TestComposerThreadsAndLabels(t *testing.T) {
	s := newPublishSite(t)
	year := strconv.Itoa(time.Now().Year() + 1)
	a := strconv.FormatInt(s.hookA.ID, 10)
	s.ownerC.get("/w/acme/publishing/new").want(t, http.StatusOK, `name="thread"`, `data-threads="true"`, `name="labels"`)
	ans := s.ownerC.post("/w/acme/publishing/posts", "text", "1/2 Fête des lumières", "channel", a, "thread", "2/2 Programme <b>complet</b>",
		"thread", "", "labels", "fête, lumières, Fête", "when", year+"-12-08T18:00")
	if ans.StatusCode != http.StatusSeeOther {
		t.Fatalf("compose: %d\n%s", ans.StatusCode, ans.Body)
	}
	postURL := ans.Header.Get("Location")
	s.ownerC.get(postURL).want(t, http.StatusOK, "2/2 Programme &lt;b&gt;complet&lt;/b&gt;", `<span class="label">fête</span>`, `<span class="label">lumières</span>`)
	id := postURL[strings.LastIndex(postURL, "/")+1:]
	s.ownerC.get("/w/acme/publishing?view=week&date="+year+"-12-08&label=lumières").want(t, http.StatusOK, `data-post="`+id+`"`)
	if body := s.ownerC.get("/w/acme/publishing?view=week&date=" + year + "-12-08&label=autre").Body; strings.Contains(body, `data-post="`+id+`"`) {
		t.Error("the label filter kept a post without the label")
	}
}
