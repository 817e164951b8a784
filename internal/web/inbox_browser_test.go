package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/testutil/browser"
)

// TestBrowserInboxKeyboardFlow is the inbox's day in a real Chromium: the
// list is open when a mention arrives through listening; the person
// assigns it to themselves with the keyboard, opens it, answers with a
// saved reply (sent by a durable job to the test's Mastodon), sees the
// reply confirmed live, and closes it — counted against the response
// target.
func TestBrowserInboxKeyboardFlow(t *testing.T) {
	w := newInboxWorld(t)
	if _, err := w.Inbox.CreateSavedReply(as(w.owner), "acme", inbox.SavedReplyInput{Name: "thanks", Lang: "fr",
		Body: "Merci {{author_name}}, nous regardons. {{agent_name}}"}); err != nil {
		t.Fatal(err)
	}
	ctx := browser.New(t, browser.Options{})
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	key := func(keys string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(keys, asTyped) }
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("log in",
		chromedp.Navigate(w.URL+"/login?next=/w/acme/inbox"),
		chromedp.SendKeys(css("#f-email"), "ada@example.com"),
		chromedp.SendKeys(css("#f-password"), password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#inbox-empty`)),
		chromedp.WaitReady(css(`#inbox-live[data-state="open"]`)),
	)

	// A mention arrives while the list is open.
	w.importJSONL(mention("m1", "lea@piaille.example", "Léa &lt;b&gt;", "@acme bonjour, la connexion échoue &lt;img src=x onerror=alert(1)&gt;"))
	c := w.only()
	row := "#conv-" + strconvFormat(c.ID)
	step("the conversation appears live", chromedp.WaitVisible(css(row+".new")))
	notice, err := chromedp.Run(ctx, chromedp.Text(css("#inbox-live"), chromedp.NodeVisible))
	if err != nil || !strings.Contains(notice, "1 new or updated conversation") {
		t.Errorf("notice = %q (%v)", notice, err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#inbox-list img, #inbox-list b").length`)); n != 0 {
		t.Error("the live row made HTML of the text or the name")
	}

	// j selects it, a assigns it to me (the bulk form, one row checked).
	step("select and assign with the keyboard",
		key("?"),
		chromedp.WaitVisible(css("#keys .keymap")),
		key("?"),
		key("j"),
		chromedp.WaitVisible(css(row+".current")),
		key("a"),
		chromedp.WaitVisible(css(row+` .assignee`)),
	)
	if got := w.only(); got.AssigneeID == nil || *got.AssigneeID != w.owner.ID {
		t.Fatalf("assignee = %v, want %d", got.AssigneeID, w.owner.ID)
	}

	// o opens it; the saved reply is filled in for Léa and sent.
	step("open with the keyboard",
		key("j"),
		key("o"),
		chromedp.WaitVisible(css(`#reply-form`)),
		chromedp.WaitReady(css(`#thread[data-state="open"]`)),
	)
	step("use the saved reply",
		chromedp.Click(css("#saved-use")),
	)
	text, err := chromedp.Run(ctx, chromedp.Value(css("#f-text")))
	if err != nil || text != "Merci Léa <b>, nous regardons. Ada" {
		t.Fatalf("reply box = %q (%v)", text, err)
	}
	counter, _ := chromedp.Run(ctx, chromedp.Text(css("#reply-count")))
	// The count includes the "@lea@piaille.example " Mastodon adds.
	if !strings.Contains(counter, "55 characters") {
		t.Errorf("counter = %q", counter)
	}
	// r focuses the reply box; typing there is not a shortcut.
	step("type in the reply", chromedp.Click(css("h1")), key("r"), key(" e"))
	if active, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); active != "f-text" {
		t.Errorf("after r the focus is on %q", active)
	}
	if got := w.only(); got.Status != model.ConvOpen {
		t.Fatalf("typing \"e\" in the reply box acted: %s", got.Status)
	}
	step("send", chromedp.Click(css("#reply-send")), chromedp.WaitVisible(css(`#thread .reply.reply-queued`)),
		chromedp.WaitReady(css(`#thread[data-state="open"]`)))

	// The job runs: the reply's status changes on the open page.
	w.runJobs()
	step("the reply is sent, live", chromedp.WaitVisible(css(`#thread .rs-sent`)))
	sent := w.Mastodon.sent()
	if len(sent) != 1 || sent[0]["status"] != "@lea@piaille.example Merci Léa <b>, nous regardons. Ada e" || sent[0]["in_reply_to_id"] != "m1" {
		t.Fatalf("statuses on Mastodon: %+v", sent)
	}

	// e closes it.
	step("close with the keyboard", chromedp.Click(css("h1")), key("e"), chromedp.WaitVisible(css(`#act-status-closed[aria-pressed="true"]`)))
	got := w.only()
	if got.Status != model.ConvClosed || got.FirstResponseSeconds == nil || got.ResolvedAt == nil || got.Breached {
		t.Fatalf("closed conversation: status %s, first response %v, resolved %v, breached %v", got.Status, got.FirstResponseSeconds, got.ResolvedAt, got.Breached)
	}
	page, _ := chromedp.Run(ctx, chromedp.Text(css("main")))
	for _, want := range []string{"Closed", "First response in", "Resolved in"} {
		if !strings.Contains(page, want) {
			t.Errorf("conversation page lacks %q", want)
		}
	}
	// u goes back to the list, which counts it closed and on time.
	step("back to the list", key("u"), chromedp.WaitVisible(css("#count-closed")))
	for sel, want := range map[string]string{"#count-closed": "1", "#count-open": "0", "#count-breached": "0"} {
		if n, _ := chromedp.Run(ctx, chromedp.Text(css(sel))); n != want {
			t.Errorf("%s = %q, want %s", sel, n, want)
		}
	}
	if shot, err := browser.Screenshot(ctx, 1280, 800); err == nil {
		browser.SaveScreenshot(t, "inbox-1280", shot)
	}
	// At a phone's width neither page scrolls sideways.
	for name, path := range map[string]string{"list": "/w/acme/inbox", "conversation": convPath(c), "settings": "/w/acme/inbox/settings"} {
		step("open "+path, chromedp.Navigate(w.URL+path), chromedp.WaitVisible(css("main h1")))
		phone, err := browser.Screenshot(ctx, 360, 740)
		if err != nil {
			t.Fatal(err)
		}
		browser.SaveScreenshot(t, "inbox-360-"+name, phone)
		if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); overflow {
			t.Errorf("at 360px the %s scrolls sideways", name)
		}
		if name == "conversation" {
			if shot, err := browser.Screenshot(ctx, 1280, 800); err == nil {
				browser.SaveScreenshot(t, "inbox-conversation-1280", shot)
			}
		}
		step("desktop width", chromedp.EmulateViewport(1280, 800))
	}
}

// asTyped makes a synthesized key press behave as a typed one: the text
// rides on the keydown (which a page may cancel, as shortcuts do) instead
// of a separate "char" event that the page cannot cancel.
func asTyped(p *input.DispatchKeyEventParams) {
	switch p.Type {
	case kb.KeyChar:
		p.Type, p.Text, p.UnmodifiedText = kb.KeyUp, "", ""
	case kb.KeyDown:
		if len([]rune(p.Key)) == 1 {
			p.Text, p.UnmodifiedText = p.Key, p.Key
		}
	}
}
