package web

import (
	"bytes"
	"fmt"
	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/httpx"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
)

// inboxFilters are the list's query parameters, in the order of the form.
var inboxFilters = []string{"q", "status", "assignee", "channel", "source", "network", "label", "sentiment", "lang", "topic", "kind", "overdue", "mentioned", "order"}

var conversationStatuses = []model.ConversationStatus{model.ConvOpen, model.ConvPending, model.ConvClosed}

// inboxData is the list page.
type inboxData struct {
	Rows       []convRow
	Counts     countsView
	Members    []model.Member // who can answer (assignment)
	Networks   []string
	Sentiments []string
	Statuses   []model.ConversationStatus
	Kinds      []string
	// The workspace's channels, sources and topics, for the filters
	// (channels and topics only when those services are wired).
	Channels []model.Channel
	Sources  []listen.SourceView
	Topics   []model.Topic
	// Filtered says a filter other than the order is applied; Paged, that
	// this is a later page.
	Filtered, Paged   bool
	NextURL, FirstURL string
	LiveURL           string
	// Back is this list's address, where bulk actions return.
	Back string
	// UnseenMentions counts the conversations whose notes mention the
	// viewer and that they have not opened since.
	UnseenMentions int64
}

// countsView are the counters above the list, with their links.
type countsView struct {
	Open, Pending, Closed, Overdue, Breached int64
	Known                                    bool
}

// convRow is a conversation as a row of the list. P gives the fragment the
// page's language and time zone.
type convRow struct {
	model.Conversation
	P       *page
	Overdue bool
	Due     string
	Active  string // last activity, formatted
	SeenBy  []model.Seen
	Handle  string
}

func (s *server) convRows(p *page, list []model.Conversation, seen map[int64][]model.Seen) []convRow {
	now := time.Now()
	out := make([]convRow, 0, len(list))
	for _, c := range list {
		r := convRow{Conversation: c, P: p, Active: p.Time(c.LastActivityAt), SeenBy: seen[c.ID], Handle: handleOf(c.AuthorHandle)}
		if c.DueAt != nil {
			r.Due = p.Time(*c.DueAt)
			r.Overdue = now.After(*c.DueAt)
		}
		out = append(out, r)
	}
	return out
}

// handleOf writes a handle as networks do (@name, @user@instance).
func handleOf(h string) string {
	if h == "" || strings.HasPrefix(h, "@") || strings.Contains(h, " ") || strings.HasPrefix(h, "did:") {
		return h
	}
	return "@" + h
}

// inboxQuery reads the list's filters from the URL.
func inboxQuery(q url.Values) inbox.Query {
	in := inbox.Query{Status: q.Get("status"), Assignee: q.Get("assignee"), Network: q.Get("network"), Label: q.Get("label"),
		Sentiment: q.Get("sentiment"), Lang: q.Get("lang"), Kind: q.Get("kind"), Search: q.Get("q"), Cursor: q.Get("cursor"),
		Overdue: q.Get("overdue") != "", Mentioned: q.Get("mentioned"), Oldest: q.Get("order") == "oldest", Limit: 50}
	for name, dst := range map[string]*int64{"channel": &in.Channel, "source": &in.Source, "topic": &in.Topic} {
		if n, err := strconv.ParseInt(q.Get(name), 10, 64); err == nil && n > 0 {
			*dst = n
		}
	}
	return in
}

// answerers are the members who can answer (editors and above), for the
// assignment selects.
func (s *server) answerers(r *http.Request, p *page) []model.Member {
	pg, err := s.Workspaces.Members(r.Context(), p.WS.Slug, "", 500)
	if err != nil {
		s.Log.WarnContext(r.Context(), "web: listing members for assignment", "err", err)
		return nil
	}
	var out []model.Member
	for _, m := range pg.Items {
		if m.Role.AtLeast(model.RoleEditor) {
			out = append(out, m)
		}
	}
	return out
}

