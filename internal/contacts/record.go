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
// identities, in the batch's transaction: one upsert per distinct author.
// It runs after the topics stage, so the items' topic matches are counted.
func (s *Service) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	authors := Sightings(items)
	if len(authors) == 0 {
		return nil
	}
	if _, err := q.RecordAuthors(ctx, wsID, authors); err != nil {
		return fmt.Errorf("contacts: record authors: %w", err)
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
		a.Items = append(a.Items, store.ItemRef{ID: it.ID, CreatedAt: it.CreatedAt})
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
