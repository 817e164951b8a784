package contacts

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/workspace"
)

// Tags are the tags the directory offers; free tags are allowed too.
var Tags = []string{"ambassador", "influencer", "journalist", "critic", "customer", "employee"}

// Entry is a contact of a list, with its score.
type Entry struct {
	model.Contact
	Score Score `json:"score"`
}

// ListQuery filters and orders the directory.
type ListQuery struct {
	Tag     string
	Network string
	Search  string
	// Sort is influence (default) or last_seen.
	Sort string
	// Period, when set, limits the figures (and the list) to the items
	// written in it.
	Period Period
	Cursor string
	Limit  int
}

// Page is a page of the directory.
type Page struct {
	Contacts []Entry `json:"contacts"`
	Total    int     `json:"total"`
	Next     string  `json:"next_cursor,omitempty"`
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// List returns the directory (viewer).
func (s *Service) List(ctx context.Context, ws string, in ListQuery) (Page, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Page{}, err
	}
	if in.Sort == "" {
		in.Sort = "influence"
	}
	if in.Sort != "influence" && in.Sort != "last_seen" {
		return Page{}, apperr.Invalid("sort", "error.contact_sort", "must be influence or last_seen")
	}
	off, err := workspace.ParseCursor(in.Cursor)
	if err != nil {
		return Page{}, err
	}
	offset := int(min(off, 1<<30))
	limit := workspace.ClampLimit(in.Limit)
	q := s.db.Q()
	list, err := q.ListContacts(ctx, store.ContactFilter{WorkspaceID: w.ID, Tag: strings.ToLower(strings.TrimSpace(in.Tag)),
		Network: in.Network, Search: text.Fold(strings.TrimSpace(in.Search))})
	if err != nil {
		return Page{}, apperr.Internal(err)
	}
	if !in.Period.From.IsZero() || !in.Period.To.IsZero() {
		p, err := s.periodOr(w, in.Period, 30)
		if err != nil {
			return Page{}, err
		}
		stats, err := q.PeriodContactStats(ctx, w.ID, p.From, p.To)
		if err != nil {
			return Page{}, apperr.Internal(err)
		}
		kept := list[:0]
		for _, c := range list {
			if st, ok := stats[c.ID]; ok {
				c.Stats = st
				kept = append(kept, c)
			}
		}
		list = kept
	}
	entries := make([]Entry, len(list))
	for i, c := range list {
		entries[i] = Entry{Contact: c, Score: Influence(c.Stats)}
	}
	sortEntries(entries, in.Sort)
	page := Page{Total: len(entries), Contacts: []Entry{}}
	if offset < len(entries) {
		end := min(offset+limit, len(entries))
		page.Contacts = entries[offset:end]
		if end < len(entries) {
			page.Next = strconv.Itoa(end)
		}
	}
	return page, nil
}

func sortEntries(es []Entry, by string) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if by == "last_seen" {
			if !a.Stats.LastSeen.Equal(b.Stats.LastSeen) {
				return a.Stats.LastSeen.After(b.Stats.LastSeen)
			}
		} else if a.Score.Influence != b.Score.Influence {
			return a.Score.Influence > b.Score.Influence
		}
		return a.ID < b.ID
	})
}

// Detail is everything the contact page shows.
type Detail struct {
	model.Contact
	Score         Score                `json:"score"`
	Topics        []store.TopicCount   `json:"topics"`
	Items         []model.Item         `json:"items"`
	Conversations []model.Conversation `json:"conversations"`
	Suggestions   []Suggestion         `json:"suggestions"`
}

// Get returns a contact with its score, recent items, conversations,
// topics and merge suggestions (viewer).
func (s *Service) Get(ctx context.Context, ws string, id int64) (Detail, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Detail{}, err
	}
	q := s.db.Q()
	c, err := s.contact(ctx, q, w.ID, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Contact: c, Score: Influence(c.Stats)}
	if d.Topics, err = q.ContactTopics(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Items, err = q.ContactItems(ctx, id, 50); err != nil {
		return d, apperr.Internal(err)
	}
	if d.Conversations, err = q.ContactConversations(ctx, id); err != nil {
		return d, apperr.Internal(err)
	}
	all, err := s.suggestions(ctx, q, w.ID)
	if err != nil {
		return d, err
	}
	d.Suggestions = []Suggestion{}
	for _, sg := range all {
		if sg.A.ID == id || sg.B.ID == id {
			d.Suggestions = append(d.Suggestions, sg)
		}
	}
	return d, nil
}

