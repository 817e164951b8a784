package inbox

import (
	"context"
	"encoding/base64"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// Query filters the conversation list (API query parameters).
type Query struct {
	Status    string
	Assignee  string // user id, "me" or "none"
	Channel   int64
	Source    int64
	Network   string
	Label     string
	Sentiment string
	Lang      string
	Topic     int64
	Kind      string
	Overdue   bool
	// Mentioned "me" keeps the conversations whose notes mention the
	// actor.
	Mentioned string
	Search    string
	Oldest    bool
	Cursor    string
	Limit     int
}

// Page is a page of conversations with the inbox's counts.
type Page struct {
	Items      []model.Conversation      `json:"items"`
	NextCursor string                    `json:"next_cursor,omitempty"`
	Counts     *store.ConversationCounts `json:"counts,omitempty"`
}

func encodeCursor(c model.Conversation) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.LastActivityAt.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)))
}

func decodeCursor(s string) (time.Time, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, 0, err
	}
	a, id, ok := strings.Cut(string(b), ".")
	if !ok {
		return time.Time{}, 0, errors.New("bad cursor")
	}
	us, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil {
		return time.Time{}, 0, errors.New("bad cursor")
	}
	return time.UnixMicro(us).UTC(), n, nil
}

func actorID(ctx context.Context) (int64, string) {
	a := auth.ActorFrom(ctx)
	if a == nil || a.IsSystem() {
		return 0, a.Label()
	}
	name := a.User.Name
	if name == "" {
		name = a.User.Email
	}
	return a.User.ID, name
}

// Filter turns a query into a store filter for a workspace.
func (s *Service) Filter(ctx context.Context, wsID int64, in Query) (store.ConversationFilter, error) {
	f := store.ConversationFilter{WorkspaceID: wsID, Status: in.Status, ChannelID: in.Channel, SourceID: in.Source, Network: in.Network,
		Label: strings.ToLower(strings.TrimSpace(in.Label)), Sentiment: in.Sentiment, Lang: in.Lang, TopicID: in.Topic, Kind: in.Kind,
		Overdue: in.Overdue, Now: s.clock.Now(), Oldest: in.Oldest, Limit: in.Limit}
	var ok bool
	if f.Lang, ok = text.LangFilter(in.Lang); !ok {
		return f, apperr.Invalid("lang", "error.lang_code_invalid", "must be a language code such as fr, en or fr-FR, or und")
	}
	if f.Status != "" && !model.ConversationStatus(f.Status).Valid() {
		return f, apperr.Invalid("status", "error.conversation_status", "must be open, pending or closed")
	}
	switch in.Assignee {
	case "":
	case "none":
		f.AssigneeID = -1
	case "me":
		id, _ := actorID(ctx)
		f.AssigneeID = id
	default:
		id, err := strconv.ParseInt(in.Assignee, 10, 64)
		if err != nil || id <= 0 {
			return f, apperr.Invalid("assignee", "error.assignee_filter", "must be a user id, me or none")
		}
		f.AssigneeID = id
	}
	switch in.Mentioned {
	case "":
	case "me":
		id, _ := actorID(ctx)
		f.MentionedID = id
		if id == 0 {
			f.MentionedID = -1 // no person behind the actor: nothing matches
		}
	default:
		return f, apperr.Invalid("mentioned", "error.mentioned_filter", "must be me")
	}
	var err error
	if f.Query, err = ingest.SearchQuery(in.Search); err != nil {
		return f, apperr.Invalid("q", "error.search_no_words", "holds no words to search (emoji, emoticons and links are not searched; a topic's query can match them)")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if in.Cursor != "" {
		at, id, err := decodeCursor(in.Cursor)
		if err != nil {
			return f, apperr.Invalid("cursor", "error.cursor_invalid", "is not a cursor returned by this API")
		}
		f.AfterActivity, f.AfterID = at, id
	}
	return f, nil
}

// Conversations lists a workspace's conversations.
func (s *Service) Conversations(ctx context.Context, ws string, in Query) (Page, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Page{}, err
	}
	f, err := s.Filter(ctx, w.ID, in)
	if err != nil {
		return Page{}, err
	}
	limit := f.Limit
	f.Limit++
	list, err := s.db.Q().ListConversations(ctx, f)
	if err != nil {
		return Page{}, apperr.Internal(err)
	}
	p := Page{Items: list}
	if len(list) > limit {
		p.Items = list[:limit]
		p.NextCursor = encodeCursor(list[limit-1])
	}
	if p.Items == nil {
		p.Items = []model.Conversation{}
	}
	if in.Cursor == "" {
		c, err := s.db.Q().CountConversations(ctx, w.ID, s.clock.Now())
		if err != nil {
			return Page{}, apperr.Internal(err)
		}
		p.Counts = &c
	}
	return p, nil
}