func (s *server) inboxPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.title", "inbox"
	q := r.URL.Query()
	filters := url.Values{}
	for _, k := range inboxFilters {
		p.Fields[k] = q.Get(k)
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	d := inboxData{Networks: s.networks(), Sentiments: []string{"positive", "neutral", "negative"}, Statuses: conversationStatuses,
		Kinds: []string{model.ConvThread, model.ConvDM}, Paged: q.Get("cursor") != "", FirstURL: wsURL(p, "inbox"), Back: r.URL.RequestURI()}
	d.Filtered = len(filters) > 0 && !(len(filters) == 1 && filters.Has("order"))
	if len(filters) > 0 {
		d.FirstURL += "?" + filters.Encode()
	}
	p.Data = d
	res, err := s.Inbox.Conversations(r.Context(), p.WS.Slug, inboxQuery(q))
	if err != nil {
		s.fail(w, r, err, "inbox_list", p)
		return
	}
	ids := make([]int64, 0, len(res.Items))
	for _, c := range res.Items {
		ids = append(ids, c.ID)
	}
	seen, err := s.Inbox.SeenBy(r.Context(), p.WS.Slug, ids)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d.Rows = s.convRows(p, res.Items, seen)
	if c := res.Counts; c != nil {
		d.Counts = countsView{Open: c.Open, Pending: c.Pending, Closed: c.Closed, Overdue: c.Overdue, Breached: c.Breached, Known: true}
	}
	if res.NextCursor != "" {
		next := url.Values{}
		for k, v := range filters {
			next[k] = v
		}
		next.Set("cursor", res.NextCursor)
		d.NextURL = wsURL(p, "inbox") + "?" + next.Encode()
	}
	if !d.Paged {
		d.LiveURL = wsURL(p, "inbox/live")
	}
	if p.Can("editor") {
		d.Members = s.answerers(r, p)
	}
	if n, err := s.Inbox.UnseenMentions(r.Context(), p.WS.Slug); err == nil {
		d.UnseenMentions = n
	}
	s.filterChoices(r, p, &d)
	p.Data = d
	s.render(w, r, http.StatusOK, "inbox_list", p)
}

// filterChoices fills the channel, source and topic filters; a failure
// only leaves a filter out.
func (s *server) filterChoices(r *http.Request, p *page, d *inboxData) {
	ctx := r.Context()
	if srcs, err := s.Listen.Sources(ctx, p.WS.Slug); err == nil {
		d.Sources = srcs
	}
	if s.Publish != nil {
		if chs, err := s.Publish.Channels(ctx, p.WS.Slug); err == nil {
			for _, c := range chs {
				d.Channels = append(d.Channels, c.Channel)
			}
		}
	}
	if s.Topics != nil {
		if ts, err := s.Topics.Topics(ctx, p.WS.Slug); err == nil {
			d.Topics = ts
		}
	}
}

// localBack returns the list address a form came from, or the inbox.
func localBack(p *page, v string) string {
	if v == "" || !strings.HasPrefix(v, "/w/"+p.WS.Slug+"/inbox") {
		return wsURL(p, "inbox")
	}
	return safeNext(v)
}

// inboxBulk applies one action to the checked conversations: close,
// assign (to a member, or 0 to nobody) or add a label.
func (s *server) inboxBulk(w http.ResponseWriter, r *http.Request, p *page) {
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	f := r.PostForm
	var in inbox.BulkInput
	for _, v := range f["ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			in.IDs = append(in.IDs, id)
		}
	}
	switch f.Get("op") {
	case "close":
		st := string(model.ConvClosed)
		in.Status = &st
	case "assign":
		id, _ := strconv.ParseInt(f.Get("assignee"), 10, 64)
		in.Assignee = &id
	case "label":
		in.AddLabels = []string{f.Get("label")}
	case "status":
		st := f.Get("status")
		in.Status = &st
	}
	back := localBack(p, f.Get("back"))
	if in.Status == nil && in.Assignee == nil && in.AddLabels == nil {
		s.redirect(w, r, back, "")
		return
	}
	if len(in.IDs) == 0 {
		s.redirect(w, r, back, "flash.inbox_none_checked")
		return
	}
	if _, err := s.Inbox.Bulk(r.Context(), p.WS.Slug, in); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, back, "flash.inbox_bulk_done")
}

// convData is a conversation's page.
type convData struct {
	Thread   threadView
	Members  []model.Member
	Saved    []savedView
	Feedback []string
	Statuses []model.ConversationStatus
	// MaxLength is the channel's limit (0: unknown; the service checks).
	MaxLength int
	// Mention is the handle Mastodon replies start with (added when the
	// text does not name the author), for the length counter.
	Mention string
	LiveURL string
	Labels  string
}

