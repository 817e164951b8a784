package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// JetstreamSpec is live listening on Jetstream, Bluesky's JSON firehose.
func JetstreamSpec() connector.Spec {
	return connector.Spec{
		Type:    "bluesky_jetstream",
		Network: Network,
		NameEN:  "Bluesky live (Jetstream)",
		NameFR:  "Bluesky en direct (Jetstream)",
		Fields: []connector.Field{
			{Name: "keywords", Type: "list", Required: true,
				HelpEN: "Posts are kept when their text contains one of these words or phrases (case-insensitive), e.g. [\"acme\", \"acme corp\"].",
				HelpFR: "Les messages sont gardés si leur texte contient l'un de ces mots ou expressions (sans tenir compte de la casse), par exemple [\"acme\", \"acme corp\"]."},
			{Name: "service_url", Type: "url",
				HelpEN: "Jetstream instance; leave empty for " + DefaultJetstream + ".",
				HelpFR: "Instance Jetstream ; laisser vide pour " + DefaultJetstream + "."},
		},
		New: NewJetstream,
	}
}

// JetstreamConfig is the configuration of a Jetstream source.
type JetstreamConfig struct {
	Keywords   []string `json:"keywords"`
	ServiceURL string   `json:"service_url"`
}

// Limits of one Fetch on a stream that never ends by itself.
const (
	fetchMaxEvents = 5000
	fetchWindow    = 10 * time.Second
	// keepaliveEvents is how often Stream saves the cursor while no post
	// matches, so that a restart does not replay hours of stream.
	keepaliveEvents = 1000
	maxMessageBytes = 1 << 20
)

type jetstreamSource struct {
	service  string
	keywords []string
	deps     connector.Deps
}

type jetstreamState struct {
	// Cursor is the time_us of the last event read.
	Cursor int64 `json:"cursor,omitempty"`
}

// NewJetstream decodes and validates cfg and returns the source.
func NewJetstream(cfg json.RawMessage, deps connector.Deps) (connector.Source, error) {
	var c JetstreamConfig
	if err := connector.DecodeConfig(cfg, &c); err != nil {
		return nil, err
	}
	var kws []string
	for _, k := range c.Keywords {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			kws = append(kws, k)
		}
	}
	if len(kws) == 0 {
		return nil, connector.FieldErrorf("keywords", "required: at least one word")
	}
	service := strings.TrimRight(strings.TrimSpace(c.ServiceURL), "/")
	if service == "" {
		service = DefaultJetstream
	}
	u, err := url.Parse(service)
	if err != nil || u.Host == "" || (u.Scheme != "wss" && u.Scheme != "ws" && u.Scheme != "https" && u.Scheme != "http") {
		return nil, connector.FieldErrorf("service_url", "%q is not a ws, wss, http or https URL", c.ServiceURL)
	}
	return &jetstreamSource{service: service, keywords: kws, deps: deps}, nil
}

// jetstreamEvent is one Jetstream message.
type jetstreamEvent struct {
	DID    string `json:"did"`
	TimeUS int64  `json:"time_us"`
	Kind   string `json:"kind"`
	Commit *struct {
		Operation  string          `json:"operation"`
		Collection string          `json:"collection"`
		RKey       string          `json:"rkey"`
		CID        string          `json:"cid"`
		Record     json.RawMessage `json:"record"`
	} `json:"commit"`
}

func (s *jetstreamSource) dial(ctx context.Context, cursor int64) (*websocket.Conn, error) {
	q := url.Values{"wantedCollections": {"app.bsky.feed.post"}}
	if cursor > 0 {
		q.Set("cursor", strconv.FormatInt(cursor, 10))
	}
	rawURL := s.service + "/subscribe?" + q.Encode()
	conn, resp, err := websocket.Dial(ctx, rawURL, &websocket.DialOptions{HTTPClient: s.deps.HTTP})
	if err != nil {
		where := "GET " + connector.Redact(rawURL)
		if resp != nil {
			if herr := connector.FromHTTPResponse(resp, nil, s.deps.Clock.Now()); herr != nil {
				return nil, herr
			}
			// 2xx or 3xx without an upgrade: not a Jetstream endpoint.
			return nil, connector.Malformed(where, fmt.Errorf("HTTP %s instead of a websocket upgrade", resp.Status))
		}
		var ce *connector.Error
		if errors.As(err, &ce) || ctx.Err() != nil {
			return nil, err
		}
		return nil, &connector.Error{Class: connector.Classify(err), Msg: where, Err: err}
	}
	conn.SetReadLimit(maxMessageBytes)
	return conn, nil
}