// Detail is a conversation with its items, replies, notes and who saw it.
type Detail struct {
	model.Conversation
	Overdue bool                     `json:"overdue"`
	Items   []model.ConversationItem `json:"items"`
	Replies []model.Reply            `json:"replies"`
	Notes   []model.Note             `json:"notes"`
	SeenBy  []model.Seen             `json:"seen_by"`
}

func (s *Service) conversation(ctx context.Context, q *store.Q, wsID, id int64) (model.Conversation, error) {
	return s.readConversation(ctx, q, wsID, id, q.GetConversation)
}

// conversationForUpdate is conversation for a transaction that writes it
// back (store.GetConversationForUpdate): a teammate's change, a reply
// threaded or a reanalysis committed meanwhile is not lost.
func (s *Service) conversationForUpdate(ctx context.Context, q *store.Q, wsID, id int64) (model.Conversation, error) {
	return s.readConversation(ctx, q, wsID, id, q.GetConversationForUpdate)
}

func (s *Service) readConversation(ctx context.Context, q *store.Q, wsID, id int64,
	get func(context.Context, int64, int64) (model.Conversation, error)) (model.Conversation, error) {
	c, err := get(ctx, wsID, id)
	if errors.Is(err, store.ErrNotFound) {
		return c, apperr.NotFound("conversation")
	}
	if err != nil {
		return c, apperr.Internal(err)
	}
	return c, nil
}

