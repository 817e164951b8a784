// Package feed is the connector for web feeds: RSS 0.9x, 1.0 (RDF) and
// 2.0, Atom and JSON Feed. It polls with conditional GET, copes with odd
// encodings and broken dates, resolves relative links and turns the HTML of
// entries into plain text. Google Alerts and most news, blog and forum
// monitoring arrive this way.
package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// Network is the network of feed items.
const Network = "web"

// Spec returns the connector's spec.
func Spec() connector.Spec {
	return connector.Spec{
		Type:    "feed",
		Network: Network,
		NameEN:  "RSS / Atom / JSON feed",
		NameFR:  "Flux RSS / Atom / JSON",
		Fields: []connector.Field{
			{Name: "url", Type: "url", Required: true,
				HelpEN: "Address of the feed (RSS, Atom or JSON Feed), e.g. a blog's /feed or a Google Alerts feed URL.",
				HelpFR: "Adresse du flux (RSS, Atom ou JSON Feed), par exemple le /feed d'un blog ou l'URL d'un flux Google Alertes."},
		},
		New: New,
	}
}

// Config is the configuration of a feed source.
type Config struct {
	URL string `json:"url"`
}

// state is what a feed source saves between polls.
type state struct {
	ETag         string         `json:"etag,omitempty"`
	LastModified string         `json:"last_modified,omitempty"`
	Seen         connector.Seen `json:"seen"`
}

type source struct {
	url  string
	host string
	deps connector.Deps
}

// New decodes and validates cfg and returns the source.
func New(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c Config
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	u, err := connector.CheckHTTPURL("url", c.URL, "")
	if err != nil {
		return nil, err
	}
	parsed, _ := url.Parse(u)
	return &source{url: strings.TrimSpace(c.URL), host: parsed.Host, deps: deps}, nil
}

// Fetch polls the feed. A 304 answer or an unchanged feed gives an empty
// batch; only entries not delivered before are returned.
func (s *source) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	var st state
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return connector.Batch{}, connector.Errorf(connector.Permanent, "feed %s: saved state is unreadable: %w", s.url, err)
		}
	}
	if err := s.deps.Hosts.Wait(ctx, s.host); err != nil {
		return connector.Batch{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return connector.Batch{}, connector.Errorf(connector.Permanent, "feed %s: %w", s.url, err)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	resp, body, err := connector.Do(s.deps, req)
	if err != nil {
		if connector.Classify(err) == connector.RateLimited {
			s.deps.Hosts.Backoff(s.host, connector.RetryAfterOf(err))
		}
		return connector.Batch{}, err
	}
	if resp.StatusCode == http.StatusNotModified {
		return connector.Batch{State: raw}, nil
	}
	if v := resp.Header.Get("ETag"); v != "" {
		st.ETag = v
	}
	if v := resp.Header.Get("Last-Modified"); v != "" {
		st.LastModified = v
	}
	base := s.url
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL.String() // after redirects
	}
	items, err := Parse(body, resp.Header.Get("Content-Type"), base, s.deps.Clock.Now())
	if err != nil {
		return connector.Batch{}, connector.Malformed("GET "+connector.Redact(s.url), err)
	}
	fresh := items[:0]
	for _, it := range items {
		if st.Seen.Has(it.ExternalID) {
			continue
		}
		st.Seen.Add(it.ExternalID)
		fresh = append(fresh, it)
	}
	newState, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: fresh, State: newState}, nil
}

