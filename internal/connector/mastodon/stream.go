package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/coder/websocket"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
)

// maxStreamMessage bounds one streaming message (a status with its
// account and card is a few kilobytes).
const maxStreamMessage = 1 << 20

// streamEvent is one message of the streaming API
// (https://docs.joinmastodon.org/methods/streaming/): the payload of
// update, status.update and notification is a JSON document in a string,
// that of delete a status id.
type streamEvent struct {
	Stream  []string `json:"stream"`
	Event   string   `json:"event"`
	Payload string   `json:"payload"`
}

// streamName returns the streaming API's stream of the source's timeline,
// and its parameters; ok is false for timelines without a stream (search).
func (s *source) streamName() (url.Values, bool) {
	q := url.Values{}
	switch s.cfg.Timeline {
	case "hashtag":
		q.Set("stream", "hashtag")
		if s.cfg.Local {
			q.Set("stream", "hashtag:local")
		}
		q.Set("tag", s.cfg.Hashtag)
	case "public":
		q.Set("stream", "public")
		if s.cfg.Local {
			q.Set("stream", "public:local")
		}
	case "notifications":
		q.Set("stream", "user:notification")
	default:
		return nil, false
	}
	return q, true
}

// streamingURL finds the instance's streaming server: the instance
// document names it (urls.streaming_api), and it must answer its health
// check. Servers that implement the client API without streaming (snac2,
// GoToSocial in some versions) give ErrNoStream.
func (s *source) streamingURL(ctx context.Context) (string, error) {
	var inst struct {
		URLs struct {
			StreamingAPI string `json:"streaming_api"`
		} `json:"urls"`
	}
	if _, err := connector.GetJSON(ctx, s.deps, s.base+"/api/v1/instance", s.header(), &inst); err != nil {
		return "", err
	}
	base := strings.TrimRight(inst.URLs.StreamingAPI, "/")
	u, err := url.Parse(base)
	if base == "" || err != nil || u.Host == "" || (u.Scheme != "wss" && u.Scheme != "ws") {
		return "", connector.ErrNoStream
	}
	health := "https" + strings.TrimPrefix(base, "wss")
	if u.Scheme == "ws" {
		health = "http" + strings.TrimPrefix(base, "ws")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, health+"/api/v1/streaming/health", nil)
	if err != nil {
		return "", connector.ErrNoStream
	}
	if _, _, err := connector.Do(s.deps, req); err != nil {
		if c := connector.Classify(err); c == connector.Permanent || c == connector.CredentialsExpired {
			return "", connector.ErrNoStream // 404 and the like: no streaming there
		}
		return "", err
	}
	return base, nil
}

// Stream listens to the instance's streaming API until ctx ends or the
// connection fails, emitting each status (new or edited) and each
// deletion as it comes. It saves no state: the stream cannot resume, and
// the source's polls (which keep their own cursor) fill any gap; the
// store deduplicates what both deliver.
func (s *source) Stream(ctx context.Context, _ []byte, emit func(connector.Batch) error) error {
	params, ok := s.streamName()
	if !ok {
		return connector.ErrNoStream
	}
	base, err := s.streamingURL(ctx)
	if err != nil {
		return err
	}
	rawURL := base + "/api/v1/streaming?" + params.Encode()
	conn, resp, err := websocket.Dial(ctx, rawURL, &websocket.DialOptions{HTTPClient: s.deps.HTTP, HTTPHeader: s.header()})
	if err != nil {
		if resp != nil {
			if (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) && s.cfg.AccessToken == "" {
				return connector.ErrNoStream // the instance streams to signed-in accounts only
			}
			if herr := connector.FromHTTPResponse(resp, nil, s.deps.Clock.Now()); herr != nil {
				return herr
			}
		}
		return &connector.Error{Class: connector.Retryable, Msg: "mastodon: cannot open the stream of " + connector.Redact(rawURL), Err: err}
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxStreamMessage)
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &connector.Error{Class: connector.Retryable, Msg: "mastodon: stream of " + connector.Redact(rawURL) + " ended", Err: err}
		}
		it, ok, err := StreamItem(data)
		if err != nil {
			return connector.Malformed("mastodon stream "+connector.Redact(rawURL), err)
		}
		if !ok {
			continue
		}
		it.FetchedAt = s.deps.Clock.Now()
		if err := emit(connector.Batch{Items: []model.Item{it}}); err != nil {
			return err
		}
	}
}

// StreamItem reads one streaming message: a status (update, status.update),
// a mention or quote (notification), or a deletion (delete). Other events
// (filters_changed, announcements…) give no item.
func StreamItem(data []byte) (model.Item, bool, error) {
	var ev streamEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		return model.Item{}, false, fmt.Errorf("message %.60q: %w", data, err)
	}
	switch ev.Event {
	case "update", "status.update":
		var st Status
		if err := json.Unmarshal([]byte(ev.Payload), &st); err != nil {
			return model.Item{}, false, fmt.Errorf("%s payload: %w", ev.Event, err)
		}
		it, ok := toItem(st)
		return it, ok, nil
	case "notification":
		var n notification
		if err := json.Unmarshal([]byte(ev.Payload), &n); err != nil {
			return model.Item{}, false, fmt.Errorf("notification payload: %w", err)
		}
		if (n.Type != "mention" && n.Type != "quote") || n.Status == nil {
			return model.Item{}, false, nil
		}
		it, ok := toItem(*n.Status)
		if ok && it.Kind == model.KindPost {
			it.Kind = model.KindMention
		}
		return it, ok, nil
	case "delete":
		id := strings.TrimSpace(ev.Payload)
		if id == "" {
			return model.Item{}, false, errors.New("delete without a status id")
		}
		return model.Item{Network: Network, ExternalID: id, Deleted: true}, true, nil
	}
	return model.Item{}, false, nil
}

// PollsToo: the stream only adds to the polls (it cannot resume, and
// many servers of the API offer none).
func (s *source) PollsToo() {}

var _ connector.PollsToo = (*source)(nil)
