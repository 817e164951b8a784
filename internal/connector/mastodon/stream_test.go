package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/conformancetest"
	"github.com/parvis/parvis/internal/model"
)

// streamingServer is an instance whose instance document names its
// streaming server (the same host here), which answers the health check
// and replays the recorded messages to a signed-in client.
func streamingServer(t *testing.T, streams bool) (*httptest.Server, *[]string) {
	t.Helper()
	var asked []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/instance":
			api := ""
			if streams {
				api = "ws" + srv.URL[len("http"):]
			}
			fmt.Fprintf(w, `{"uri":"piaille.test","urls":{"streaming_api":%q}}`, api)
		case "/api/v1/streaming/health":
			if !streams {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte("OK"))
		case "/api/v1/streaming":
			if r.Header.Get("Authorization") != "Bearer tok" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			asked = append(asked, r.URL.RawQuery)
			conn, err := websocket.Accept(w, r, nil)
			if err != nil {
				return
			}
			defer conn.CloseNow()
			raw, err := os.ReadFile("testdata/streaming.jsonl")
			if err != nil {
				panic(err)
			}
			for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
				if err := conn.Write(r.Context(), websocket.MessageText, line); err != nil {
					return
				}
			}
			conn.Read(r.Context()) // until the client goes
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func TestStreamingAPI(t *testing.T) {
	srv, asked := streamingServer(t, true)
	src := newSource(t, srv.URL, "hashtag").(connector.Streamer)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []model.Item
	err := src.Stream(ctx, nil, func(b connector.Batch) error {
		if b.State != nil {
			t.Errorf("the stream saved a state: %s", b.State)
		}
		got = append(got, b.Items...)
		if len(got) == 4 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream: %v", err)
	}
	if len(*asked) != 1 || (*asked)[0] != "stream=hashtag&tag=parvis" {
		t.Errorf("streams asked %v", *asked)
	}
	if len(got) != 4 {
		t.Fatalf("%d items: %+v", len(got), got)
	}
	first, edit, mention, del := got[0], got[1], got[2], got[3]
	if first.ExternalID != "113600000000000801" || first.Text != "Essai de #parvis ce matin, très fluide" || first.Author.Handle != "lea@piaille.fr" {
		t.Errorf("update %+v", first)
	}
	if edit.ExternalID != first.ExternalID || edit.Text != "Essai de #parvis ce matin, très fluide (édité)" {
		t.Errorf("status.update %+v", edit)
	}
	if mention.Kind != model.KindMention || mention.ExternalID != "113600000000000802" {
		t.Errorf("notification %+v", mention)
	}
	if !del.Deleted || del.ExternalID != "113600000000000801" || del.Network != Network {
		t.Errorf("delete %+v", del)
	}
}

func TestNoStreamingFallsBackToPolling(t *testing.T) {
	srv, _ := streamingServer(t, false) // an instance without streaming (snac2)
	err := newSource(t, srv.URL, "hashtag").(connector.Streamer).Stream(context.Background(), nil, func(connector.Batch) error { return nil })
	if !errors.Is(err, connector.ErrNoStream) {
		t.Errorf("instance without streaming: %v", err)
	}
	withStream, _ := streamingServer(t, true)
	err = newSource(t, withStream.URL, "search").(connector.Streamer).Stream(context.Background(), nil, func(connector.Batch) error { return nil })
	if !errors.Is(err, connector.ErrNoStream) {
		t.Errorf("search timeline: %v", err)
	}
	anon, err := New(json.RawMessage(fmt.Sprintf(`{"instance_url":%q,"timeline":"public"}`, withStream.URL)), conformancetest.Deps(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := anon.(connector.Streamer).Stream(context.Background(), nil, func(connector.Batch) error { return nil }); !errors.Is(err, connector.ErrNoStream) {
		t.Errorf("public stream refused without a token: %v", err)
	}
}

// FuzzStreamItem: any message gives an item, nothing, or an error — never
// a panic — and the items kept are well formed.
func FuzzStreamItem(f *testing.F) {
	raw, _ := os.ReadFile("testdata/streaming.jsonl")
	for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"event":"update","payload":"{\"id\":\"1\"}"}`))
	f.Add([]byte(`{"event":"delete","payload":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		it, ok, err := StreamItem(data)
		if err != nil || !ok {
			return
		}
		if it.Network != Network || it.ExternalID == "" {
			t.Fatalf("bad item %+v", it)
		}
		if !it.Deleted && (it.Text == "" && it.Title == "" || it.CreatedAt.IsZero()) {
			t.Fatalf("item without content or time %+v", it)
		}
	})
}
