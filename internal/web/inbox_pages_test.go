package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/model"
)

func convPath(c model.Conversation) string { return "/w/acme/inbox/" + strconvFormat(c.ID) }

func TestInboxListEscapesFiltersAndBulk(t *testing.T) {
	w := newInboxWorld(t)
	w.importJSONL(
		mention("m1", "lea@piaille.example", "Léa &lt;b&gt;Admin&lt;/b&gt;", "@acme bonjour &lt;script&gt;alert(1)&lt;/script&gt; vos tarifs ?"),
		mention("m2", "tom@social.example", "Tom", "@acme the app crashes on login"),
		mention("m3", "zoe@social.example", "Zoé", "@acme merci pour la mise à jour"),
	)
	if n := len(w.conversations(inbox.Query{})); n != 3 {
		t.Fatalf("%d conversations, want 3", n)
	}
	a := w.ownerC.get("/w/acme/inbox")
	a.want(t, http.StatusOK, "<h1>Inbox</h1>", "Léa &lt;b&gt;Admin&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "@tom@social.example",
		`id="count-open">3<`, `id="count-closed">0<`, `data-live="/w/acme/inbox/live"`, `id="bulk"`, "Answer due", `aria-keyshortcuts="?"`)
	if strings.Contains(a.Body, "<b>Admin") || strings.Contains(a.Body, "<script>alert") {
		t.Fatal("an author name or item text is not escaped")
	}
	if strings.Contains(a.Body, "area.inbox") || strings.Contains(a.Body, "will gather") {
		t.Error("the inbox still shows the placeholder")
	}

	// Full-text search and filters.
	w.ownerC.get("/w/acme/inbox?q=crashes").want(t, http.StatusOK, "@tom@social.example")
	if b := w.ownerC.get("/w/acme/inbox?q=crashes").Body; strings.Contains(b, "@zoe@social.example") || strings.Contains(b, "@lea@piaille.example") {
		t.Error("search kept conversations without the word")
	}
	w.ownerC.get("/w/acme/inbox?network=bluesky").want(t, http.StatusOK, "No conversation matches these filters.")
	w.ownerC.get("/w/acme/inbox?status=bogus").want(t, http.StatusBadRequest, "must be open, pending or closed")

	// Bulk: close Tom's and Zoé's, label Léa's, assign Léa's to the editor.
	convs := map[string]model.Conversation{}
	for _, c := range w.conversations(inbox.Query{}) {
		convs[c.AuthorName] = c
	}
	tom, zoe, lea := convs["Tom"], convs["Zoé"], convs["Léa <b>Admin</b>"]
	if lea.ID == 0 {
		t.Fatalf("conversations by author: %v", convs)
	}
	form := url.Values{"op": {"close"}, "ids": {strconvFormat(tom.ID), strconvFormat(zoe.ID)}, "back": {"/w/acme/inbox?order=oldest"}}
	w.ownerC.do("POST", "/w/acme/inbox/bulk", form).redirectsTo(t, "/w/acme/inbox?order=oldest")
	w.ownerC.post("/w/acme/inbox/bulk", "op", "label", "label", "Billing", "ids", strconvFormat(lea.ID)).redirectsTo(t, "/w/acme/inbox")
	w.ownerC.post("/w/acme/inbox/bulk", "op", "assign", "assignee", strconvFormat(w.editor.ID), "ids", strconvFormat(lea.ID)).redirectsTo(t, "/w/acme/inbox")
	w.ownerC.post("/w/acme/inbox/bulk", "op", "close").redirectsTo(t, "/w/acme/inbox")
	// Only editors and above can answer: the viewer cannot be assigned.
	w.ownerC.post("/w/acme/inbox/bulk", "op", "assign", "assignee", strconvFormat(w.viewer.ID), "ids", strconvFormat(lea.ID)).
		want(t, http.StatusBadRequest, "is not a member of this workspace who can answer")

	closed := w.ownerC.get("/w/acme/inbox?status=closed")
	closed.want(t, http.StatusOK, "@tom@social.example", "@zoe@social.example", `id="count-closed">2<`, `id="count-open">1<`)
	if strings.Contains(closed.Body, "@lea@piaille.example") {
		t.Error("the closed filter lists an open conversation")
	}
	labelled := w.ownerC.get("/w/acme/inbox?label=billing")
	labelled.want(t, http.StatusOK, `<span class="tag label">billing</span>`, "@lea@piaille.example", `<strong class="assignee">Bob</strong>`)
	if strings.Contains(labelled.Body, "@tom@social.example") {
		t.Error("the label filter lists an unlabelled conversation")
	}
	// The editor sees Léa's conversation under "me".
	ed := w.clientOf("ed@example.com")
	mine := ed.get("/w/acme/inbox?assignee=me")
	mine.want(t, http.StatusOK, "@lea@piaille.example")
	if strings.Contains(mine.Body, "@zoe@social.example") {
		t.Error("assignee=me lists conversations of nobody")
	}
	w.ownerC.get("/w/acme/inbox?assignee=none").want(t, http.StatusOK, "@zoe@social.example")

	// Oldest first orders the other way.
	old := w.ownerC.get("/w/acme/inbox?order=oldest").Body
	if strings.Index(old, "@lea@piaille.example") > strings.Index(old, "@zoe@social.example") {
		t.Error("oldest first does not start with the oldest")
	}
}

