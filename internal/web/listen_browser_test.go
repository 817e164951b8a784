package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parvis/parvis/internal/testutil/browser"
)

// TestBrowserStreamShowsNewItemsLive opens the listening stream in a real
// Chromium, sends items to a webhook source from the test, and sees them
// appear on the page without a reload.
func TestBrowserStreamShowsNewItemsLive(t *testing.T) {
	w := newListenWorld(t)
	hook := w.webhook("Site form")
	w.importJSONL(`{"external_id":"old1","text":"An older item","author":"ann","created_at":"2026-01-01T00:00:00Z"}`)
	ctx := browser.New(t, browser.Options{})
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("log in",
		chromedp.Navigate(w.URL+"/login?next=/w/acme/listening"),
		chromedp.SendKeys(css("#f-email"), "ada@example.com"),
		chromedp.SendKeys(css("#f-password"), password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#stream li.item`)),
	)
	// The page's script has opened the event stream.
	step("live updates open", chromedp.WaitReady(css(`#live[data-state="open"]`)))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.parvisTestMarker = true`)); err != nil {
		t.Fatal(err)
	}

	body := `[{"external_id":"live1","text":"Une nouvelle &lt;b&gt;réaction&lt;/b&gt; en direct","author":{"name":"Eve","handle":"eve.example"},"url":"https://example.org/p/1"},
	{"external_id":"live2","text":"Second live item","author":"frank"}]`
	resp, err := http.Post(hook.WebhookURL, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook: %d", resp.StatusCode)
	}
	step("new items appear", chromedp.WaitVisible(css(`#stream li.item.new a[href="https://example.org/p/1"]`)))
	got, err := chromedp.Run(ctx, chromedp.Text(css(`#stream`), chromedp.NodeVisible))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Une nouvelle <b>réaction</b> en direct", "Eve", "@eve.example", "Second live item", "An older item"} {
		if !strings.Contains(got, want) {
			t.Errorf("stream lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "Second live item") > strings.Index(got, "An older item") {
		t.Error("new items are not above the older one")
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#stream li.item").length`))
	if err != nil || n != 3 {
		t.Errorf("%d items on the page (%v), want 3", n, err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(css(`#live`), chromedp.NodeVisible))
	if err != nil || !strings.Contains(notice, "2 new items") {
		t.Errorf("notice = %q (%v)", notice, err)
	}
	// No <b> element was made from the text: it is escaped.
	if bold, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#stream b").length`)); bold != 0 {
		t.Error("item text became HTML")
	}
	if still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.parvisTestMarker === true`)); err != nil || !still {
		t.Error("the page reloaded")
	}
	shot, err := browser.Screenshot(ctx, 1280, 800)
	if err == nil {
		browser.SaveScreenshot(t, "listening-live-1280", shot)
	}
	// At a phone's width neither the stream nor the sources scroll sideways.
	for _, path := range []string{"/w/acme/listening", "/w/acme/listening/sources", "/w/acme/listening/sources/new?type=bluesky_notifications"} {
		step("open "+path, chromedp.Navigate(w.URL+path), chromedp.WaitVisible(css("main h1")))
		phone, err := browser.Screenshot(ctx, 360, 740)
		if err != nil {
			t.Fatal(err)
		}
		browser.SaveScreenshot(t, "listening-360"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.TrimPrefix(path, "/w/acme/listening")), phone)
		if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); overflow {
			t.Errorf("at 360px %s scrolls sideways", path)
		}
		step("desktop width", chromedp.EmulateViewport(1280, 800))
	}
}
