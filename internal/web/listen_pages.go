package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
)

// streamFilters are the query parameters of the stream, in the order of
// the filter form.
var streamFilters = []string{"q", "source", "network", "kind", "lang", "sentiment", "author", "since", "until"}

// streamData is the stream page.
type streamData struct {
	Items    []itemView
	Sources  []listen.SourceView
	Networks []string
	Kinds    []model.ItemKind
	// Sentiments are the labels the filter offers.
	Sentiments []string
	// Filtered says a filter is applied; Paged, that this is an older page.
	Filtered, Paged bool
	// NextURL is the link to older items; FirstURL, to the newest ones with
	// the same filters (the reload that shows newer items without script).
	NextURL, FirstURL string
	// LiveURL is the event stream the page listens to (first page only).
	LiveURL string
}

// itemView is an item as the stream shows it. P gives the fragment
// template the page's language and time zone.
type itemView struct {
	model.Item
	P    *page
	When string
	// Link and AuthorLink are the item's and the author's web addresses,
	// kept only when they are http(s).
	Link, AuthorLink string
	// Handle is the author's handle as networks write it (@name).
	Handle string
	// FeedbackTo is where the "mark as feedback" form posts (editors, when
	// the directory is wired); Next is the page it returns to.
	FeedbackTo, Next string
}

// feedbackNext is the page a "mark as feedback" form returns to: the one
// showing the item (a live stream's page, not its event stream).
func feedbackNext(p *page, itemID int64) string {
	path, query, _ := strings.Cut(p.Path, "?")
	path = strings.TrimSuffix(path, "/live")
	if query != "" {
		path += "?" + query
	}
	return path + "#item-" + strconv.FormatInt(itemID, 10)
}

func (s *server) itemViews(p *page, items []model.Item) []itemView {
	out := make([]itemView, 0, len(items))
	for _, it := range items {
		v := itemView{Item: it, P: p, When: p.Time(it.CreatedAt), Link: webLink(it.URL), AuthorLink: webLink(it.Author.URL), Handle: it.Author.Handle}
		if s.Contacts != nil && p.WS != nil && p.Can("editor") && it.DeletedAt == nil {
			v.FeedbackTo, v.Next = wsURL(p, "feedback"), feedbackNext(p, it.ID)
		}
		if v.Handle != "" && !strings.ContainsAny(v.Handle, " @") {
			v.Handle = "@" + v.Handle
		} else if strings.Count(v.Handle, "@") == 1 && !strings.HasPrefix(v.Handle, "@") && !strings.Contains(v.Handle, " ") {
			v.Handle = "@" + v.Handle // a fediverse account, user@instance
		}
		out = append(out, v)
	}
	return out
}

// webLink returns u when it is an absolute http or https address (the only
// links the stream makes clickable), else "".
func webLink(u string) string {
	v, err := url.Parse(u)
	if err != nil || (v.Scheme != "http" && v.Scheme != "https") || v.Host == "" {
		return ""
	}
	return u
}

func (s *server) streamPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.stream_title", "listening"
	q := r.URL.Query()
	filters := url.Values{}
	for _, k := range streamFilters {
		p.Fields[k] = q.Get(k)
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	d := streamData{Kinds: model.ItemKinds, Sentiments: []string{"positive", "neutral", "negative"}, Filtered: len(filters) > 0, Paged: q.Get("cursor") != "",
		FirstURL: wsURL(p, "listening")}
	if len(filters) > 0 {
		d.FirstURL += "?" + filters.Encode()
	}
	d.Networks = s.networks()
	p.Data = d
	srcs, err := s.Listen.Sources(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d.Sources = srcs
	p.Data = d
	iq := listen.ItemQuery{Source: q.Get("source"), Network: q.Get("network"), Kind: q.Get("kind"), Lang: q.Get("lang"),
		Sentiment: q.Get("sentiment"), Author: q.Get("author"), Q: q.Get("q"), Since: q.Get("since"), Until: inclusiveUntil(q.Get("until")),
		Cursor: q.Get("cursor"), Limit: 50}
	res, err := s.Listen.Items(r.Context(), p.WS.Slug, iq)
	if err != nil {
		s.fail(w, r, err, "listen_stream", p)
		return
	}
	d.Items = s.itemViews(p, res.Items)
	if res.NextCursor != "" {
		next := url.Values{}
		for k, v := range filters {
			next[k] = v
		}
		next.Set("cursor", res.NextCursor)
		d.NextURL = wsURL(p, "listening") + "?" + next.Encode()
	}
	if !d.Paged {
		d.LiveURL = wsURL(p, "listening/live")
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "listen_stream", p)
}

// networks lists the networks items can come from, for the filter.
func (s *server) networks() []string {
	seen := map[string]bool{"import": true}
	for _, sp := range s.Listen.Specs() {
		seen[sp.Network] = true
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// livePing keeps the event stream open through proxies that close idle
// connections.
const livePing = 25 * time.Second

// liveItems streams the workspace's new items as server-sent events (see
// streamItems).
func (s *server) liveItems(w http.ResponseWriter, r *http.Request, p *page) {
	s.streamItems(w, r, p, nil)
}

// streamItems streams the workspace's new items as server-sent events,
// only those that keep returns when it is not nil: each "items" event
// carries the items as HTML (the stream's fragment, escaped by
// html/template), newest first; "lagged" says some were missed. It ends
// when the client goes away or the server shuts down.
func (s *server) streamItems(w http.ResponseWriter, r *http.Request, p *page, keep func([]model.Item) []model.Item) {
	rc := http.NewResponseController(w)
	sub := s.Listen.Broker.Subscribe(p.WS.ID)
	defer s.Listen.Broker.Unsubscribe(sub)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// The first event says the stream is ready (tests and scripts wait for
	// it before expecting items).
	if _, err := fmt.Fprint(w, "retry: 5000\nevent: ready\ndata: \n\n"); err != nil || rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(livePing)
	defer ping.Stop()
	t := s.pages["listen_stream"]
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return
		case <-s.Stopping:
			return
		case items := <-sub.C:
			// A copy: the broker shares its slice with every subscriber.
			items = append([]model.Item(nil), items...)
			if keep != nil {
				if items = keep(items); len(items) == 0 {
					continue
				}
			}
			sort.SliceStable(items, func(i, j int) bool { return items[i].CreatedAt.After(items[j].CreatedAt) })
			var buf bytes.Buffer
			if err := t.ExecuteTemplate(&buf, "listen_items", s.itemViews(p, items)); err != nil {
				s.Log.Error("web: render live items", "err", err)
				return
			}
			msg = sseEvent("items", buf.String())
		case <-sub.Lagged:
			msg = sseEvent("lagged", "")
		case <-ping.C:
			msg = ": ping\n\n"
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// sseEvent frames data as one server-sent event. Every line break (CR
// included, which EventSource also reads as one) starts a new data line.
func sseEvent(name, data string) string {
	data = strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	b.WriteString("event: " + name + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// SentimentLabel is the item's sentiment label, "" when not analysed.
func (v itemView) SentimentLabel() string {
	if v.Sentiment == nil {
		return ""
	}
	return v.Sentiment.Label
}