func TestConversationPageNotesSeenAndReplies(t *testing.T) {
	w := newInboxWorld(t)
	w.importJSONL(mention("m1", "lea@piaille.example", "Léa", "@acme bonjour &lt;img src=x onerror=alert(1)&gt;"))
	c := w.only()
	sr, err := w.Inbox.CreateSavedReply(as(w.owner), "acme", inbox.SavedReplyInput{Name: "thanks", Lang: "en", Body: "Thanks {{author_name}}, we look into it. {{agent_name}}"})
	if err != nil {
		t.Fatal(err)
	}
	page := w.ownerC.get(convPath(c))
	page.want(t, http.StatusOK, "Conversation with Léa", "&lt;img src=x onerror=alert(1)&gt;", `id="reply-form"`, `id="act-assign-me" aria-keyshortcuts="a"`,
		`aria-keyshortcuts="r"`, `aria-keyshortcuts="e"`, `data-max="120" data-mention="@lea@piaille.example"`, "At most 120 characters", `aria-keyshortcuts="l"`, "Seen by Ada", `name="saved"`,
		`data-text="Thanks Léa, we look into it. Ada"`, `data-live="/w/acme/inbox/live?conversation=`)
	if strings.Contains(page.Body, "<img src=x") {
		t.Fatal("the item text is not escaped")
	}
	// Opening it marked it seen: the list says so.
	w.ownerC.get("/w/acme/inbox").want(t, http.StatusOK, `<span class="seen">Seen by Ada</span>`)

	// A saved reply fills the reply box without script.
	w.ownerC.get(convPath(c)+"?saved="+strconvFormat(sr.ID)).want(t, http.StatusOK, ">Thanks Léa, we look into it. Ada</textarea>")

	// A note: escaped, mentions stand out.
	w.ownerC.post(convPath(c)+"/notes", "body", "<b>Ask</b> @ed about it").redirectsTo(t, convPath(c)+"#notes")
	notes := w.ownerC.get(convPath(c))
	notes.want(t, http.StatusOK, "&lt;b&gt;Ask&lt;/b&gt; ", `<strong class="mention">@ed</strong> about it`)
	d, err := w.Inbox.Conversation(as(w.owner), "acme", c.ID)
	if err != nil || len(d.Notes) != 1 || len(d.Notes[0].Mentions) != 1 || d.Notes[0].Mentions[0] != w.editor.ID {
		t.Fatalf("note = %+v (%v)", d.Notes, err)
	}
	w.ownerC.post(convPath(c)+"/notes", "body", "  ").want(t, http.StatusBadRequest, "a note has from 1 to 5000 characters", `id="f-body"`)
	// The editor mentioned finds it in "Mentions of me" until they open it.
	ed := w.clientOf("ed@example.com")
	ed.get("/w/acme/inbox").want(t, http.StatusOK, `<strong id="count-mentions">1 not opened since</strong>`)
	ed.get("/w/acme/inbox?mentioned=me").want(t, http.StatusOK, convPath(c))
	ed.get(convPath(c)).want(t, http.StatusOK)
	if body := ed.get("/w/acme/inbox").Body; strings.Contains(body, `id="count-mentions"`) {
		t.Error("the mention is still unseen after the editor opened the conversation")
	}

	// Assign to me, labels, feedback category, status.
	w.ownerC.post(convPath(c), "assignee", "me").redirectsTo(t, convPath(c))
	w.ownerC.post(convPath(c), "labels", "Billing, urgent").redirectsTo(t, convPath(c))
	w.ownerC.post(convPath(c), "feedback_category", "price").redirectsTo(t, convPath(c))
	w.ownerC.post(convPath(c), "labels", "not/allowed").want(t, http.StatusBadRequest, "a label is 1 to 40", `value="not/allowed"`)
	w.ownerC.get(convPath(c)).want(t, http.StatusOK, `<strong class="assignee">Ada</strong>`, `<span class="tag label">billing</span>`,
		`<span class="tag label">urgent</span>`, `<option value="price" selected>`)

	// A reply over the channel's limit is refused with the network's rule;
	// the text stays in the box.
	long := strings.Repeat("too long ", 20)
	w.ownerC.post(convPath(c)+"/replies", "text", long).want(t, http.StatusBadRequest, `id="f-text-error"`, long+"</textarea>")
	// A saved reply goes out as a durable job.
	w.ownerC.post(convPath(c)+"/replies", "text", "", "saved", strconvFormat(sr.ID)).redirectsTo(t, convPath(c)+"#replies")
	w.ownerC.get(convPath(c)).want(t, http.StatusOK, "@lea@piaille.example Thanks Léa, we look into it. Ada", `class="tag rs-queued"`)
	w.runJobs()
	sent := w.Mastodon.sent()
	if len(sent) != 1 || sent[0]["in_reply_to_id"] != "m1" {
		t.Fatalf("statuses sent to Mastodon: %+v", sent)
	}
	w.ownerC.get(convPath(c)).want(t, http.StatusOK, `class="tag rs-sent"`, "First response in", `<span class="tag st-pending" id="conv-status">Pending</span>`)
	w.ownerC.post(convPath(c), "status", "closed").redirectsTo(t, convPath(c))
	w.ownerC.get(convPath(c)).want(t, http.StatusOK, `id="conv-status">Closed<`, "Resolved in")
}