// threadView is the part of a conversation that live updates redraw:
// the messages, the replies sent from Parvis, the notes and who saw it.
type threadView struct {
	inbox.Detail
	P     *page
	Items []itemView
	Dirs  map[int64]string
	Due   string
}

// Direction tells whether an item came from the community ("in") or the
// workspace ("out").
func (t threadView) Direction(id int64) string { return t.Dirs[id] }

// savedView is a saved reply with its variables filled for this
// conversation.
type savedView struct {
	model.SavedReply
	Text string
}

func (s *server) threadOf(p *page, d inbox.Detail) threadView {
	t := threadView{Detail: d, P: p, Dirs: map[int64]string{}}
	items := make([]model.Item, 0, len(d.Items))
	for _, it := range d.Items {
		items = append(items, it.Item)
		t.Dirs[it.ID] = it.Direction
	}
	t.Items = s.itemViews(p, items)
	for i := range t.Items {
		t.Items[i].Next = strings.Replace(t.Items[i].Next, "#item-", "#msg-", 1)
	}
	if d.DueAt != nil {
		t.Due = p.Time(*d.DueAt)
	}
	return t
}

// fillVars are the values of a saved reply's variables for a conversation:
// the author of the latest message from the community.
func fillVars(p *page, d inbox.Detail) map[string]string {
	v := map[string]string{"author_name": d.AuthorName, "author_handle": d.AuthorHandle, "workspace_name": p.WS.Name}
	for _, it := range d.Items {
		if it.Direction == "in" {
			v["author_name"], v["author_handle"] = it.Author.Name, it.Author.Handle
		}
	}
	if v["author_name"] == "" {
		v["author_name"] = v["author_handle"]
	}
	if p.User != nil {
		v["agent_name"] = p.User.Name
		if v["agent_name"] == "" {
			v["agent_name"] = p.User.Email
		}
	}
	return v
}

func (s *server) conversationPage(w http.ResponseWriter, r *http.Request, p *page) {
	s.showConversation(w, r, p, http.StatusOK)
}

