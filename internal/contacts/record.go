package contacts

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// PersistMatches records the authors of a batch's written items as
// identities, in the batch's transaction: one upsert per distinct author
// (for bulk batches of deferAbove items or more, a durable job does it
// just after the transaction; see deferRecord).
// It runs after the match stage: an item's topics say whether it is about
// the workspace's topics (a later backfill of a new topic is not counted).
//
// Authors erased on request are not recorded again: a network may deliver
// their items anew (an edit, a refreshed count), and the batch's upsert has
// just written their name and text back. Their items are anonymised or
// deleted again, per the policy of their erasure, in the store and in
// items itself, so that the stages and consumers after this one (the
// inbox, alerts, live updates) never see them.
func (s *Service) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	authors := Sightings(items)
	if len(authors) == 0 {
		return nil
	}
	hashes, erased, err := erasedAmong(ctx, q, wsID, authors)
	if err != nil {
		return fmt.Errorf("contacts: erased authors: %w", err)
	}
	if len(erased) > 0 {
		kept := authors[:0]
		for i, a := range authors {
			policy, ok := erased[hashes[i]]
			if !ok {
				kept = append(kept, a)
				continue
			}
			if err := suppress(ctx, q, items, a, policy); err != nil {
				return fmt.Errorf("contacts: erase again: %w", err)
			}
		}
		authors = kept
	}
	if s.jobs != nil && len(items) >= deferAbove {
		// A bulk batch (an import): its authors are recorded by a job
		// right after, so that the batch's transaction only writes items.
		return s.deferRecord(ctx, q, wsID, authors)
	}
	if _, err := q.RecordAuthors(ctx, wsID, authors); err != nil {
		return fmt.Errorf("contacts: record authors: %w", err)
	}
	return nil
}

// erasedAmong returns the authors' hashes and, by hash, the erasure
// policy of those erased on request.
func erasedAmong(ctx context.Context, q *store.Q, wsID int64, authors []store.AuthorSighting) ([]string, map[string]string, error) {
	hashes := make([]string, len(authors))
	for i, a := range authors {
		hashes[i] = store.AuthorHash(a.Network, a.Handle)
	}
	erased, err := q.ErasedAuthors(ctx, wsID, hashes)
	return hashes, erased, err
}

// suppress anonymises or deletes the batch's items of an erased author.
func suppress(ctx context.Context, q *store.Q, items []model.Item, a store.AuthorSighting, policy string) error {
	ids := make([]int64, len(a.Items))
	for i, ref := range a.Items {
		ids[i] = ref.ID
	}
	var err error
	if policy == "delete" {
		err = q.DeleteItems(ctx, ids)
	} else {
		err = q.AnonymizeItems(ctx, ids)
	}
	if err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		if it.ID == 0 || it.Network != a.Network || strings.TrimSpace(it.Author.Handle) != a.Handle {
			continue
		}
		if policy == "delete" {
			it.ID = 0 // later stages skip items without an id
		}
		it.Author = model.Author{}
		it.Title, it.Text, it.URL, it.SearchText, it.Entities = "", store.ErasedText, "", "", nil
	}
	return nil
}