func TestInboxViewerSeesNoActionsAndCannotPost(t *testing.T) {
	w := newInboxWorld(t)
	w.importJSONL(mention("m1", "lea@piaille.example", "Léa", "@acme bonjour"))
	c := w.only()
	v := w.clientOf("vic@example.com")
	list := v.get("/w/acme/inbox")
	list.want(t, http.StatusOK, "@lea@piaille.example")
	conv := v.get(convPath(c))
	conv.want(t, http.StatusOK, "Conversation with Léa")
	for _, s := range []string{`id="bulk"`, `class="pick"`} {
		if strings.Contains(list.Body, s) {
			t.Errorf("the viewer's list has %s", s)
		}
	}
	for _, s := range []string{`id="reply-form"`, `id="act-assign-me"`, `name="status"`, `action="` + convPath(c) + `/notes"`} {
		if strings.Contains(conv.Body, s) {
			t.Errorf("the viewer's conversation has %s", s)
		}
	}
	for path, form := range map[string][]string{
		"/w/acme/inbox/bulk":          {"op", "close", "ids", strconvFormat(c.ID)},
		convPath(c):                   {"status", "closed"},
		convPath(c) + "/notes":        {"body", "hello"},
		convPath(c) + "/replies":      {"text", "hello"},
		"/w/acme/inbox/saved-replies": {"name", "x", "body", "y"},
		"/w/acme/inbox/settings":      {"first_response_minutes", "60"},
	} {
		v.post(path, form...).want(t, http.StatusForbidden)
	}
	if got := w.only(); got.Status != model.ConvOpen {
		t.Errorf("the viewer changed the conversation: %s", got.Status)
	}
	// Settings are for managers: an editor reads them and gets 403 on POST.
	ed := w.clientOf("ed@example.com")
	set := ed.get("/w/acme/inbox/settings")
	set.want(t, http.StatusOK, "Managers change the response target.")
	ed.post("/w/acme/inbox/settings", "first_response_minutes", "60").want(t, http.StatusForbidden)
}