// showConversation renders a conversation (after a failed form, with its
// error and the submitted values). Opening it records that the person saw
// it.
func (s *server) showConversation(w http.ResponseWriter, r *http.Request, p *page, status int) {
	p.Title, p.Nav = "inbox.conversation_title", "inbox"
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if r.Method == http.MethodGet {
		if err := s.Inbox.MarkSeen(r.Context(), p.WS.Slug, id); err != nil {
			s.fail(w, r, err, "", p)
			return
		}
	}
	d, err := s.Inbox.Conversation(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	cd := convData{Thread: s.threadOf(p, d), Feedback: inbox.FeedbackCategories, Statuses: conversationStatuses,
		LiveURL: wsURL(p, "inbox/live") + "?conversation=" + strconv.FormatInt(id, 10), Labels: strings.Join(d.Labels, ", ")}
	if d.Network == "mastodon" {
		if h := strings.TrimPrefix(fillVars(p, d)["author_handle"], "@"); h != "" {
			cd.Mention = "@" + h
		}
	}
	if p.Can("editor") {
		cd.Members = s.answerers(r, p)
		list, err := s.Inbox.SavedReplies(r.Context(), p.WS.Slug, "")
		if err != nil {
			s.fail(w, r, err, "", p)
			return
		}
		vars := fillVars(p, d)
		for _, sr := range list {
			if sr.Lang == "" || d.Lang == "" || sr.Lang == d.Lang || sr.Lang == p.WS.Language {
				cd.Saved = append(cd.Saved, savedView{SavedReply: sr, Text: inbox.Render(sr.Body, vars)})
			}
		}
		// "Use" without script: the saved reply fills the reply box.
		if sid, err := strconv.ParseInt(r.URL.Query().Get("saved"), 10, 64); err == nil && p.Fields["text"] == "" {
			for _, sv := range cd.Saved {
				if sv.ID == sid {
					p.Fields["text"], p.Fields["saved"] = sv.Text, strconv.FormatInt(sid, 10)
				}
			}
		}
		if s.Publish != nil && d.ChannelID != nil {
			if chs, err := s.Publish.Channels(r.Context(), p.WS.Slug); err == nil {
				for _, ch := range chs {
					if ch.ID == *d.ChannelID {
						cd.MaxLength = ch.Rules.MaxLength
					}
				}
			}
		}
	}
	if _, ok := p.Fields["labels"]; !ok {
		p.Fields["labels"] = cd.Labels
	}
	p.Data = cd
	s.render(w, r, status, "inbox_conversation", p)
}

func convURL(p *page, id int64) string { return wsURL(p, "inbox/"+strconv.FormatInt(id, 10)) }

// updateConversation changes what the submitted form holds: status,
// assignee ("me", an id, or 0 for nobody), labels (comma separated) or
// feedback category.
func (s *server) updateConversation(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	f := r.PostForm
	var up inbox.Update
	if f.Has("status") {
		st := f.Get("status")
		up.Status = &st
	}
	if f.Has("assignee") {
		a := f.Get("assignee")
		n, _ := strconv.ParseInt(a, 10, 64)
		if a == "me" && p.User != nil {
			n = p.User.ID
		}
		up.Assignee = &n
	}
	if f.Has("labels") {
		var ls []string
		for _, l := range strings.Split(f.Get("labels"), ",") {
			if l = strings.TrimSpace(l); l != "" {
				ls = append(ls, l)
			}
		}
		if ls == nil {
			ls = []string{}
		}
		up.Labels = &ls
	}
	if f.Has("feedback_category") {
		fc := f.Get("feedback_category")
		up.Feedback = &fc
	}
	if _, err := s.Inbox.UpdateConversation(r.Context(), p.WS.Slug, id, up); err != nil {
		s.failConversation(w, r, p, err)
		return
	}
	to := convURL(p, id)
	if f.Get("then") == "list" {
		to = wsURL(p, "inbox")
	}
	s.redirect(w, r, to, "flash.inbox_updated")
}

// failConversation shows the conversation again with the error of a form
// (invalid input) or an error page (forbidden, not found).
func (s *server) failConversation(w http.ResponseWriter, r *http.Request, p *page, err error) {
	for k, v := range r.PostForm {
		p.Fields[k] = strings.Join(v, ",")
	}
	if status, ok := s.formError(r, err, p); ok {
		s.showConversation(w, r, p, status)
		return
	}
	s.fail(w, r, err, "", p)
}

func (s *server) addConversationNote(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if _, err := s.Inbox.AddNote(r.Context(), p.WS.Slug, id, inbox.NoteInput{Body: r.PostForm.Get("body")}); err != nil {
		s.failConversation(w, r, p, err)
		return
	}
	s.redirect(w, r, convURL(p, id)+"#notes", "flash.inbox_note_added")
}

func (s *server) replyToConversation(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	in := inbox.ReplyInput{Text: r.PostForm.Get("text")}
	if strings.TrimSpace(in.Text) == "" {
		in.SavedReplyID, _ = strconv.ParseInt(r.PostForm.Get("saved"), 10, 64)
	}
	if _, err := s.Inbox.Reply(r.Context(), p.WS.Slug, id, in); err != nil {
		s.failConversation(w, r, p, err)
		return
	}
	s.redirect(w, r, convURL(p, id)+"#replies", "flash.inbox_reply_queued")
}

// --- Live updates ---

// inboxLive streams the inbox's changes as server-sent events. On the list
// each "rows" event carries the changed conversations as rows (HTML
// rendered and escaped by the server); with ?conversation=ID, each
// "thread" event carries that conversation's thread redrawn. "lagged"
// says events were missed.
func (s *server) inboxLive(w http.ResponseWriter, r *http.Request, p *page) {
	var only int64
	if v := r.URL.Query().Get("conversation"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			http.Error(w, "bad conversation", http.StatusBadRequest)
			return
		}
		only = n
	}
	rc := http.NewResponseController(w)
	broker := s.Inbox.Live()
	sub := broker.Subscribe(p.WS.ID)
	defer broker.Unsubscribe(sub)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 5000\nevent: ready\ndata: \n\n"); err != nil || rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(livePing)
	defer ping.Stop()
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return
		case <-s.Stopping:
			return
		case e := <-sub.C:
			var err error
			if only != 0 {
				if !slices.Contains(e.Conversations, only) {
					continue
				}
				msg, err = s.liveThread(r, p, only)
			} else {
				msg, err = s.liveRows(r, p, e.Conversations)
			}
			if err != nil {
				s.Log.WarnContext(r.Context(), "web: render live inbox", "err", err)
				continue
			}
		case <-sub.Lagged:
			msg = sseEvent("lagged", "")
		case <-ping.C:
			msg = ": ping\n\n"
		}
		if msg == "" {
			continue
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// liveMax bounds the conversations redrawn for one event; a bigger change
// (a bulk action) asks the page to reload.
const liveMax = 20

func (s *server) liveRows(r *http.Request, p *page, ids []int64) (string, error) {
	if len(ids) > liveMax {
		return sseEvent("lagged", ""), nil
	}
	var rows []convRow
	for _, id := range ids {
		d, err := s.Inbox.Conversation(r.Context(), p.WS.Slug, id)
		if err != nil {
			continue // deleted or not visible any more
		}
		rows = append(rows, s.convRows(p, []model.Conversation{d.Conversation}, map[int64][]model.Seen{id: d.SeenBy})...)
	}
	if len(rows) == 0 {
		return "", nil
	}
	slices.SortStableFunc(rows, func(a, b convRow) int { return b.LastActivityAt.Compare(a.LastActivityAt) })
	var buf bytes.Buffer
	if err := s.pages["inbox_list"].ExecuteTemplate(&buf, "inbox_rows", rows); err != nil {
		return "", err
	}
	return sseEvent("rows", buf.String()), nil
}

func (s *server) liveThread(r *http.Request, p *page, id int64) (string, error) {
	d, err := s.Inbox.Conversation(r.Context(), p.WS.Slug, id)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := s.pages["inbox_conversation"].ExecuteTemplate(&buf, "inbox_thread", s.threadOf(p, d)); err != nil {
		return "", err
	}
	return sseEvent("thread", buf.String()), nil
}

// --- Saved replies ---

type savedData struct {
	Replies   []model.SavedReply
	Variables []string
	Lang      string
}

func (s *server) savedRepliesPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.saved_title", "inbox"
	s.showSaved(w, r, p, http.StatusOK)
}

