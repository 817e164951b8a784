package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// routing is what threading needs to know about a workspace, loaded once
// per batch.
type routing struct {
	settings model.InboxSettings
	cal      *Calendar
	topics   map[int64]bool
	sources  map[int64]bool
	// own accounts by network: normalised handles and profile URLs.
	own      map[string]map[string]bool
	channels map[string][]int64 // channel ids by network
	// published: external ids of the workspace's own posts and replies.
	published map[string]bool
}

// normHandle makes handles comparable: no leading @, lower case.
func normHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

func (s *Service) loadRouting(ctx context.Context, q *store.Q, wsID int64, items []model.Item) (*routing, error) {
	st, err := q.GetInboxSettings(ctx, wsID)
	if err != nil {
		return nil, err
	}
	w, err := q.GetWorkspace(ctx, strconv.FormatInt(wsID, 10))
	if err != nil {
		return nil, err
	}
	r := &routing{settings: st, topics: map[int64]bool{}, sources: map[int64]bool{}, own: map[string]map[string]bool{},
		channels: map[string][]int64{}}
	if r.cal, err = calendarOf(st, w.TimeZone); err != nil {
		return nil, err
	}
	for _, t := range st.Topics {
		r.topics[t] = true
	}
	for _, src := range st.Sources {
		r.sources[src] = true
	}
	// An account's notifications are addressed to the workspace: a reply
	// to one of its posts that Parvis never saw calls for a response too.
	srcs, err := q.ListSources(ctx, wsID)
	if err != nil {
		return nil, err
	}
	for _, src := range srcs {
		if addressedToAccount(src) {
			r.sources[src.ID] = true
		}
	}
	chs, err := q.ListChannels(ctx, wsID)
	if err != nil {
		return nil, err
	}
	for _, c := range chs {
		if r.own[c.Type] == nil {
			r.own[c.Type] = map[string]bool{}
		}
		r.own[c.Type][normHandle(c.Account)] = true
		r.channels[c.Type] = append(r.channels[c.Type], c.ID)
	}
	var refs []string
	for i := range items {
		for _, id := range []string{items[i].ParentID, items[i].ThreadID} {
			if id != "" && !slices.Contains(refs, id) {
				refs = append(refs, id)
			}
		}
	}
	if r.published, err = q.PublishedExternalIDs(ctx, wsID, refs); err != nil {
		return nil, err
	}
	// Posts of the workspace's accounts that came back through listening
	// (published outside Parvis) are its own posts too.
	byNetwork := map[string][]string{}
	for i := range items {
		if r.own[items[i].Network] == nil {
			continue
		}
		for _, id := range []string{items[i].ParentID, items[i].ThreadID} {
			if id != "" && !r.published[id] && !slices.Contains(byNetwork[items[i].Network], id) {
				byNetwork[items[i].Network] = append(byNetwork[items[i].Network], id)
			}
		}
	}
	for network, ids := range byNetwork {
		authors, err := q.ItemAuthors(ctx, wsID, network, ids)
		if err != nil {
			return nil, err
		}
		for id, a := range authors {
			if r.isOwn(&model.Item{Network: network, Author: a}) {
				r.published[id] = true
			}
		}
	}
	return r, nil
}

// addressedToAccount reports whether a source reads what the network
// addresses to a connected account (its notifications: mentions, replies
// to its posts, quotes).
func addressedToAccount(src model.Source) bool {
	switch src.Type {
	case "bluesky_notifications":
		return true
	case "mastodon":
		var c struct {
			Timeline string `json:"timeline"`
		}
		return json.Unmarshal(src.Config, &c) == nil && c.Timeline == "notifications"
	}
	return false
}

// calendarOf compiles a workspace's business hours in its time zone.
func calendarOf(st model.InboxSettings, tz string) (*Calendar, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	return CompileHours(st.BusinessHours, loc)
}

// isOwn reports whether one of the workspace's accounts wrote the item.
func (r *routing) isOwn(it *model.Item) bool {
	acc := r.own[it.Network]
	if acc == nil {
		return false
	}
	if acc[normHandle(it.Author.Handle)] || (it.Author.URL != "" && acc[strings.ToLower(it.Author.URL)]) {
		return true
	}
	// A Mastodon account is stored as its profile URL and items carry the
	// acct (user or user@host): compare the user part with the URL's path.
	for a := range acc {
		if strings.HasPrefix(a, "http") {
			user, _, _ := strings.Cut(normHandle(it.Author.Handle), "@")
			if user != "" && strings.HasSuffix(a, "/@"+user) {
				return true
			}
		}
	}
	return false
}

