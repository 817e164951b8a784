package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parvis/parvis/internal/testutil/browser"
)

// TestBrowserTopicDashboardAndAlert drives a real Chromium: create a topic
// from its form, import items and see its dashboard fill (chart and table),
// create an "any" alert notifying a webhook, ingest a matching item, run
// the due jobs, and see the incident listed, notified and acknowledged.
func TestBrowserTopicDashboardAndAlert(t *testing.T) {
	w := newTopicWorld(t)
	var mu sync.Mutex
	var hooks []map[string]any
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		json.Unmarshal(b, &m)
		mu.Lock()
		hooks = append(hooks, m)
		mu.Unlock()
	}))
	t.Cleanup(recv.Close)

	ctx := browser.New(t, browser.Options{})
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(css(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}

	step("log in",
		chromedp.Navigate(w.URL+"/login?next=/w/acme/listening/topics/new"),
		chromedp.SendKeys(css("#f-email"), "ada@example.com"),
		chromedp.SendKeys(css("#f-password"), password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#f-query`)),
	)
	step("create a topic",
		chromedp.SendKeys(css("#f-name"), "Acme"),
		chromedp.SendKeys(css("#f-query"), `acme OR #acmelove`),
		chromedp.SetValue(css("#f-kind"), "brand"),
		chromedp.Click(css(`form.topic-form button[type=submit]`)),
		chromedp.WaitVisible(css(`#kpi-total`)),
	)
	if got := text("#kpi-total"); got != "0" {
		t.Errorf("a new topic's total = %q", got)
	}
	dashURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}

	w.importJSONL(
		fmt.Sprintf(`{"external_id":"i1","text":"Acme opens a new shop","author":{"name":"Ann","handle":"ann"},"created_at":%q}`, recent(3*time.Hour)),
		fmt.Sprintf(`{"external_id":"i2","text":"Queue at #AcmeLove","author":{"name":"Bob","handle":"bob"},"created_at":%q}`, recent(27*time.Hour)),
		fmt.Sprintf(`{"external_id":"i3","text":"acme is late again","author":{"name":"Cy","handle":"cy"},"created_at":%q}`, recent(28*time.Hour)),
		fmt.Sprintf(`{"external_id":"i4","text":"unrelated","author":"dan","created_at":%q}`, recent(time.Hour)),
	)
	w.runJobs()
	step("the dashboard fills", chromedp.Navigate(w.URL+dashURL+"?interval=day"), chromedp.WaitVisible(css(`#volume svg`)))
	if got := text("#kpi-total"); got != "3" {
		t.Errorf("total after import = %q, want 3", got)
	}
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#volume svg rect").length`))
	if err != nil || bars < 2 {
		t.Errorf("%d bars in the volume chart (%v), want at least 2 (two days)", bars, err)
	}
	// The table under the chart holds the same counts.
	step("open the table", chromedp.Click(css(`#volume details summary`)), chromedp.WaitVisible(css(`#volume details table`)))
	sum, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("#volume tbody tr")].reduce((s, tr) => s + Number(tr.cells[1].textContent), 0)`))
	if err != nil || sum != 3 {
		t.Errorf("volume table sums to %d (%v), want 3", sum, err)
	}
	if got := text("#mentions"); !strings.Contains(got, "Acme opens a new shop") || strings.Contains(got, "unrelated") {
		t.Errorf("mentions = %q", got)
	}
	// Live: a new mention updates the open dashboard without a reload.
	step("the dashboard listens", chromedp.WaitReady(css(`#live[data-state="open"]`)))
	w.importJSONL(fmt.Sprintf(`{"external_id":"i0","text":"acme live news","author":{"name":"Liv","handle":"liv"},"created_at":%q}`, recent(0)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("kpi-total").textContent === "4" && document.getElementById("mentions").textContent.includes("acme live news")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the dashboard did not follow a new mention: %v (total %q)", err, text("#kpi-total"))
	}
	shot, err := browser.Screenshot(ctx, 1280, 1400)
	if err == nil {
		browser.SaveScreenshot(t, "topic-dashboard-1280", shot)
	}

	step("create an alert",
		chromedp.Navigate(w.URL+"/w/acme/listening/alerts"),
		chromedp.WaitVisible(css(`#f-ch1_type`)),
		chromedp.SetValue(css("#f-kind"), "any"),
		chromedp.SetValue(css("#f-ch1_type"), "webhook"),
		chromedp.SendKeys(css("#f-ch1_url"), recv.URL+"/hook"),
		chromedp.Click(css(`form[action="/w/acme/listening/alerts"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#rules`)),
	)
	if got := text("#rules"); !strings.Contains(got, "Any new mention") || !strings.Contains(got, "127.0.0.1") {
		t.Errorf("rules = %q", got)
	}

	w.importJSONL(fmt.Sprintf(`{"external_id":"i5","text":"Breaking: acme recalls a product","author":{"name":"Eve","handle":"eve"},"created_at":%q}`, recent(0)))
	w.runJobs()

	step("the incident is listed",
		chromedp.Navigate(w.URL+"/w/acme/listening/incidents"),
		chromedp.WaitVisible(css(`#incidents`)),
	)
	if got := text("#incidents"); !strings.Contains(got, "Acme") || !strings.Contains(got, "open") {
		t.Errorf("incidents = %q", got)
	}
	step("open it and acknowledge it",
		chromedp.Click(css(`#incidents a`)),
		chromedp.WaitVisible(css(`#incident-posts`)),
		chromedp.Click(css(`form[action$="/ack"] button`)),
		chromedp.WaitVisible(css(`.flash`)),
	)
	if got := text("#incident-ack"); !strings.Contains(got, "Ada") {
		t.Errorf("acknowledged = %q", got)
	}
	if got := text("#incident-posts"); !strings.Contains(got, "acme recalls a product") {
		t.Errorf("top posts = %q", got)
	}
	if got := text(".timeline"); !strings.Contains(got, "opened") || !strings.Contains(got, "acknowledged by Ada") {
		t.Errorf("timeline = %q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#incident-volume svg rect").length`)); err != nil || n < 1 {
		t.Errorf("%d bars in the incident's volume curve (%v)", n, err)
	}
	// At a phone's width no page of the area scrolls sideways.
	step("phone width", chromedp.EmulateViewport(360, 740))
	for _, path := range []string{dashURL, "/w/acme/listening/topics", "/w/acme/listening/compare", "/w/acme/listening/alerts", "/w/acme/listening/incidents?state=all"} {
		step("open "+path, chromedp.Navigate(w.URL+path), chromedp.WaitVisible(css("main h1")))
		if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); overflow {
			t.Errorf("at 360px %s scrolls sideways", path)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hooks) != 1 || hooks[0]["event"] != "incident.opened" {
		t.Errorf("webhook deliveries = %v, want one incident.opened", hooks)
	}
}