// match turns an event into an item when it creates a post whose text
// holds a keyword.
func (s *jetstreamSource) match(ev jetstreamEvent) (model.Item, bool) {
	c := ev.Commit
	if ev.Kind != "commit" || c == nil || c.Collection != "app.bsky.feed.post" || ev.DID == "" || c.RKey == "" {
		return model.Item{}, false
	}
	uri := "at://" + ev.DID + "/app.bsky.feed.post/" + c.RKey
	switch c.Operation {
	case "delete":
		// Whether Parvis holds the post is for the store to say: a
		// deletion of a post it never kept changes nothing.
		return model.Item{Network: Network, ExternalID: uri, Deleted: true}, true
	case "create", "update": // an update is an edit: kept when it still names a keyword
	default:
		return model.Item{}, false
	}
	it, ok := postItem(uri, ProfileView{DID: ev.DID}, c.Record, "")
	if !ok {
		return model.Item{}, false
	}
	text := strings.ToLower(it.Text)
	for _, k := range s.keywords {
		if strings.Contains(text, k) {
			it.Source = "Bluesky Jetstream"
			return it, true
		}
	}
	return model.Item{}, false
}

func loadJetstreamState(raw []byte) (jetstreamState, error) {
	var st jetstreamState
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &st); err != nil {
			return st, connector.Errorf(connector.Permanent, "bluesky jetstream: saved state is unreadable: %w", err)
		}
	}
	return st, nil
}

// read reads the next event, skipping those at or before the cursor
// (a resumed stream starts at the cursor itself).
func (s *jetstreamSource) read(ctx context.Context, conn *websocket.Conn, st *jetstreamState) (jetstreamEvent, error) {
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return jetstreamEvent{}, err
		}
		var ev jetstreamEvent
		if err := json.Unmarshal(data, &ev); err != nil || ev.TimeUS <= 0 {
			if err == nil {
				err = errors.New("no time_us")
			}
			return jetstreamEvent{}, connector.Malformed("jetstream "+s.service, fmt.Errorf("message %.60q: %v", data, err))
		}
		if ev.TimeUS <= st.Cursor {
			continue
		}
		st.Cursor = ev.TimeUS
		return ev, nil
	}
}

// Fetch reads the stream from the saved cursor until it has caught up
// with the present (an event newer than the start of the fetch), the
// server closes, fetchMaxEvents were read or fetchWindow passed. It lets a
// Jetstream source be polled like the others; Stream is the live way.
func (s *jetstreamSource) Fetch(ctx context.Context, raw []byte) (connector.Batch, error) {
	st, err := loadJetstreamState(raw)
	if err != nil {
		return connector.Batch{}, err
	}
	startUS := s.deps.Clock.Now().UnixMicro()
	ctx, cancel := context.WithTimeout(ctx, fetchWindow)
	defer cancel()
	conn, err := s.dial(ctx, st.Cursor)
	if err != nil {
		return connector.Batch{}, err
	}
	defer conn.CloseNow()
	var items []model.Item
	for n := 0; n < fetchMaxEvents; n++ {
		ev, err := s.read(ctx, conn, &st)
		if err != nil {
			if ce := (*connector.Error)(nil); errors.As(err, &ce) {
				return connector.Batch{}, err
			}
			break // closed by the server or window over: keep what was read
		}
		if it, ok := s.match(ev); ok {
			it.FetchedAt = s.deps.Clock.Now()
			items = append(items, it)
		}
		if ev.TimeUS >= startUS {
			break
		}
	}
	conn.Close(websocket.StatusNormalClosure, "")
	b, err := json.Marshal(st)
	if err != nil {
		return connector.Batch{}, err
	}
	return connector.Batch{Items: items, State: b}, nil
}

// Stream listens until ctx ends or the connection fails, emitting each
// matching post with the cursor after it, and the cursor alone every
// keepaliveEvents events.
func (s *jetstreamSource) Stream(ctx context.Context, raw []byte, emit func(connector.Batch) error) error {
	st, err := loadJetstreamState(raw)
	if err != nil {
		return err
	}
	conn, err := s.dial(ctx, st.Cursor)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	pending := 0
	// Deletions of any post on the network come by the thousands; most
	// are of posts Parvis never kept, so they wait for the next batch
	// (a matching post, or the cursor saved every keepaliveEvents) rather
	// than costing a transaction each.
	var dels []model.Item
	for {
		ev, err := s.read(ctx, conn, &st)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var ce *connector.Error
			if errors.As(err, &ce) {
				return err
			}
			return &connector.Error{Class: connector.Retryable, Msg: "bluesky jetstream: stream from " + s.service + " ended", Err: err}
		}
		pending++
		it, ok := s.match(ev)
		if ok && it.Deleted {
			dels, ok = append(dels, it), false
		}
		if !ok && pending < keepaliveEvents {
			continue
		}
		b := connector.Batch{Items: dels}
		if ok {
			it.FetchedAt = s.deps.Clock.Now()
			b.Items = append(b.Items, it)
		}
		if b.State, err = json.Marshal(st); err != nil {
			return err
		}
		if err := emit(b); err != nil {
			return err
		}
		pending, dels = 0, nil
	}
}

var _ connector.Streamer = (*jetstreamSource)(nil)