// callsForResponse reports whether an item opens a conversation.
func (r *routing) callsForResponse(it *model.Item) bool {
	switch it.Kind {
	case model.KindMention, model.KindMessage:
		return true
	case model.KindReply, model.KindComment:
		if r.published[it.ParentID] || r.published[it.ThreadID] {
			return true
		}
	}
	if it.SourceID != 0 && r.sources[it.SourceID] {
		return true
	}
	for _, t := range it.Topics {
		if r.topics[t] {
			return true
		}
	}
	return false
}

// mayThread reports whether an item could belong to a conversation at all;
// the others are skipped without a query.
func (r *routing) mayThread(it *model.Item) bool {
	return it.ParentID != "" || it.Kind == model.KindMessage || r.callsForResponse(it)
}

// PersistMatches implements ingest.Persister: it threads the batch's items
// into conversations in the batch's transaction.
func (s *Service) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	var cand []int
	for i := range items {
		if items[i].ID != 0 && (items[i].ParentID != "" || items[i].Kind == model.KindMention || items[i].Kind == model.KindMessage ||
			len(items[i].Topics) > 0 || items[i].SourceID != 0) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return nil
	}
	r, err := s.loadRouting(ctx, q, wsID, items)
	if err != nil {
		return fmt.Errorf("inbox routing: %w", err)
	}
	// Oldest first, so that a reply finds the conversation its parent
	// opened in the same batch.
	sort.SliceStable(cand, func(a, b int) bool { return items[cand[a]].CreatedAt.Before(items[cand[b]].CreatedAt) })
	for _, i := range cand {
		if !r.mayThread(&items[i]) {
			continue
		}
		if err := s.thread(ctx, q, wsID, r, &items[i]); err != nil {
			return fmt.Errorf("inbox: thread item %d: %w", items[i].ID, err)
		}
	}
	return nil
}

// findConversation returns the conversation an item belongs to, if any:
// its parent's, its thread's, or the one of its parent id.
func findConversation(ctx context.Context, q *store.Q, wsID int64, it *model.Item, key string) (model.Conversation, bool, error) {
	if it.ParentID != "" {
		id, err := q.ConversationOfItem(ctx, wsID, it.Network, it.ParentID)
		if err != nil {
			return model.Conversation{}, false, err
		}
		if id != 0 {
			c, err := q.GetConversationForUpdate(ctx, wsID, id)
			return c, err == nil, err
		}
	}
	for _, k := range []string{key, it.ThreadID, it.ParentID} {
		if k == "" {
			continue
		}
		c, err := q.ConversationByThread(ctx, wsID, it.Network, k)
		if err == nil {
			// Read again once locked: it is written back (thread).
			c, err = q.GetConversationForUpdate(ctx, wsID, c.ID)
			return c, err == nil, err
		}
		if err != store.ErrNotFound {
			return c, false, err
		}
	}
	return model.Conversation{}, false, nil
}

func threadKey(it *model.Item) (key, kind string) {
	if it.Kind == model.KindMessage {
		// Networks whose direct messages form threads (Mastodon's direct
		// statuses) group them by thread; the others (a bot's chats) by
		// author.
		switch {
		case it.ThreadID != "":
			return "dm:" + it.ThreadID, model.ConvDM
		case it.ParentID != "":
			return "dm:" + it.ParentID, model.ConvDM
		}
		return "dm:" + normHandle(it.Author.Handle), model.ConvDM
	}
	switch {
	case it.ThreadID != "":
		return it.ThreadID, model.ConvThread
	case it.ParentID != "":
		return it.ParentID, model.ConvThread
	}
	return it.ExternalID, model.ConvThread
}

func preview(it *model.Item) string {
	t := strings.Join(strings.Fields(strings.TrimSpace(it.Title+" "+it.Text)), " ")
	if r := []rune(t); len(r) > 200 {
		t = string(r[:199]) + "…"
	}
	return t
}

func searchOf(it *model.Item) string {
	st := it.SearchText
	if st == "" {
		st = ingest.SearchText(text.AppendPostTokens(nil, it.Title+"\n"+it.Text))
	}
	// The author's handle and name are folded as the text is: "helene"
	// finds "Hélène" on PostgreSQL too.
	return strings.TrimSpace(st + " " + ingest.SearchText(text.Tokenize(it.Author.Handle+" "+it.Author.Name)))
}

