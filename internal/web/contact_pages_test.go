package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/web"
	"github.com/parvis/parvis/internal/workspace"
)

// contactWorld is a site with the directory: workspace "acme" with an
// owner (ada), a manager, an editor and a viewer, and three authors.
type contactWorld struct {
	*site
	Contacts *contacts.Service
	wsID     int64
	owner    model.User
	clients  map[string]*client
}

func newContactWorld(t *testing.T) *contactWorld {
	t.Helper()
	db := storetest.SQLite(t, storetest.Options{})
	a := auth.NewService(db, clock.Real{}, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, a, clock.Real{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := ingest.New(db, clock.Real{}, log)
	svc := contacts.New(contacts.Options{DB: db, Workspaces: wss, Jobs: jobs.New(db, clock.Real{}, log), Pipeline: p, Clock: clock.Real{}, Log: log})
	mux := http.NewServeMux()
	var h http.Handler = httpx.Authenticate(a, log, mux)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, DB: db, Auth: a, WS: wss, URL: srv.URL, liveEnded: make(chan struct{}, 1)}
	web.Routes(mux, &web.Deps{Log: log, Auth: a, Workspaces: wss, Contacts: svc, MaxBody: 1 << 20})
	w := &contactWorld{site: s, Contacts: svc, owner: s.admin("ada@example.com"), clients: map[string]*client{}}
	ws, err := wss.Create(as(w.owner), workspace.Input{Name: "Acme", Slug: "acme", Language: "en", TimeZone: "Europe/Paris"})
	if err != nil {
		t.Fatal(err)
	}
	w.wsID = ws.ID
	for _, r := range []string{"manager", "editor", "viewer"} {
		s.user(r + "@example.com")
		if _, err := wss.AddMember(as(w.owner), "acme", r+"@example.com", r); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		c.login(r + "@example.com")
		w.clients[r] = c
	}
	now := time.Now().Add(-time.Hour)
	f := int64(2000)
	items := []model.Item{
		{Network: "bluesky", ExternalID: "b1", Kind: model.KindPost, Text: "Acme support was wonderful", CreatedAt: now,
			Author: model.Author{Handle: "zoe.bsky.social", Name: "Zoé Durand", Followers: &f}, Metrics: model.Metrics{Likes: 12},
			Sentiment: &model.Sentiment{Label: "positive", Score: 0.8}},
		{Network: "mastodon", ExternalID: "m1", Kind: model.KindPost, Text: "Acme app keeps crashing", CreatedAt: now.Add(time.Minute),
			Author: model.Author{Handle: "zoe@m.social", Name: "Zoé Durand"}, Sentiment: &model.Sentiment{Label: "negative", Score: -0.6}},
		{Network: "mastodon", ExternalID: "m2", Kind: model.KindPost, Text: "Acme prices are outrageous", CreatedAt: now.Add(2 * time.Minute),
			Author: model.Author{Handle: "max@m.social", Name: "Max"}, Metrics: model.Metrics{Likes: 40}, Sentiment: &model.Sentiment{Label: "negative", Score: -0.9}},
	}
	if _, err := p.Ingest(context.Background(), ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: ws.ID}, Items: items}); err != nil {
		t.Fatal(err)
	}
	return w
}

