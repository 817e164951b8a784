package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sseEvents reads the events of a stream as [name, data] pairs.
func sseEvents(resp *http.Response) <-chan [2]string {
	events := make(chan [2]string, 8)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var name string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && name != "":
				events <- [2]string{name, strings.Join(data, "\n")}
				name, data = "", nil
			}
		}
	}()
	return events
}

func TestTopicDashboardLive(t *testing.T) {
	w := newTopicWorld(t)
	acme := w.topic("Acme", "acme", "brand")
	w.topic("Globex", "globex", "competitor")
	dash := fmt.Sprintf("/w/acme/listening/topics/%d", acme.ID)

	// A period that includes now listens for new mentions and re-fetches
	// this very page (with its filters); a past period or an older page of
	// mentions does not.
	d := w.ownerC.get(dash + "?sentiment=negative")
	d.want(t, http.StatusOK, fmt.Sprintf(`data-live="%s/live"`, dash), fmt.Sprintf(`data-refresh="%s?sentiment=negative"`, dash),
		`data-region="dash-figures dash-mentions"`, `id="dash-figures"`, `id="dash-mentions"`)
	past := w.ownerC.get(dash + "?from=2024-01-01&to=2024-01-31")
	past.want(t, http.StatusOK)
	if strings.Contains(past.Body, "data-live=") {
		t.Error("a past period listens for new mentions")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	liveCtx, disconnect := context.WithCancel(ctx)
	defer disconnect()
	req, _ := http.NewRequestWithContext(liveCtx, "GET", w.URL+dash+"/live", nil)
	resp, err := w.ownerC.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := sseEvents(resp)
	next := func() [2]string {
		t.Helper()
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("the event stream ended")
			}
			return e
		case <-ctx.Done():
			t.Fatal("no event before the deadline")
		}
		return [2]string{}
	}
	if e := next(); e[0] != "ready" {
		t.Fatalf("first event %q", e[0])
	}
	// A batch with nothing about acme sends nothing; the next one, with an
	// acme mention among others, sends only that mention, escaped.
	w.importJSONL(fmt.Sprintf(`{"external_id":"g1","text":"globex only","created_at":%q}`, recent(time.Minute)))
	w.importJSONL(
		fmt.Sprintf(`{"external_id":"n1","text":"nothing here","created_at":%q}`, recent(time.Minute)),
		fmt.Sprintf(`{"external_id":"a9","text":"Acme &lt;script&gt;alert(1)&lt;/script&gt; live","author":{"name":"Eve","handle":"eve"},"created_at":%q}`, recent(time.Minute)),
	)
	e := next()
	if e[0] != "items" || !strings.Contains(e[1], "Acme &lt;script&gt;alert(1)&lt;/script&gt; live") || strings.Contains(e[1], "<script>") ||
		strings.Contains(e[1], "globex only") || strings.Contains(e[1], "nothing here") || strings.Count(e[1], `<li class="item"`) != 1 {
		t.Fatalf("event %q:\n%s", e[0], e[1])
	}
	// The re-fetched dashboard counts it.
	w.ownerC.get(dash).want(t, http.StatusOK, `<dd id="kpi-total">1</dd>`)

	// The client goes away: the handler ends.
	disconnect()
	select {
	case <-w.liveEnded:
	case <-ctx.Done():
		t.Fatal("the live handler did not end after the client left")
	}
}

func TestTopicLiveNeedsMembershipAndTopic(t *testing.T) {
	w := newTopicWorld(t)
	acme := w.topic("Acme", "acme", "brand")
	w.user("stranger@example.com")
	s := w.client()
	s.login("stranger@example.com")
	s.get(fmt.Sprintf("/w/acme/listening/topics/%d/live", acme.ID)).want(t, http.StatusNotFound)
	w.ownerC.get("/w/acme/listening/topics/999999/live").want(t, http.StatusNotFound)
}