func TestSavedRepliesAndSettingsPages(t *testing.T) {
	w := newInboxWorld(t)
	w.ownerC.post("/w/acme/inbox/saved-replies", "name", "merci", "lang", "fr", "body", "Merci {{author_name}} <3").
		redirectsTo(t, "/w/acme/inbox/saved-replies")
	w.ownerC.post("/w/acme/inbox/saved-replies", "name", "bad", "lang", "en", "body", "Hi {{nom}}").
		want(t, http.StatusBadRequest, "unknown variable {{nom}}", `value="bad"`)
	w.ownerC.post("/w/acme/inbox/saved-replies", "name", "hello", "lang", "en", "body", "Hello {{author_name}}").redirectsTo(t, "/w/acme/inbox/saved-replies")
	w.ownerC.get("/w/acme/inbox/saved-replies").want(t, http.StatusOK, "merci", "Merci {{author_name}} &lt;3", "hello")
	fr := w.ownerC.get("/w/acme/inbox/saved-replies?lang=fr")
	fr.want(t, http.StatusOK, "merci")
	if strings.Contains(fr.Body, "Hello {{author_name}}") {
		t.Error("the French filter lists an English reply")
	}

	// Edit and delete.
	list, _ := w.Inbox.SavedReplies(as(w.owner), "acme", "")
	ids := map[string]string{}
	for _, sr := range list {
		ids[sr.Name] = strconvFormat(sr.ID)
	}
	w.ownerC.post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/edit", "name", "merci", "lang", "fr", "body", "x").
		want(t, http.StatusConflict, "has this name and language", `<details open>`)
	w.ownerC.post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/edit", "name", "hello", "lang", "en", "body", "Hi {{nom}}").
		want(t, http.StatusBadRequest, "unknown variable {{nom}}", "Hi {{nom}}</textarea>")
	w.ownerC.post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/edit", "name", "hello", "lang", "en", "body", "Hi {{author_name}}!").
		redirectsTo(t, "/w/acme/inbox/saved-replies")
	w.ownerC.get("/w/acme/inbox/saved-replies").want(t, http.StatusOK, "The saved reply was saved.", "Hi {{author_name}}!")
	w.clientOf("vic@example.com").post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/delete").want(t, http.StatusForbidden)
	w.ownerC.post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/delete").redirectsTo(t, "/w/acme/inbox/saved-replies")
	if body := w.ownerC.get("/w/acme/inbox/saved-replies").Body; strings.Contains(body, "Hi {{author_name}}!") {
		t.Error("the deleted saved reply is still listed")
	}
	w.ownerC.post("/w/acme/inbox/saved-replies/"+ids["hello"]+"/delete").want(t, http.StatusNotFound)

	w.ownerC.get("/w/acme/inbox/settings").want(t, http.StatusOK, `name="first_response_minutes"`, `name="day1"`, `name="holidays"`)
	w.ownerC.post("/w/acme/inbox/settings", "first_response_minutes", "90", "day1", "09:00-12:00, 14:00-18:00", "day2", "09:00-18:00",
		"holidays", "2026-12-25\n2027-01-01").redirectsTo(t, "/w/acme/inbox/settings")
	st, err := w.Inbox.Settings(as(w.owner), "acme")
	if err != nil {
		t.Fatal(err)
	}
	if st.FirstResponseMinutes != 90 || len(st.BusinessHours.Week[1]) != 2 || st.BusinessHours.Week[2][0] != "09:00-18:00" || len(st.BusinessHours.Holidays) != 2 {
		t.Fatalf("settings = %+v", st)
	}
	w.ownerC.get("/w/acme/inbox/settings").want(t, http.StatusOK, `value="09:00-12:00, 14:00-18:00"`, "2026-12-25\n2027-01-01</textarea>")
	w.ownerC.post("/w/acme/inbox/settings", "first_response_minutes", "90", "day1", "18:00-09:00").
		want(t, http.StatusBadRequest, "with the end after the start", `value="18:00-09:00"`)
	w.ownerC.post("/w/acme/inbox/settings", "first_response_minutes", "0").want(t, http.StatusBadRequest, "must be from 1 minute to 30 days")
}

// inboxEvents reads server-sent events from path until ctx ends.
func inboxEvents(t *testing.T, ctx context.Context, c *client, path string) <-chan [2]string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", c.s.URL+path, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan [2]string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<16), 1<<22)
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
	return events
}