func (s *server) showSaved(w http.ResponseWriter, r *http.Request, p *page, status int) {
	lang := r.URL.Query().Get("lang")
	d := savedData{Variables: inbox.Variables, Lang: lang}
	p.Data = d
	list, err := s.Inbox.SavedReplies(r.Context(), p.WS.Slug, lang)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d.Replies = list
	p.Data = d
	s.render(w, r, status, "inbox_saved_replies", p)
}

func (s *server) createSavedReply(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.saved_title", "inbox"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	in := inbox.SavedReplyInput{Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang"), Body: r.PostForm.Get("body")}
	if _, err := s.Inbox.CreateSavedReply(r.Context(), p.WS.Slug, in); err != nil {
		p.Fields["name"], p.Fields["lang"], p.Fields["body"] = in.Name, in.Lang, in.Body
		if status, ok := s.formError(r, err, p); ok {
			s.showSaved(w, r, p, status)
			return
		}
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "inbox/saved-replies"), "flash.inbox_saved_created")
}

func (s *server) updateSavedReply(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.saved_title", "inbox"
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	name, lang, body := r.PostForm.Get("name"), r.PostForm.Get("lang"), r.PostForm.Get("body")
	if _, err := s.Inbox.UpdateSavedReply(r.Context(), p.WS.Slug, id, inbox.SavedReplyUpdate{Name: &name, Lang: &lang, Body: &body}); err != nil {
		if status, ok := s.formError(r, err, p); ok {
			p.Fields["edit"] = strconv.FormatInt(id, 10)
			for k, v := range map[string]string{"name": name, "lang": lang, "body": body} {
				p.Fields["edit."+k] = v
			}
			s.showSaved(w, r, p, status)
			return
		}
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "inbox/saved-replies"), "flash.inbox_saved_updated")
}

func (s *server) deleteSavedReply(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err == nil {
		err = s.Inbox.DeleteSavedReply(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "inbox/saved-replies"), "flash.inbox_saved_deleted")
}

// --- Settings ---

// settingsDay is one weekday of the business hours form.
type settingsDay struct {
	Index int    // 0 is Sunday, as the service counts
	Name  string // field name
	Label string // translation key
}

type inboxSettingsData struct {
	Settings model.InboxSettings
	Days     []settingsDay
}

func weekDays() []settingsDay {
	var out []settingsDay
	for _, i := range []int{1, 2, 3, 4, 5, 6, 0} {
		out = append(out, settingsDay{Index: i, Name: "day" + strconv.Itoa(i), Label: "weekday." + strconv.Itoa(i)})
	}
	return out
}