// Sightings groups items by author (network and handle), in a stable order.
// Items without a handle (anonymous, erased) have no author to record.
func Sightings(items []model.Item) []store.AuthorSighting {
	idx := map[string]int{}
	var out []store.AuthorSighting
	for i := range items {
		it := &items[i]
		handle := strings.TrimSpace(it.Author.Handle)
		if it.ID == 0 || handle == "" || it.Network == "" {
			continue
		}
		key := it.Network + "\x00" + handle
		j, ok := idx[key]
		if !ok {
			j = len(out)
			idx[key] = j
			out = append(out, store.AuthorSighting{Network: it.Network, Handle: handle, FirstSeen: it.CreatedAt, LastSeen: it.CreatedAt,
				HandleKey: HandleKey(handle)})
		}
		a := &out[j]
		// The newest item's profile wins: names and links change.
		if !it.CreatedAt.Before(a.LastSeen) || a.Name == "" {
			if it.Author.Name != "" {
				a.Name, a.NameKey = it.Author.Name, NameKey(it.Author.Name)
			}
			if it.Author.URL != "" {
				a.URL, a.URLHost = it.Author.URL, URLHost(it.Author.URL)
			}
		}
		if it.CreatedAt.Before(a.FirstSeen) {
			a.FirstSeen = it.CreatedAt
		}
		if it.CreatedAt.After(a.LastSeen) {
			a.LastSeen = it.CreatedAt
		}
		if it.Author.Followers != nil && *it.Author.Followers > a.Followers {
			a.Followers = *it.Author.Followers
		}
		ref := store.ItemRef{ID: it.ID, CreatedAt: it.CreatedAt, Engagement: it.Metrics.Likes + it.Metrics.Reposts + it.Metrics.Replies,
			OnTopic: len(it.Topics) > 0}
		if it.Sentiment != nil && it.Sentiment.Label != "" {
			ref.Sentiment, ref.HasSentiment = it.Sentiment.Score, true
		}
		a.Items = append(a.Items, ref)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Network != out[j].Network {
			return out[i].Network < out[j].Network
		}
		return out[i].Handle < out[j].Handle
	})
	return out
}

// HandleKey is a handle folded and without its domain or instance, so that
// "@Alice@mastodon.social", "alice.bsky.social" and "alice" agree.
func HandleKey(h string) string {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	if i := strings.Index(h, "@"); i >= 0 {
		h = h[:i]
	}
	if i := strings.Index(h, "."); i >= 0 {
		h = h[:i]
	}
	h = text.Fold(h)
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return r
	}, h)
}

// NameKey is a display name folded, with spaces collapsed and anything
// but letters and digits dropped (emoji, punctuation).
func NameKey(n string) string {
	var words []string
	for _, tok := range text.Tokenize(n) {
		if tok.Kind != text.Word && tok.Kind != text.Number {
			continue
		}
		var b strings.Builder
		for _, r := range tok.Text {
			if isAlnum(r) {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			words = append(words, b.String())
		}
	}
	return strings.Join(words, " ")
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// URLHost is the host of a profile or site URL, without "www.".
func URLHost(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// Refold implements ingest.Refolder: the handle and name keys of the
// identities of a workspace (or all), folded again by the text engine of
// this version. An identity whose name or handle changed meanwhile got
// its keys from the writer. It returns how many changed.
func (s *Service) Refold(ctx context.Context, wsID int64) (int, error) {
	changed := 0
	for after := int64(0); ; {
		ids, err := s.db.Q().IdentityKeys(ctx, wsID, after, 1000)
		if err != nil || len(ids) == 0 {
			return changed, err
		}
		after = ids[len(ids)-1].ID
		var stale []model.Identity
		for _, id := range ids {
			hk, nk := HandleKey(id.Handle), NameKey(id.Name)
			if id.Name == "" {
				nk = id.NameKey // a sighting without a name keeps the key it has
			}
			if hk != id.HandleKey || nk != id.NameKey {
				id.HandleKey, id.NameKey = hk, nk
				stale = append(stale, id)
			}
		}
		if len(stale) == 0 {
			continue
		}
		if err := s.db.InTx(ctx, func(q *store.Q) error { return q.SetIdentityKeys(ctx, stale) }); err != nil {
			return changed, fmt.Errorf("contacts: fold keys again: %w", err)
		}
		changed += len(stale)
	}
}

// PersistReanalysis implements ingest.Reanalyzer: the sentiment of items
// read again reaches their authors' identities.
func (s *Service) PersistReanalysis(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	if err := q.RefreshContactSentiment(ctx, items); err != nil {
		return fmt.Errorf("contacts: refresh sentiment: %w", err)
	}
	return nil
}