// inboxEvent waits for the next event named name (others are skipped).
func inboxEvent(t *testing.T, ctx context.Context, events <-chan [2]string, name string) string {
	t.Helper()
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the event stream ended before %q", name)
			}
			if e[0] == name {
				return e[1]
			}
		case <-ctx.Done():
			t.Fatalf("no %q event before the deadline", name)
		}
	}
}

func TestInboxLiveSendsNewConversationsAndThreadChanges(t *testing.T) {
	w := newInboxWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	list := inboxEvents(t, ctx, w.ownerC, "/w/acme/inbox/live")
	inboxEvent(t, ctx, list, "ready")
	w.importJSONL(mention("m1", "lea@piaille.example", "Léa &lt;i&gt;", "@acme live &lt;img src=x onerror=alert(1)&gt; question"))
	rows := inboxEvent(t, ctx, list, "rows")
	c := w.only()
	for _, want := range []string{`<li class="conv status-open" id="conv-` + strconvFormat(c.ID) + `"`, "Léa &lt;i&gt;", "&lt;img src=x onerror=alert(1)&gt;", `class="pick"`} {
		if !strings.Contains(rows, want) {
			t.Errorf("rows event lacks %q:\n%s", want, rows)
		}
	}
	if strings.Contains(rows, "<img") || strings.Contains(rows, "<i>") {
		t.Error("the live row is not escaped")
	}

	// An open conversation hears of its notes and replies, not of others.
	thread := inboxEvents(t, ctx, w.ownerC, "/w/acme/inbox/live?conversation="+strconvFormat(c.ID))
	inboxEvent(t, ctx, thread, "ready")
	w.importJSONL(mention("m2", "tom@social.example", "Tom", "@acme another thread"))
	if _, err := w.Inbox.AddNote(as(w.owner), "acme", c.ID, inbox.NoteInput{Body: "on it <u>now</u>"}); err != nil {
		t.Fatal(err)
	}
	got := inboxEvent(t, ctx, thread, "thread")
	if !strings.Contains(got, "on it &lt;u&gt;now&lt;/u&gt;") || strings.Contains(got, "another thread") {
		t.Errorf("thread event:\n%s", got)
	}
	if _, err := w.Inbox.Reply(as(w.owner), "acme", c.ID, inbox.ReplyInput{Text: "Hello"}); err != nil {
		t.Fatal(err)
	}
	if got := inboxEvent(t, ctx, thread, "thread"); !strings.Contains(got, `class="tag rs-queued"`) {
		t.Errorf("thread event after the reply:\n%s", got)
	}
	w.runJobs()
	if got := inboxEvent(t, ctx, thread, "thread"); !strings.Contains(got, `class="tag rs-sent"`) {
		t.Errorf("thread event after sending:\n%s", got)
	}
	// Others cannot listen: a visitor is sent to log in.
	w.client().get("/w/acme/inbox/live").redirectsTo(t, "/login?next="+url.QueryEscape("/w/acme/inbox/live"))

	// Shutting the server down ends the streams.
	close(w.stopping)
	for _, events := range []<-chan [2]string{list, thread} {
		for open := true; open; {
			select {
			case _, open = <-events:
			case <-ctx.Done():
				t.Fatal("a live stream did not end on shutdown")
			}
		}
	}
}

func TestInboxInFrenchAndUnknownConversations(t *testing.T) {
	w := newInboxWorld(t)
	w.importJSONL(mention("m1", "lea@piaille.example", "Léa", "@acme bonjour"))
	c := w.only()
	fr := w.clientOf("ada@example.com")
	fr.post("/lang", "lang", "fr", "next", "/w/acme/inbox")
	fr.get("/w/acme/inbox").want(t, http.StatusOK, "Messagerie", "Ouverte", "Attribuée à", "Raccourcis clavier", "Réponse attendue le")
	fr.get(convPath(c)).want(t, http.StatusOK, "Conversation avec Léa", "Me l&#39;attribuer", "Envoyer la réponse")
	fr.get("/w/acme/inbox/settings").want(t, http.StatusOK, "Délai de première réponse", "Heures ouvrées")
	w.ownerC.get("/w/acme/inbox/999999").want(t, http.StatusNotFound)
	w.ownerC.get("/w/acme/inbox/abc").want(t, http.StatusBadRequest)
	w.ownerC.get("/w/acme/inbox/live?conversation=x").want(t, http.StatusBadRequest)
}
