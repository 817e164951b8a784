package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

// Limits on what an item may hold; longer text is cut, not refused.
const (
	maxTextRunes  = 20000
	maxTitleRunes = 1000
	maxFieldLen   = 2048
)

// Defaults fill what an item does not say: where it came from.
type Defaults struct {
	WorkspaceID int64
	SourceID    int64
	Network     string // e.g. "web", "webhook", "import"
	Source      string // source name
	Now         time.Time
}

// Normalize cleans an item in place and checks it: plain text (HTML
// removed), valid UTF-8, a kind, a time, a network, bounded sizes, and an
// external id (a stable hash of the content when the input has none). It
// returns a *FieldError for an item that cannot be kept.
func Normalize(it *model.Item, d Defaults) error {
	it.WorkspaceID = d.WorkspaceID
	if it.SourceID == 0 {
		it.SourceID = d.SourceID
	}
	if it.Network == "" {
		it.Network = d.Network
	}
	if it.Source == "" {
		it.Source = d.Source
	}
	it.Network = strings.ToLower(strings.TrimSpace(it.Network))
	if it.Deleted {
		// A deletion names the item; nothing of what it said is kept.
		it.ExternalID = strings.TrimSpace(it.ExternalID)
		switch {
		case it.ExternalID == "":
			return &FieldError{Field: "external_id", Msg: "is required to delete an item"}
		case it.Network == "":
			return &FieldError{Field: "network", Msg: "is required to delete an item"}
		case len(it.ExternalID) > maxFieldLen || len(it.Network) > maxFieldLen || !utf8.ValidString(it.ExternalID+it.Network):
			return &FieldError{Field: "external_id", Msg: "is too long or not valid UTF-8"}
		}
		*it = model.Item{WorkspaceID: it.WorkspaceID, SourceID: it.SourceID, Network: it.Network, ExternalID: it.ExternalID, Deleted: true,
			Kind: model.KindPost, CreatedAt: d.Now.UTC().Truncate(time.Microsecond), FetchedAt: d.Now}
		return nil
	}
	it.Text = clean(it.Text, maxTextRunes)
	it.Title = clean(it.Title, maxTitleRunes)
	if it.Text == "" && it.Title == "" {
		return &FieldError{Field: "text", Msg: "is required (or title)"}
	}
	if it.Kind == "" {
		it.Kind = model.KindPost
	}
	if !it.Kind.Valid() {
		return &FieldError{Field: "kind", Msg: "must be one of post, reply, comment, mention, message, article, review"}
	}
	if it.URL = strings.TrimSpace(it.URL); it.URL != "" {
		u, err := url.Parse(it.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(it.URL) > maxFieldLen {
			return &FieldError{Field: "url", Msg: "must be an absolute http(s) URL"}
		}
	}
	if it.Author.URL = strings.TrimSpace(it.Author.URL); it.Author.URL != "" {
		u, err := url.Parse(it.Author.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || len(it.Author.URL) > maxFieldLen {
			return &FieldError{Field: "author.url", Msg: "must be an absolute http(s) URL"}
		}
	}
	it.Author.Handle = clean(strings.TrimPrefix(strings.TrimSpace(it.Author.Handle), "@"), 200)
	it.Author.Name = clean(it.Author.Name, 200)
	// A language tag is reduced to its ISO 639-1 code ("zh-Hant-TW" →
	// "zh"); one that names no language ("English", "xx") is dropped and
	// the language detected: a client's odd tag costs no item.
	it.Lang = text.NormalizeLang(it.Lang)
	for _, f := range []struct{ name, v string }{{"external_id", it.ExternalID}, {"parent_id", it.ParentID}, {"thread_id", it.ThreadID},
		{"network", it.Network}, {"source", it.Source}} {
		if len(f.v) > maxFieldLen || !utf8.ValidString(f.v) {
			return &FieldError{Field: f.name, Msg: "is too long or not valid UTF-8"}
		}
	}
	if it.Network == "" {
		it.Network = "web"
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = d.Now
	}
	it.CreatedAt = it.CreatedAt.UTC().Truncate(time.Microsecond)
	if it.FetchedAt.IsZero() {
		it.FetchedAt = d.Now
	}
	if it.ExternalID = strings.TrimSpace(it.ExternalID); it.ExternalID == "" {
		it.ExternalID = ContentID(it)
	}
	return nil
}

// ContentID identifies an item that has no external id by a hash of what
// it says, so that sending it twice does not store it twice.
func ContentID(it *model.Item) string {
	h := sha256.New()
	for _, s := range []string{it.Network, it.URL, it.Author.Handle, it.Title, it.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:32]
}

// clean makes s plain, valid UTF-8 text of at most n runes.
func clean(s string, n int) string {
	if s == "" {
		return ""
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "<&") {
		s = connector.PlainText(s)
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
	if utf8.RuneCountInString(s) > n {
		s = connector.Truncate(s, n)
	}
	return s
}
