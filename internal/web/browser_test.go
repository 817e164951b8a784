package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parvis/parvis/internal/testutil/browser"
)

// TestBrowserFirstRun drives a real Chromium through the first visit:
// create the administrator, log out and in, create a workspace, switch to
// French, log out. It also checks the workspace home at phone width does
// not scroll sideways, and saves screenshots to PARVIS_SCREENSHOT_DIR.
func TestBrowserFirstRun(t *testing.T) {
	s := newSite(t)
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

	step("open the setup page",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`form[action="/setup"]`)),
	)
	// The skip link is the first thing the keyboard reaches.
	step("tab to the skip link", chromedp.KeyEvent("\t"))
	if cls, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`)); cls != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", cls)
	}

	step("create the administrator",
		chromedp.SendKeys(css("#f-email"), "ada@example.com"),
		chromedp.SendKeys(css("#f-name"), "Ada"),
		chromedp.SendKeys(css("#f-password"), password),
		chromedp.Click(css(`form[action="/setup"] button[type=submit]`)),
		chromedp.WaitVisible(css(`form[action="/workspaces"]`)),
	)
	if got := text(".flash"); !strings.Contains(got, "Parvis is set up") {
		t.Errorf("after setup, flash = %q", got)
	}

	step("log out",
		chromedp.Click(css(`form[action="/logout"] button`)),
		chromedp.WaitVisible(css(`form[action="/login"]`)),
	)
	step("log in",
		chromedp.SendKeys(css("#f-email"), "ada@example.com"),
		chromedp.SendKeys(css("#f-password"), password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`form[action="/workspaces"]`)),
	)

	step("create a workspace",
		chromedp.SendKeys(css("#f-name"), "Acme Coop"),
		chromedp.SetValue(css("#f-language"), "en"),
		chromedp.Click(css(`form[action="/workspaces"] button[type=submit]`)),
		chromedp.WaitVisible(css("nav.areas")),
	)
	if got := text("main h1"); got != "Acme Coop" {
		t.Errorf("workspace home title = %q", got)
	}
	if got := text("nav.areas"); !strings.Contains(got, "Listening") || !strings.Contains(got, "Moderation") {
		t.Errorf("areas nav = %q", got)
	}

	// htmx loaded from the binary under the strict CSP, configured by the
	// meta tag.
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof htmx === "object" && htmx.config.includeIndicatorStyles === false`)); err != nil || !ok {
		t.Errorf("htmx is not loaded and configured: %v", err)
	}

	// The layout at a phone's width: nothing wider than the screen.
	phone, err := browser.Screenshot(ctx, 360, 740)
	if err != nil {
		t.Fatal(err)
	}
	browser.SaveScreenshot(t, "workspace-home-360", phone)
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("at 360px the workspace home scrolls sideways")
	}
	desktop, err := browser.Screenshot(ctx, 1280, 800)
	if err != nil {
		t.Fatal(err)
	}
	browser.SaveScreenshot(t, "workspace-home-1280", desktop)

	// A boosted nav link (htmx) and the area it leads to.
	step("open Listening",
		chromedp.Click(css(`nav.areas a[href$="/listening"]`)),
		chromedp.WaitVisible(css(`nav.areas a[href$="/listening"][aria-current="page"]`)),
	)
	if got := text("main h1"); got != "Listening" {
		t.Errorf("area title = %q", got)
	}

	// Settings pages with tables at a phone's width.
	step("open the members page",
		chromedp.Navigate(s.URL+"/w/acme-coop/settings/members"),
		chromedp.WaitVisible(css(`form[action="/w/acme-coop/settings/members"]`)),
	)
	members, err := browser.Screenshot(ctx, 360, 740)
	if err != nil {
		t.Fatal(err)
	}
	browser.SaveScreenshot(t, "members-360", members)
	if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); overflow {
		t.Error("at 360px the members page scrolls sideways")
	}
	step("back to desktop width", chromedp.EmulateViewport(1280, 800))

	step("switch to French",
		chromedp.Click(css(`form.lang button[value="fr"]`)),
		chromedp.WaitVisible(css(`html[lang="fr"] nav.areas`)),
	)
	if got := text("main h1"); got != "Membres" {
		t.Errorf("after switching to French, title = %q", got)
	}
	if got := text("nav.areas"); !strings.Contains(got, "Modération") || !strings.Contains(got, "Paramètres") {
		t.Errorf("French nav = %q", got)
	}

	step("log out in French",
		chromedp.Click(css(`form[action="/logout"] button`)),
		chromedp.WaitVisible(css(`form[action="/login"]`)),
	)
	if got := text(".flash"); got != "Vous êtes déconnecté." {
		t.Errorf("after logout, flash = %q", got)
	}
	// The session is really gone: a workspace page sends to the login.
	step("reopen the workspace",
		chromedp.Navigate(s.URL+"/w/acme-coop/"),
		chromedp.WaitVisible(css(`form[action="/login"]`)),
	)
}