func (s *Service) contact(ctx context.Context, q *store.Q, wsID, id int64) (model.Contact, error) {
	c, err := q.GetContact(ctx, wsID, id)
	if errors.Is(err, store.ErrNotFound) {
		return c, apperr.NotFound("contact")
	}
	if err != nil {
		return c, apperr.Internal(err)
	}
	return c, nil
}

// Update changes a contact; nil fields stay.
type Update struct {
	Name  *string   `json:"name"`
	Notes *string   `json:"notes"`
	Tags  *[]string `json:"tags"`
}

var tagRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$`)

// CleanTags lowercases, checks and deduplicates tags.
func CleanTags(in []string) ([]string, error) {
	out := []string{}
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if !tagRE.MatchString(t) {
			return nil, apperr.Invalid("tags", "error.contact_tag", "a tag is 1 to 40 letters, digits, spaces, dots, dashes or underscores")
		}
		if !contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > 20 {
		return nil, apperr.Invalid("tags", "error.contact_tags_count", "at most %d tags", 20)
	}
	sort.Strings(out)
	return out, nil
}

// Limits of what people write on a contact.
const (
	maxNameLen  = 200
	maxNotesLen = 10000
)

// UpdateContact changes a contact's name, notes and tags (editor).
func (s *Service) UpdateContact(ctx context.Context, ws string, id int64, up Update) (model.Contact, error) {
	var c model.Contact
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
		if err != nil {
			return err
		}
		if c, err = s.contact(ctx, q, w.ID, id); err != nil {
			return err
		}
		changed := []string{}
		if up.Name != nil {
			n := strings.TrimSpace(*up.Name)
			if n == "" || utf8.RuneCountInString(n) > maxNameLen {
				return apperr.Invalid("name", "error.contact_name", "a name has from 1 to %d characters", maxNameLen)
			}
			if n != c.Name {
				c.Name = n
				changed = append(changed, "name")
			}
		}
		if up.Notes != nil {
			n := strings.TrimSpace(*up.Notes)
			if utf8.RuneCountInString(n) > maxNotesLen {
				return apperr.Invalid("notes", "error.contact_notes", "notes have at most %d characters", maxNotesLen)
			}
			if n != c.Notes {
				c.Notes = n
				changed = append(changed, "notes")
			}
		}
		if up.Tags != nil {
			tags, err := CleanTags(*up.Tags)
			if err != nil {
				return err
			}
			if strings.Join(tags, "\x00") != strings.Join(c.Tags, "\x00") {
				c.Tags = tags
				changed = append(changed, "tags")
			}
		}
		if len(changed) == 0 {
			return nil
		}
		if err := q.UpdateContact(ctx, &c); err != nil {
			return apperr.Internal(err)
		}
		// The audit says what changed, not the notes themselves: they are
		// personal data the erasure must be able to remove.
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.update", "contact", idStr(c.ID),
			map[string]any{"fields": changed, "tags": c.Tags}))
	})
	return c, err
}

// Merge gives the identities, tags and notes of contact other to contact
// id, and removes other (manager).
func (s *Service) Merge(ctx context.Context, ws string, id, other int64) (model.Contact, error) {
	var c model.Contact
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
		if err != nil {
			return err
		}
		if other == id {
			return apperr.Invalid("contact_id", "error.merge_self", "cannot merge a contact with itself")
		}
		if c, err = s.contact(ctx, q, w.ID, id); err != nil {
			return err
		}
		o, err := q.GetContact(ctx, w.ID, other)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Invalid("contact_id", "error.merge_other", "is not a contact of this workspace")
		} else if err != nil {
			return apperr.Internal(err)
		}
		if err := q.MoveIdentities(ctx, o.ID, c.ID); err != nil {
			return apperr.Internal(err)
		}
		tags := append(append([]string{}, c.Tags...), o.Tags...)
		if c.Tags, err = CleanTags(tags); err != nil {
			c.Tags = c.Tags[:min(len(c.Tags), 20)]
		}
		if o.Notes != "" {
			c.Notes = strings.TrimSpace(c.Notes + "\n\n" + o.Notes)
		}
		if err := q.UpdateContact(ctx, &c); err != nil {
			return apperr.Internal(err)
		}
		if err := q.DeleteContact(ctx, o.ID); err != nil {
			return apperr.Internal(err)
		}
		if c, err = s.contact(ctx, q, w.ID, id); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.merge", "contact", idStr(c.ID),
			map[string]any{"merged_contact_id": o.ID, "identities": len(o.Identities)}))
	})
	return c, err
}

// Unmerge moves one identity of a contact to a new contact of its own
// (manager). It returns the new contact.
func (s *Service) Unmerge(ctx context.Context, ws string, id, identityID int64) (model.Contact, error) {
	var n model.Contact
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
		if err != nil {
			return err
		}
		c, err := s.contact(ctx, q, w.ID, id)
		if err != nil {
			return err
		}
		var idn *model.Identity
		for i := range c.Identities {
			if c.Identities[i].ID == identityID {
				idn = &c.Identities[i]
			}
		}
		if idn == nil {
			return apperr.Invalid("identity_id", "error.identity_missing", "is not an identity of this contact")
		}
		if len(c.Identities) < 2 {
			return apperr.Invalid("identity_id", "error.identity_last", "a contact keeps at least one identity")
		}
		n = model.Contact{WorkspaceID: w.ID, Name: idn.Name}
		if n.Name == "" {
			n.Name = idn.Handle
		}
		if err := q.CreateContact(ctx, &n); err != nil {
			return apperr.Internal(err)
		}
		if err := q.MoveIdentity(ctx, idn.ID, n.ID); err != nil {
			return apperr.Internal(err)
		}
		// Separated on purpose: do not suggest merging them again.
		var pairs [][2]int64
		for _, other := range c.Identities {
			if other.ID != idn.ID {
				pairs = append(pairs, [2]int64{idn.ID, other.ID})
			}
		}
		if err := q.AddNotSame(ctx, w.ID, pairs); err != nil {
			return apperr.Internal(err)
		}
		if n, err = s.contact(ctx, q, w.ID, n.ID); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.unmerge", "contact", idStr(c.ID),
			map[string]any{"identity_id": idn.ID, "new_contact_id": n.ID}))
	})
	return n, err
}

// ContactRef names a contact in a suggestion.
type ContactRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Suggestion is a pair of contacts that may be one person, and why.
type Suggestion struct {
	A ContactRef `json:"a"`
	B ContactRef `json:"b"`
	// Reasons are handle (same handle without domain on two networks),
	// name (same display name on two networks) and site (same linked site).
	Reasons []string `json:"reasons"`
}

// DismissSuggestion records that two contacts are not one person (editor):
// no pair of their identities is suggested again.
func (s *Service) DismissSuggestion(ctx context.Context, ws string, a, b int64) error {
	return s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
		if err != nil {
			return err
		}
		if a == b {
			return apperr.Invalid("b", "error.merge_self", "cannot merge a contact with itself")
		}
		ca, err := s.contact(ctx, q, w.ID, a)
		if err != nil {
			return err
		}
		cb, err := q.GetContact(ctx, w.ID, b)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Invalid("b", "error.merge_other", "is not a contact of this workspace")
		} else if err != nil {
			return apperr.Internal(err)
		}
		var pairs [][2]int64
		for _, x := range ca.Identities {
			for _, y := range cb.Identities {
				pairs = append(pairs, [2]int64{x.ID, y.ID})
			}
		}
		if err := q.AddNotSame(ctx, w.ID, pairs); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contact.not_same", "contact", idStr(a), map[string]any{"other_contact_id": b}))
	})
}

// Suggestions lists pairs of contacts that may be one person (viewer).
func (s *Service) Suggestions(ctx context.Context, ws string) ([]Suggestion, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	return s.suggestions(ctx, s.db.Q(), w.ID)
}

func (s *Service) suggestions(ctx context.Context, q *store.Q, wsID int64) ([]Suggestion, error) {
	ids, err := q.ListIdentities(ctx, wsID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	notSame, err := q.NotSame(ctx, wsID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	sg := Suggest(ids, notSame)
	if len(sg) == 0 {
		return []Suggestion{}, nil
	}
	var cids []int64
	for _, x := range sg {
		cids = append(cids, x.A.ID, x.B.ID)
	}
	list, err := q.ListContacts(ctx, store.ContactFilter{WorkspaceID: wsID, IDs: cids})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	names := map[int64]string{}
	for _, c := range list {
		names[c.ID] = c.Name
	}
	for i := range sg {
		sg[i].A.Name, sg[i].B.Name = names[sg[i].A.ID], names[sg[i].B.ID]
	}
	return sg, nil
}

// maxSuggestions bounds the suggestions returned.
const maxSuggestions = 100

// Suggest finds pairs of contacts whose identities agree: the same handle
// without domain or the same display name on two different networks, or
// the same linked site. A host shared by several accounts of one network
// (the network's own site, an instance) is not a personal site. Identity
// pairs in notSame (smaller id first: people separated them) are left out.
func Suggest(ids []model.Identity, notSame map[[2]int64]bool) []Suggestion {
	type pair struct{ a, b int64 }
	reasons := map[pair][]string{}
	add := func(x, y model.Identity, why string) {
		if x.ContactID == y.ContactID || notSame[[2]int64{min(x.ID, y.ID), max(x.ID, y.ID)}] {
			return
		}
		p := pair{min(x.ContactID, y.ContactID), max(x.ContactID, y.ContactID)}
		if !contains(reasons[p], why) {
			reasons[p] = append(reasons[p], why)
		}
	}
	group := func(key func(model.Identity) string, why string, crossNetwork bool) {
		groups := map[string][]model.Identity{}
		for _, id := range ids {
			if k := key(id); k != "" {
				groups[k] = append(groups[k], id)
			}
		}
		for _, g := range groups {
			if len(g) > 20 { // a common key says nothing about one person
				continue
			}
			for i := range g {
				for j := i + 1; j < len(g); j++ {
					if crossNetwork && g[i].Network == g[j].Network {
						continue
					}
					add(g[i], g[j], why)
				}
			}
		}
	}
	group(func(i model.Identity) string {
		if utf8.RuneCountInString(i.HandleKey) < 3 {
			return ""
		}
		return i.HandleKey
	}, "handle", true)
	group(func(i model.Identity) string {
		if utf8.RuneCountInString(i.NameKey) < 5 {
			return ""
		}
		return i.NameKey
	}, "name", true)
	// Hosts shared by two different accounts of one network are the
	// network's or an instance's, not someone's site.
	shared := map[string]bool{}
	seen := map[string]string{}
	for _, id := range ids {
		for _, h := range sites(id) {
			k := id.Network + "\x00" + h
			if prev, ok := seen[k]; ok && prev != id.Handle {
				shared[h] = true
			}
			seen[k] = id.Handle
		}
	}
	groups := map[string][]model.Identity{}
	for _, id := range ids {
		for _, h := range sites(id) {
			if !shared[h] {
				groups[h] = append(groups[h], id)
			}
		}
	}
	for _, g := range groups {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				add(g[i], g[j], "site")
			}
		}
	}
	out := make([]Suggestion, 0, len(reasons))
	for p, r := range reasons {
		sort.Strings(r)
		out = append(out, Suggestion{A: ContactRef{ID: p.a}, B: ContactRef{ID: p.b}, Reasons: r})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Reasons) != len(out[j].Reasons) {
			return len(out[i].Reasons) > len(out[j].Reasons)
		}
		if out[i].A.ID != out[j].A.ID {
			return out[i].A.ID < out[j].A.ID
		}
		return out[i].B.ID < out[j].B.ID
	})
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

// sites are the hosts an identity links to: its profile URL's, and its
// handle when the handle is a domain of its own (Bluesky).
func sites(id model.Identity) []string {
	var out []string
	if id.URLHost != "" {
		out = append(out, id.URLHost)
	}
	h := strings.ToLower(strings.TrimPrefix(id.Handle, "@"))
	if id.Network == "bluesky" && strings.Contains(h, ".") && !strings.HasSuffix(h, ".bsky.social") && h != id.URLHost {
		out = append(out, strings.TrimPrefix(h, "www."))
	}
	return out
}

// TopKinds are the lists of Top.
var TopKinds = []string{"ambassadors", "critics"}

// Top returns the most influential ambassadors or critics of a period
// (viewer): contacts whose average sentiment over the period is at least
// 0.2 (ambassadors) or at most −0.2 (critics), by influence.
func (s *Service) Top(ctx context.Context, ws, kind string, p Period, limit int) ([]Entry, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	if !contains(TopKinds, kind) {
		return nil, apperr.Invalid("kind", "error.top_kind", "must be ambassadors or critics")
	}
	if p, err = s.periodOr(w, p, 30); err != nil {
		return nil, err
	}
	q := s.db.Q()
	stats, err := q.PeriodContactStats(ctx, w.ID, p.From, p.To)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	want := "ambassador"
	if kind == "critics" {
		want = "critic"
	}
	var ids []int64
	scores := map[int64]Score{}
	for id, st := range stats {
		if sc := Influence(st); sc.Stance == want {
			ids = append(ids, id)
			scores[id] = sc
		}
	}
	out := []Entry{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := q.ListContacts(ctx, store.ContactFilter{WorkspaceID: w.ID, IDs: ids})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	for _, c := range list {
		c.Stats = stats[c.ID]
		out = append(out, Entry{Contact: c, Score: scores[c.ID]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Score, out[j].Score
		if a.Influence != b.Influence {
			return a.Influence > b.Influence
		}
		if a.Sentiment != b.Sentiment {
			if kind == "critics" {
				return a.Sentiment < b.Sentiment
			}
			return a.Sentiment > b.Sentiment
		}
		return out[i].ID < out[j].ID
	})
	limit = workspace.ClampLimit(limit)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