func (s *Service) thread(ctx context.Context, q *store.Q, wsID int64, r *routing, it *model.Item) error {
	own := r.isOwn(it)
	key, kind := threadKey(it)
	if own && kind == model.ConvDM && it.ThreadID == "" && it.ParentID == "" {
		// A message the workspace sent outside any thread: its recipient
		// is not in the item.
		return nil
	}
	c, found, err := findConversation(ctx, q, wsID, it, key)
	if err != nil {
		return err
	}
	if !found {
		if own || !r.callsForResponse(it) {
			return nil
		}
		c = model.Conversation{WorkspaceID: wsID, Network: it.Network, ThreadKey: key, Kind: kind, Status: model.ConvOpen,
			AuthorHandle: it.Author.Handle, AuthorName: it.Author.Name, LastInboundAt: it.CreatedAt, LastActivityAt: it.CreatedAt, CreatedAt: it.CreatedAt}
		if it.SourceID != 0 {
			src := it.SourceID
			c.SourceID = &src
		}
		if chs := r.channels[it.Network]; len(chs) > 0 {
			ch := chs[0]
			c.ChannelID = &ch
		}
		if err := q.CreateConversation(ctx, &c, ""); err != nil {
			return err
		}
	}
	dir := "in"
	if own {
		dir = "out"
	}
	inserted, err := q.AddConversationItem(ctx, wsID, c.ID, it.ID, dir, it.CreatedAt)
	if err != nil {
		return err
	}
	if !inserted {
		// An edit of an item already threaded: the item row holds the new
		// text, search learns its words, the state does not change.
		return q.AppendConversationSearch(ctx, wsID, c.ID, searchOf(it))
	}
	if err := q.AddConversationTopics(ctx, c.ID, it.Topics); err != nil {
		return err
	}
	c.ItemsCount++
	if it.CreatedAt.After(c.LastActivityAt) {
		c.LastActivityAt = it.CreatedAt
	}
	if own {
		// The workspace answered, from Parvis (a reply coming back) or
		// natively on the network: it counts as a response.
		if rep, err := q.ReplyByExternalID(ctx, wsID, it.ExternalID); err == nil {
			if rep.Status != model.ReplyConfirmed {
				now := s.clock.Now().Truncate(time.Microsecond)
				rep.Status, rep.ConfirmedAt = model.ReplyConfirmed, &now
				if rep.SentAt == nil {
					rep.SentAt = &it.CreatedAt
				}
				if err := q.UpdateReply(ctx, &rep); err != nil {
					return err
				}
			}
		} else if err != store.ErrNotFound {
			return err
		}
		recordResponse(&c, r.cal, it.CreatedAt)
		return q.UpdateConversation(ctx, &c, searchOf(it))
	}
	if it.CreatedAt.After(c.LastInboundAt) || c.ItemsCount == 1 {
		c.LastInboundAt = it.CreatedAt
		c.Preview = preview(it)
		c.Lang = it.Lang
		if it.Sentiment != nil {
			c.Sentiment = it.Sentiment.Label
		}
	}
	if c.AuthorHandle == "" {
		c.AuthorHandle, c.AuthorName = it.Author.Handle, it.Author.Name
	}
	recordInbound(&c, r.cal, time.Duration(r.settings.FirstResponseMinutes)*time.Minute, it.CreatedAt)
	return q.UpdateConversation(ctx, &c, searchOf(it))
}

// PersistDeletions implements ingest.Deleter: when authors delete items
// on the network, their conversations stop showing what they said (the
// preview is rebuilt from what remains) and a conversation left with
// nothing from the community to answer is closed, so that it neither
// waits in the list nor counts against the response target.
func (s *Service) PersistDeletions(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	var w model.Workspace
	var cal *Calendar
	seen := map[int64]bool{}
	for _, it := range items {
		convID, err := q.ConversationOfItem(ctx, wsID, it.Network, it.ExternalID)
		if err != nil || convID == 0 || seen[convID] {
			if err != nil {
				return err
			}
			continue
		}
		seen[convID] = true
		c, err := q.GetConversationForUpdate(ctx, wsID, convID)
		if err != nil {
			return err
		}
		// Search forgets the deleted words: rebuilt from what remains
		// (items and notes).
		r, err := remains(ctx, q, convID)
		if err != nil {
			return err
		}
		c.Preview = r.preview
		// What it shows of its items' analysis is that of the last
		// inbound item left; with none left, nothing (the sentiment of
		// words erased would still file it under "negative").
		c.Lang, c.Sentiment = r.lang, r.sentiment
		if err := q.SetConversationSearch(ctx, wsID, convID, r.search); err != nil {
			return err
		}
		if !r.waiting && c.Status == model.ConvOpen {
			if cal == nil {
				if w, err = q.GetWorkspace(ctx, strconv.FormatInt(wsID, 10)); err != nil {
					return err
				}
				if cal, _, err = s.calendar(ctx, q, w); err != nil {
					return err
				}
			}
			recordClose(&c, cal, c.CreatedAt, s.clock.Now())
			c.Status = model.ConvClosed
			if err := q.InsertAudit(ctx, auth.AuditEntry(ctx, wsID, "conversation.update", "conversation", strconv.FormatInt(c.ID, 10),
				map[string]any{"status": c.Status, "reason": "deleted by its author"})); err != nil {
				return err
			}
		}
		if err := q.UpdateConversation(ctx, &c, ""); err != nil {
			return err
		}
	}
	return nil
}