func (s *server) inboxSettingsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.settings_title", "inbox"
	st, err := s.Inbox.Settings(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["first_response_minutes"] = strconv.Itoa(st.FirstResponseMinutes)
	for _, d := range weekDays() {
		p.Fields[d.Name] = strings.Join(st.BusinessHours.Week[d.Index], ", ")
	}
	p.Fields["holidays"] = strings.Join(st.BusinessHours.Holidays, "\n")
	p.Data = inboxSettingsData{Settings: st, Days: weekDays()}
	s.render(w, r, http.StatusOK, "inbox_settings", p)
}

// updateInboxSettings replaces the target and business hours; the topics
// and sources routed to the inbox come back from hidden fields unchanged.
func (s *server) updateInboxSettings(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "inbox.settings_title", "inbox"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	f := r.PostForm
	in := model.InboxSettings{Topics: idList(f["topics"]), Sources: idList(f["sources"])}
	in.FirstResponseMinutes, _ = strconv.Atoi(strings.TrimSpace(f.Get("first_response_minutes")))
	for _, d := range weekDays() {
		p.Fields[d.Name] = f.Get(d.Name)
		for _, span := range strings.Split(f.Get(d.Name), ",") {
			if span = strings.TrimSpace(span); span != "" {
				in.BusinessHours.Week[d.Index] = append(in.BusinessHours.Week[d.Index], span)
			}
		}
	}
	for _, h := range strings.FieldsFunc(f.Get("holidays"), func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' }) {
		in.BusinessHours.Holidays = append(in.BusinessHours.Holidays, h)
	}
	if _, err := s.Inbox.SetSettings(r.Context(), p.WS.Slug, in); err != nil {
		p.Fields["first_response_minutes"], p.Fields["holidays"] = f.Get("first_response_minutes"), f.Get("holidays")
		p.Data = inboxSettingsData{Settings: in, Days: weekDays()}
		s.fail(w, r, err, "inbox_settings", p)
		return
	}
	s.redirect(w, r, wsURL(p, "inbox/settings"), "flash.inbox_settings_saved")
}

func idList(vs []string) []int64 {
	out := []int64{}
	for _, v := range vs {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// formError tells whether err is about the submitted form (to show it
// again with the message), with the answer's status.
func (s *server) formError(r *http.Request, err error, p *page) (int, bool) {
	status, d, e := httpx.Describe(r.Context(), s.Log, err)
	switch e.Kind {
	case apperr.KindForbidden, apperr.KindNotFound, apperr.KindInternal, apperr.KindUnauthenticated:
		return 0, false
	}
	p.Error, p.FieldError = d.Message, d.Field
	return status, true
}

// SafeLink returns u when it is an http(s) address, else "".
func (p *page) SafeLink(u string) string { return webLink(u) }

// notePart is a piece of a note: plain text or an @mention.
type notePart struct {
	Text    string
	Mention bool
}

var noteMentionRE = regexp.MustCompile(`@[\p{L}\p{N}._-]+(?:@[\w.-]+)?`)

// NoteParts splits a note so that its @mentions stand out (the template
// escapes every part).
func (p *page) NoteParts(body string) []notePart {
	var out []notePart
	last := 0
	for _, m := range noteMentionRE.FindAllStringIndex(body, -1) {
		if m[0] > 0 && !strings.ContainsAny(body[m[0]-1:m[0]], " \n\t(") {
			continue // part of an e-mail address or a word
		}
		if m[0] > last {
			out = append(out, notePart{Text: body[last:m[0]]})
		}
		out = append(out, notePart{Text: body[m[0]:m[1]], Mention: true})
		last = m[1]
	}
	if last < len(body) {
		out = append(out, notePart{Text: body[last:]})
	}
	return out
}

// Assignee is the assigned member's id, 0 for the team.
func (t threadView) Assignee() int64 {
	if t.AssigneeID == nil {
		return 0
	}
	return *t.AssigneeID
}

// FirstResponse and Resolution are the measured times in business hours
// ("" until measured).
func (t threadView) FirstResponse() string { return businessTime(t.FirstResponseSeconds) }
func (t threadView) Resolution() string    { return businessTime(t.ResolutionSeconds) }

func businessTime(secs *int64) string {
	if secs == nil {
		return ""
	}
	m := (*secs + 59) / 60
	if m < 60 {
		return strconv.FormatInt(m, 10) + " min"
	}
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}