// contactID returns the id of the contact with an identity of handle.
func (w *contactWorld) contactID(handle string) string {
	w.t.Helper()
	p, err := w.Contacts.List(as(w.owner), "acme", contacts.ListQuery{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range p.Contacts {
		for _, id := range c.Identities {
			if id.Handle == handle {
				return strconvFormat(c.ID)
			}
		}
	}
	w.t.Fatalf("no contact %s", handle)
	return ""
}

func TestDirectoryPagesEscapeAndFollowRoles(t *testing.T) {
	w := newContactWorld(t)
	zoe := w.contactID("zoe.bsky.social")
	// What people write is shown as text, never as markup.
	name, notes := `<script>alert("n")</script>`, `<img src=x onerror=alert(1)>`
	if _, err := w.Contacts.UpdateContact(as(w.owner), "acme", mustID(t, zoe), contacts.Update{Name: &name, Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	viewer, editor, manager := w.clients["viewer"], w.clients["editor"], w.clients["manager"]
	list := viewer.get("/w/acme/contacts")
	list.want(t, http.StatusOK, "&lt;script&gt;alert(&#34;n&#34;)&lt;/script&gt;", "max@m.social", `id="suggestions"`)
	if strings.Contains(list.Body, "<script>alert") {
		t.Fatal("a contact's name is rendered as markup")
	}
	page := viewer.get("/w/acme/contacts/" + zoe)
	page.want(t, http.StatusOK, "&lt;img src=x onerror=alert(1)&gt;", `id="score"`, "Followers on a log scale", "Acme support was wonderful")
	if strings.Contains(page.Body, "<img src=x") {
		t.Fatal("notes are rendered as markup")
	}
	// A viewer sees no form to change anything, and cannot post one.
	for _, action := range []string{`action="/w/acme/contacts/` + zoe + `"`, "/merge", "/unmerge", "/erase", "/export"} {
		if strings.Contains(page.Body, action) {
			t.Errorf("viewer's contact page offers %s", action)
		}
	}
	viewer.post("/w/acme/contacts/"+zoe, "name", "x", "notes", "", "tags", "").want(t, http.StatusForbidden)
	// An editor annotates; a bad tag is an error on the tags field.
	editor.post("/w/acme/contacts/"+zoe, "name", "Zoé", "notes", "Met at FOSDEM", "tags", "customer, VIP").redirectsTo(t, "/w/acme/contacts/"+zoe)
	bad := editor.post("/w/acme/contacts/"+zoe, "name", "Zoé", "notes", "n", "tags", "<b>")
	bad.want(t, http.StatusBadRequest, `id="f-tags"`, `aria-invalid="true"`, `id="f-tags-error"`, `href="#f-tags"`)
	if !strings.Contains(bad.Body, `value="&lt;b&gt;"`) {
		t.Errorf("the submitted tags are not refilled (escaped)")
	}
	editorPage := editor.get("/w/acme/contacts/" + zoe)
	editorPage.want(t, http.StatusOK, "Met at FOSDEM", `<span class="tag">vip</span>`)
	if strings.Contains(editorPage.Body, "/merge") || strings.Contains(editorPage.Body, "/erase") {
		t.Error("editor's page offers merge or erasure")
	}
	// Merge, export and erasure: managers.
	zoeM := w.contactID("zoe@m.social")
	editor.post("/w/acme/contacts/"+zoe+"/merge", "contact_id", zoeM).want(t, http.StatusForbidden)
	editor.get("/w/acme/contacts/"+zoe+"/export").want(t, http.StatusForbidden)
	// A viewer cannot dismiss a suggestion; an editor can (here on Max,
	// who has none: nothing changes but the audit).
	viewer.post("/w/acme/contacts/"+zoe+"/not-same", "contact_id", zoeM).want(t, http.StatusForbidden)
	maxID := w.contactID("max@m.social")
	editor.post("/w/acme/contacts/"+zoe+"/not-same", "contact_id", maxID).redirectsTo(t, "/w/acme/contacts/"+zoe)
	editor.get("/w/acme/contacts/"+zoe).want(t, http.StatusOK, "They will not be suggested together again.", "Not the same person")
	manager.get("/w/acme/contacts/"+zoe).want(t, http.StatusOK, "Merge with Zoé Durand", "/erase", "/export")
	manager.post("/w/acme/contacts/"+zoe+"/merge", "contact_id", "abc").want(t, http.StatusBadRequest, `id="f-contact_id-error"`)
	manager.post("/w/acme/contacts/"+zoe+"/merge", "contact_id", zoeM).redirectsTo(t, "/w/acme/contacts/"+zoe)
	merged := manager.get("/w/acme/contacts/" + zoe)
	merged.want(t, http.StatusOK, "zoe@m.social", "zoe.bsky.social", "/unmerge")
	exp := manager.get("/w/acme/contacts/" + zoe + "/export")
	exp.want(t, http.StatusOK, `"handle": "zoe@m.social"`, "Acme app keeps crashing")
	if cd := exp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("export Content-Disposition = %q", cd)
	}
	// Erasure asks for confirmation first.
	manager.get("/w/acme/contacts/"+zoe+"/erase").want(t, http.StatusOK, "cannot be undone", "anonymised")
	editor.get("/w/acme/contacts/"+zoe+"/erase").want(t, http.StatusForbidden)
	manager.post("/w/acme/contacts/"+zoe+"/erase").redirectsTo(t, "/w/acme/contacts/"+zoe+"/erase")
	manager.post("/w/acme/contacts/"+zoe+"/erase", "confirm", "erase").redirectsTo(t, "/w/acme/contacts")
	after := manager.get("/w/acme/contacts")
	after.want(t, http.StatusOK, "Contact erased.")
	if strings.Contains(after.Body, "zoe") {
		t.Error("the erased contact is still listed")
	}
	manager.get("/w/acme/contacts/"+zoe).want(t, http.StatusNotFound)
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		n = n*10 + int64(r-'0')
	}
	return n
}

func TestFeedbackAndTopPages(t *testing.T) {
	w := newContactWorld(t)
	max := w.contactID("max@m.social")
	var itemID string
	w.DB.Q().QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM items WHERE external_id = 'm2'`).Scan(&itemID)
	viewer, editor := w.clients["viewer"], w.clients["editor"]
	viewer.get("/w/acme/feedback").want(t, http.StatusOK, "No feedback in this period.")
	if strings.Contains(viewer.get("/w/acme/feedback").Body, `name="mark_category"`) {
		t.Error("viewer is offered the mark form")
	}
	viewer.post("/w/acme/feedback", "item_id", itemID, "mark_category", "price").want(t, http.StatusForbidden)
	// From the contact page, back to it.
	// Each item has its own form, which returns to it.
	editor.get("/w/acme/contacts/"+max).want(t, http.StatusOK, `id="fb-`+itemID+`" name="mark_category"`,
		`name="next" value="/w/acme/contacts/`+max+`#item-`+itemID+`"`)
	if strings.Contains(viewer.get("/w/acme/contacts/"+max).Body, `name="mark_category"`) {
		t.Error("a viewer is offered to mark items as feedback")
	}
	editor.post("/w/acme/feedback", "item_id", itemID, "mark_category", "price", "next", "/w/acme/contacts/"+max).redirectsTo(t, "/w/acme/contacts/"+max)
	// Errors are tied to their field.
	editor.post("/w/acme/feedback", "item_id", itemID, "mark_category", "gossip").want(t, http.StatusBadRequest, `id="f-mark_category-error"`)
	editor.post("/w/acme/feedback", "item_id", "12x", "mark_category", "price").want(t, http.StatusBadRequest, `id="f-item_id-error"`)
	// An off-site "next" is ignored.
	editor.post("/w/acme/feedback", "item_id", itemID, "mark_category", "price", "next", "//evil.example/").redirectsTo(t, "/w/acme/feedback")
	fb := viewer.get("/w/acme/feedback")
	fb.want(t, http.StatusOK, `id="feedback-counts"`, "Price", "Acme prices are outrageous", "most engaged", "1 pieces of feedback")
	viewer.get("/w/acme/feedback?category=price&from=2000-01-01").want(t, http.StatusOK, "Acme prices are outrageous")
	viewer.get("/w/acme/feedback?from=nope").want(t, http.StatusBadRequest, `id="f-from-error"`)
	// French.
	viewer.Header.Set("Accept-Language", "fr")
	viewer.get("/w/acme/feedback").want(t, http.StatusOK, "Remontées", "Prix")
	viewer.Header.Del("Accept-Language")
	top := viewer.get("/w/acme/contacts/top")
	top.want(t, http.StatusOK, `id="ambassadors"`, `id="critics"`, "Max")
	viewer.get("/w/acme/contacts?sort=loud").want(t, http.StatusBadRequest, `id="f-sort"`)
	viewer.get("/w/acme/contacts?tag=customer").want(t, http.StatusOK, "No contact yet")
}

func TestDirectorySettingsPage(t *testing.T) {
	w := newContactWorld(t)
	owner := w.client()
	owner.login("ada@example.com")
	viewer, manager := w.clients["viewer"], w.clients["manager"]
	page := viewer.get("/w/acme/contacts/settings")
	page.want(t, http.StatusOK, "Only administrators change these settings.", `value="anonymize" checked`)
	manager.post("/w/acme/contacts/settings", "erasure_policy", "delete", "digest_emails", "").want(t, http.StatusForbidden)
	bad := owner.post("/w/acme/contacts/settings", "erasure_policy", "delete", "digest_emails", "boss@example.org, not an address")
	bad.want(t, http.StatusBadRequest, `id="f-digest_emails-error"`, "not an address", `value="delete" checked`)
	owner.post("/w/acme/contacts/settings", "erasure_policy", "shred", "digest_emails", "").want(t, http.StatusBadRequest, `id="f-erasure_policy-error"`)
	owner.post("/w/acme/contacts/settings", "erasure_policy", "delete", "digest_emails", "boss@example.org;\ncto@example.org").redirectsTo(t, "/w/acme/contacts/settings")
	owner.get("/w/acme/contacts/settings").want(t, http.StatusOK, "Settings saved.", `value="delete" checked`, "boss@example.org, cto@example.org")
	zoe := w.contactID("zoe.bsky.social")
	manager.get("/w/acme/contacts/"+zoe+"/erase").want(t, http.StatusOK, "their posts are deleted")
}

// TestContactKeysAreTranslated covers the keys the pages build from data
// and the flash messages, which the template scan cannot see.
func TestContactKeysAreTranslated(t *testing.T) {
	keys := []string{"flash.contact_saved", "flash.contacts_merged", "flash.contact_unmerged", "flash.contact_erased", "flash.contact_erase_unconfirmed",
		"flash.feedback_marked", "contacts.one_title", "contacts.sort.influence", "contacts.sort.last_seen", "contacts.search", "contacts.from",
		"contacts.to", "contacts.merge_id", "contacts.merge_hint", "contacts.tags_hint", "feedback.item_id", "feedback.conversation_id", "feedback.note",
		"feedback.digest.title", "feedback.digest.intro", "contacts.settings_title", "flash.contact_not_same", "inbox.status.open", "inbox.status.pending", "inbox.status.closed"}
	for _, tag := range contacts.Tags {
		keys = append(keys, "contacts.tag."+tag)
	}
	for _, s := range []string{"ambassador", "critic", "neutral"} {
		keys = append(keys, "contacts.stance."+s)
	}
	for _, r := range []string{"handle", "name", "site"} {
		keys = append(keys, "contacts.reason."+r)
	}
	for _, c := range contacts.Influence(model.ContactStats{}).Components {
		keys = append(keys, "contacts.component."+c.Name, "contacts.component_help."+c.Name)
	}
	for _, p := range contacts.ErasurePolicies {
		keys = append(keys, "contacts.erase_policy."+p)
	}
	for _, c := range contacts.FeedbackCategories {
		keys = append(keys, "feedback.category."+c)
	}
	for _, s := range contacts.Sentiments {
		keys = append(keys, "feedback.sentiment."+s)
	}
	keys = append(keys, "feedback.reason.engaged", "feedback.reason.typical")
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("key %q missing in %q", k, l)
			}
		}
	}
}