// Parse turns a feed document into items. contentType is the HTTP
// Content-Type (for its charset), feedURL the address the document came
// from (relative links are resolved against it) and now the fetch time,
// used for entries without a readable date. Items come in document order
// without duplicates.
func Parse(body []byte, contentType, feedURL string, now time.Time) ([]model.Item, error) {
	f, err := parseFeed(toUTF8(body, contentType))
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(feedURL)
	feedAuthor := ""
	if f.Author != nil {
		feedAuthor = f.Author.Name
	} else if len(f.Authors) > 0 && f.Authors[0] != nil {
		feedAuthor = f.Authors[0].Name
	}
	items := make([]model.Item, 0, len(f.Items))
	dup := map[string]bool{}
	for _, e := range f.Items {
		if e == nil {
			continue
		}
		it := model.Item{
			Network:   Network,
			Kind:      model.KindArticle,
			URL:       resolve(base, firstNonEmpty(e.Link, firstLink(e.Links))),
			Title:     plain(e.Title),
			Text:      plain(firstNonEmpty(e.Content, e.Description)),
			CreatedAt: entryTime(e, now),
			Source:    connector.PlainText(f.Title),
			FetchedAt: now,
			// The entry's language (dc:language), else the feed's (RSS
			// <language>, Atom xml:lang, JSON Feed "language"), is a
			// hint, as a Mastodon status's is; ingest reduces it to its
			// ISO 639-1 code or drops it.
			Lang: entryLang(e, f.Language),
		}
		if e.Author != nil {
			it.Author = model.Author{Name: connector.PlainText(e.Author.Name)}
		} else if len(e.Authors) > 0 && e.Authors[0] != nil {
			it.Author = model.Author{Name: connector.PlainText(e.Authors[0].Name)}
		} else {
			it.Author = model.Author{Name: connector.PlainText(feedAuthor)}
		}
		if it.Title == "" && it.Text == "" {
			continue // nothing to read, nothing to match
		}
		it.ExternalID = externalID(e, it)
		if dup[it.ExternalID] {
			continue
		}
		dup[it.ExternalID] = true
		items = append(items, it)
	}
	return items, nil
}

// entryLang is the language an entry declares, else its feed's.
func entryLang(e *gofeed.Item, feedLang string) string {
	if dc := e.DublinCoreExt; dc != nil {
		for _, l := range dc.Language {
			if l = strings.TrimSpace(l); l != "" {
				return l
			}
		}
	}
	return strings.TrimSpace(feedLang)
}

// parseFeed runs gofeed, turning its panics into errors: gofeed v1.4.2
// panics on a JSON Feed whose items array holds null, and a hostile feed
// must not take the poller down.
func parseFeed(body []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("feed parser failed on this document: %v", p)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(body))
}

// externalID is the entry's GUID/id, else its link, else a hash of its
// content: stable across polls as long as the entry does not change.
func externalID(e *gofeed.Item, it model.Item) string {
	if id := strings.TrimSpace(e.GUID); id != "" {
		return id
	}
	if it.URL != "" {
		return it.URL
	}
	h := sha256.Sum256([]byte(it.Title + "\x00" + it.Text + "\x00" + e.Published + e.Updated))
	return "sha256:" + hex.EncodeToString(h[:16])
}

// entryTime is the entry's publication (or update) date; a missing,
// unreadable or absurd date falls back to the fetch time rather than
// failing the feed.
func entryTime(e *gofeed.Item, now time.Time) time.Time {
	for _, t := range []*time.Time{e.PublishedParsed, e.UpdatedParsed} {
		if t == nil || t.IsZero() {
			continue
		}
		if t.Year() < 1990 || t.After(now.Add(48*time.Hour)) {
			continue
		}
		return t.UTC()
	}
	return now
}

// escapedTag spots HTML that was escaped twice by the feed's generator.
var escapedTag = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)

// plain sanitises an entry's HTML to plain text, once more when the feed
// escaped its HTML twice (a common generator bug: "&amp;lt;p&amp;gt;").
func plain(s string) string {
	t := connector.PlainText(s)
	if escapedTag.MatchString(t) {
		t = connector.PlainText(t)
	}
	return t
}

func resolve(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	ref, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		ref = base.ResolveReference(ref)
	}
	if (ref.Scheme != "http" && ref.Scheme != "https") || ref.Host == "" {
		return "" // javascript:, data:, at:// … are not links to show
	}
	return ref.String()
}

func firstLink(links []string) string {
	for _, l := range links {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