// Conversation returns one conversation in full.
func (s *Service) Conversation(ctx context.Context, ws string, id int64) (Detail, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Detail{}, err
	}
	q := s.db.Q()
	c, err := s.conversation(ctx, q, w.ID, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Conversation: c, Overdue: overdue(&c, s.clock.Now())}
	if d.Items, err = q.ConversationItems(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Replies, err = q.ListReplies(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Notes, err = q.ListNotes(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Notes == nil {
		d.Notes = []model.Note{}
	}
	if d.SeenBy, err = q.ListSeen(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Items == nil {
		d.Items = []model.ConversationItem{}
	}
	return d, nil
}

// MarkSeen records that the current user opened a conversation.
func (s *Service) MarkSeen(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return err
	}
	uid, name := actorID(ctx)
	if uid == 0 {
		return nil
	}
	q := s.db.Q()
	if _, err := s.conversation(ctx, q, w.ID, id); err != nil {
		return err
	}
	if err := q.MarkSeen(ctx, id, uid, name); err != nil {
		return apperr.Internal(err)
	}
	if err := q.MentionsSeen(ctx, id, uid); err != nil {
		return apperr.Internal(err)
	}
	s.live.Publish(w.ID, Event{Type: "seen", Conversations: []int64{id}})
	return nil
}

// Update changes a conversation; nil fields stay. Assignee 0 unassigns.
type Update struct {
	Status   *string   `json:"status"`
	Assignee *int64    `json:"assignee_id"`
	Labels   *[]string `json:"labels"`
	// AddLabels and RemoveLabels change the labels without replacing them
	// (bulk actions).
	AddLabels    []string `json:"add_labels"`
	RemoveLabels []string `json:"remove_labels"`
	Feedback     *string  `json:"feedback_category"`
}

var labelRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$`)

func cleanLabels(field string, in []string) ([]string, error) {
	out := []string{}
	for _, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		if !labelRE.MatchString(l) {
			return nil, apperr.Invalid(field, "error.label", "a label is 1 to 40 letters, digits, spaces, dots, dashes or underscores")
		}
		if !containsStr(out, l) {
			out = append(out, l)
		}
	}
	if len(out) > 20 {
		return nil, apperr.Invalid(field, "error.labels_count", "at most %d labels", 20)
	}
	return out, nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FeedbackCategories are the kinds of feedback a conversation can carry.
var FeedbackCategories = []string{"product", "service", "price", "idea", "complaint", "praise", "other"}

func (s *Service) apply(ctx context.Context, q *store.Q, w model.Workspace, c *model.Conversation, up Update, cal *Calendar) error {
	before := *c
	if up.Status != nil {
		st := model.ConversationStatus(*up.Status)
		if !st.Valid() {
			return apperr.Invalid("status", "error.conversation_status", "must be open, pending or closed")
		}
		if st == model.ConvClosed && c.Status != model.ConvClosed {
			recordClose(c, cal, c.CreatedAt, s.clock.Now())
		}
		if st == model.ConvPending {
			recordPause(c)
		}
		c.Status = st
	}
	if up.Assignee != nil {
		if *up.Assignee == 0 {
			c.AssigneeID = nil
		} else {
			role, err := q.MemberRole(ctx, w.ID, *up.Assignee)
			if err != nil || !role.AtLeast(model.RoleEditor) {
				return apperr.Invalid("assignee_id", "error.assignee", "is not a member of this workspace who can answer")
			}
			a := *up.Assignee
			c.AssigneeID = &a
		}
	}
	if up.Feedback != nil {
		if *up.Feedback != "" && !containsStr(FeedbackCategories, *up.Feedback) {
			return apperr.Invalid("feedback_category", "error.feedback_category", "must be one of %s", strings.Join(FeedbackCategories, ", "))
		}
		c.FeedbackCategory = *up.Feedback
	}
	labelsChanged := false
	if up.Labels != nil || len(up.AddLabels) > 0 || len(up.RemoveLabels) > 0 {
		labels := c.Labels
		if up.Labels != nil {
			l, err := cleanLabels("labels", *up.Labels)
			if err != nil {
				return err
			}
			labels = l
		}
		add, err := cleanLabels("add_labels", up.AddLabels)
		if err != nil {
			return err
		}
		rm, err := cleanLabels("remove_labels", up.RemoveLabels)
		if err != nil {
			return err
		}
		var next []string
		for _, l := range append(append([]string{}, labels...), add...) {
			if !containsStr(rm, l) && !containsStr(next, l) {
				next = append(next, l)
			}
		}
		if next == nil {
			next = []string{}
		}
		if len(next) > 20 {
			return apperr.Invalid("labels", "error.labels_count", "at most %d labels", 20)
		}
		if err := q.SetConversationLabels(ctx, w.ID, c.ID, next); err != nil {
			return apperr.Internal(err)
		}
		c.Labels, labelsChanged = next, true
	}
	if err := q.UpdateConversation(ctx, c, ""); err != nil {
		return apperr.Internal(err)
	}
	details := map[string]any{}
	if before.Status != c.Status {
		details["status"] = c.Status
	}
	if !sameID(before.AssigneeID, c.AssigneeID) {
		details["assignee_id"] = c.AssigneeID
	}
	if labelsChanged {
		details["labels"] = c.Labels
	}
	if before.FeedbackCategory != c.FeedbackCategory {
		details["feedback_category"] = c.FeedbackCategory
	}
	if len(details) == 0 {
		return nil
	}
	return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "conversation.update", "conversation", strconv.FormatInt(c.ID, 10), details))
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (s *Service) calendar(ctx context.Context, q *store.Q, w model.Workspace) (*Calendar, model.InboxSettings, error) {
	st, err := q.GetInboxSettings(ctx, w.ID)
	if err != nil {
		return nil, st, apperr.Internal(err)
	}
	cal, err := calendarOf(st, w.TimeZone)
	if err != nil {
		return nil, st, apperr.Internal(err)
	}
	return cal, st, nil
}

// UpdateConversation changes one conversation.
func (s *Service) UpdateConversation(ctx context.Context, ws string, id int64, up Update) (model.Conversation, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Conversation{}, err
	}
	var c model.Conversation
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if c, err = s.conversationForUpdate(ctx, q, w.ID, id); err != nil {
			return err
		}
		cal, _, err := s.calendar(ctx, q, w)
		if err != nil {
			return err
		}
		return s.apply(ctx, q, w, &c, up, cal)
	})
	if err != nil {
		return c, err
	}
	s.live.Publish(w.ID, Event{Type: "conversations", Conversations: []int64{id}})
	return s.db.Q().GetConversation(ctx, w.ID, id)
}

// BulkInput applies one update to several conversations.
type BulkInput struct {
	IDs []int64 `json:"ids"`
	Update
}

// Bulk updates several conversations in one transaction (all or none).
func (s *Service) Bulk(ctx context.Context, ws string, in BulkInput) (int, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return 0, err
	}
	if len(in.IDs) == 0 || len(in.IDs) > 500 {
		return 0, apperr.Invalid("ids", "error.bulk_ids", "give from 1 to %d conversation ids", 500)
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		cal, _, err := s.calendar(ctx, q, w)
		if err != nil {
			return err
		}
		// In id order, as every writer of several takes them.
		for _, id := range slices.Sorted(slices.Values(in.IDs)) {
			c, err := s.conversationForUpdate(ctx, q, w.ID, id)
			if err != nil {
				return err
			}
			if err := s.apply(ctx, q, w, &c, in.Update, cal); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.live.Publish(w.ID, Event{Type: "conversations", Conversations: in.IDs})
	return len(in.IDs), nil
}

// NoteInput is an internal note.
type NoteInput struct {
	Body string `json:"body"`
}

var mentionRE = regexp.MustCompile(`(?:^|[^\w@])@([\p{L}\p{N}._-]+(?:@[\w.-]+)?)`)

// mentioned returns the members a note mentions: @ followed by their
// e-mail address, the part of it before the @, or their name without
// spaces.
func mentioned(body string, members []model.Member) []int64 {
	out := []int64{}
	for _, m := range mentionRE.FindAllStringSubmatch(body, -1) {
		h := strings.ToLower(strings.TrimRight(m[1], "._-"))
		for _, mb := range members {
			local, _, _ := strings.Cut(strings.ToLower(mb.Email), "@")
			name := strings.ToLower(strings.ReplaceAll(mb.Name, " ", ""))
			if h == strings.ToLower(mb.Email) || h == local || (name != "" && h == name) {
				if !containsInt(out, mb.UserID) {
					out = append(out, mb.UserID)
				}
			}
		}
	}
	return out
}

func containsInt(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// AddNote adds an internal note, resolving its @mentions of members.
func (s *Service) AddNote(ctx context.Context, ws string, id int64, in NoteInput) (model.Note, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Note{}, err
	}
	body := strings.TrimSpace(in.Body)
	if body == "" || utf8.RuneCountInString(body) > 5000 {
		return model.Note{}, apperr.Invalid("body", "error.note_body", "a note has from 1 to %d characters", 5000)
	}
	uid, name := actorID(ctx)
	n := model.Note{ConversationID: id, AuthorName: name, Body: body}
	if uid != 0 {
		n.AuthorID = &uid
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		c, err := s.conversationForUpdate(ctx, q, w.ID, id)
		if err != nil {
			return err
		}
		members, err := q.ListMembers(ctx, store.MemberFilter{WorkspaceID: w.ID, Limit: 1000})
		if err != nil {
			return apperr.Internal(err)
		}
		n.Mentions = mentioned(body, members)
		if err := q.InsertNote(ctx, w.ID, &n); err != nil {
			return apperr.Internal(err)
		}
		if err := s.enqueueMention(ctx, q, w.ID, n); err != nil {
			return apperr.Internal(err)
		}
		return q.UpdateConversation(ctx, &c, ingest.SearchText(text.Tokenize(body)))
	})
	if err != nil {
		return n, err
	}
	s.live.Publish(w.ID, Event{Type: "note", Conversations: []int64{id}})
	return n, nil
}

// UnseenMentions counts the conversations whose notes mention the actor
// and that they have not opened since.
func (s *Service) UnseenMentions(ctx context.Context, ws string) (int64, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return 0, err
	}
	uid, _ := actorID(ctx)
	if uid == 0 {
		return 0, nil
	}
	n, err := s.db.Q().UnseenMentions(ctx, w.ID, uid)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return n, nil
}

// Settings returns a workspace's inbox settings.
func (s *Service) Settings(ctx context.Context, ws string) (model.InboxSettings, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.InboxSettings{}, err
	}
	st, err := s.db.Q().GetInboxSettings(ctx, w.ID)
	if err != nil {
		return st, apperr.Internal(err)
	}
	return st, nil
}

// SetSettings replaces a workspace's inbox settings (managers and above).
func (s *Service) SetSettings(ctx context.Context, ws string, in model.InboxSettings) (model.InboxSettings, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return in, err
	}
	if in.FirstResponseMinutes < 1 || in.FirstResponseMinutes > 60*24*30 {
		return in, apperr.Invalid("first_response_minutes", "error.first_response", "must be from 1 minute to 30 days")
	}
	if _, err := CompileHours(in.BusinessHours, time.UTC); err != nil {
		return in, apperr.Invalid("business_hours", "error.business_hours", "%s", err.Error())
	}
	if in.Topics == nil {
		in.Topics = []int64{}
	}
	if in.Sources == nil {
		in.Sources = []int64{}
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.PutInboxSettings(ctx, w.ID, in); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "inbox.settings", "workspace", strconv.FormatInt(w.ID, 10),
			map[string]any{"first_response_minutes": in.FirstResponseMinutes}))
	})
	return in, err
}

// Consume implements ingest.Consumer: live views learn which conversations
// the batch touched.
func (s *Service) Consume(ctx context.Context, wsID int64, items []model.Item) {
	if !s.live.has(wsID) || len(items) == 0 {
		return
	}
	ids := make([]int64, 0, len(items))
	for i := range items {
		if items[i].ID != 0 {
			ids = append(ids, items[i].ID)
		}
	}
	convs, err := s.db.Q().ConversationsOfItems(ctx, ids)
	if err != nil {
		s.log.Warn("inbox live update", "err", err)
		return
	}
	if len(convs) > 0 {
		s.live.Publish(wsID, Event{Type: "conversations", Conversations: convs})
	}
}
