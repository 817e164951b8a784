package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/testutil/browser"
)

// TestBrowserComposeApproveCalendar drives a real Chromium: an editor
// composes a post for two channels with a different text on one (the live
// counters follow), it goes to review; the owner approves it and finds it
// on the calendar, then moves it a day later with the keyboard.
func TestBrowserComposeApproveCalendar(t *testing.T) {
	s := newPublishSite(t)
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
	login := func(email string) {
		t.Helper()
		step("log in as "+email,
			chromedp.Navigate(s.URL+"/login"),
			chromedp.WaitVisible(css(`form[action="/login"]`)),
			chromedp.SendKeys(css("#f-email"), email),
			chromedp.SendKeys(css("#f-password"), password),
			chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
			chromedp.WaitNotPresent(css(`form[action="/login"]`)),
		)
	}
	a, b := strconv.FormatInt(s.hookA.ID, 10), strconv.FormatInt(s.hookB.ID, 10)
	day := time.Now().AddDate(0, 1, 0)
	date := day.Format("2006-01-02")

	login("ed@example.com")
	step("open the composer",
		chromedp.Navigate(s.URL+"/w/acme/publishing/new"),
		chromedp.WaitVisible(css("form.composer")),
		chromedp.SendKeys(css("#f-text"), "Fête des lumières 🎆 ce soir"),
		chromedp.Click(css(`input[name=channel][value="`+a+`"]`)),
		chromedp.Click(css(`input[name=channel][value="`+b+`"]`)),
		chromedp.Click(css(`.variant[data-channel="`+b+`"] summary`)),
		chromedp.SendKeys(css("#f-variant-"+b), "Version B, plus courte"),
	)
	if got := text(`.counter[data-for="` + a + `"]`); got != "27 / 100000" {
		t.Errorf("counter of channel A = %q, want 27 / 100000 (the base text)", got)
	}
	if got := text(`.counter[data-for="` + b + `"]`); got != "22 / 100000" {
		t.Errorf("counter of channel B = %q, want 22 / 100000 (its own text)", got)
	}
	// Too long for a channel: the counter says so, in the page's language.
	input := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+sel+`').dispatchEvent(new Event('input', {bubbles: true}))`))
			return err
		})
	}
	step("paste a text too long for channel B", chromedp.SetValue(css("#f-variant-"+b), strings.Repeat("x", 100022)), input("#f-variant-"+b))
	if got := text(`.counter[data-for="` + b + `"]`); got != "100022 / 100000 — 22 characters too many for this channel" {
		t.Errorf("counter over the limit = %q", got)
	}
	step("put the short text back", chromedp.SetValue(css("#f-variant-"+b), "Version B, plus courte"), input("#f-variant-"+b))
	// A follow-up: each channel's preview shows the text, then the
	// follow-up with its own count; markup typed stays text.
	step("write a follow-up", chromedp.SendKeys(css("#f-thread-0"), "Suite <b>2</b>"))
	if got := text(`.preview[data-preview="` + b + `"]`); strings.Join(strings.Fields(got), " ") != "Version B, plus courte 22 / 100000 Suite <b>2</b> ↳ 14 / 100000" {
		t.Errorf("preview of channel B = %q", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.preview b').length`)); n != 0 {
		t.Errorf("the preview rendered typed markup (%d <b> elements)", n)
	}
	step("submit the post with a time",
		chromedp.SetValue(css("#f-when"), date+"T18:30"),
		chromedp.Click(css(`form.composer button[type=submit]`)),
		chromedp.WaitVisible(css(".badge.st-in_review")),
	)
	if got := text("table"); !strings.Contains(got, "Version B, plus courte") || !strings.Contains(got, "Fête des lumières 🎆 ce soir") {
		t.Errorf("variants on the post page: %q", got)
	}
	if got := text("ol.thread"); got != "Suite <b>2</b>" {
		t.Errorf("thread on the post page: %q", got)
	}
	var postURL string
	if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); err == nil {
		postURL = v
	}
	step("log out", chromedp.Click(css(`form[action="/logout"] button`)), chromedp.WaitVisible(css(`form[action="/login"]`)))

	login("ada@example.com")
	step("approve",
		chromedp.Navigate(s.URL+postURL),
		chromedp.WaitVisible(css(`form[action$="/approve"] button`)),
		chromedp.Click(css(`form[action$="/approve"] button`)),
		chromedp.WaitVisible(css(".badge.st-scheduled")),
	)
	id := postURL[strings.LastIndex(postURL, "/")+1:]
	chip := `.chip[data-post="` + id + `"]`
	step("find it on the calendar",
		chromedp.Navigate(s.URL+"/w/acme/publishing?view=month&date="+date),
		chromedp.WaitVisible(css(`td[data-date="`+date+`"] `+chip)),
	)
	if got := text(chip); !strings.Contains(got, "18:30") || !strings.Contains(got, "Hook A, Hook B") || !strings.Contains(got, "scheduled") {
		t.Errorf("calendar entry = %q", got)
	}
	next := day.AddDate(0, 0, 1).Format("2006-01-02")
	step("move it a day later with the keyboard",
		chromedp.Focus(css(chip+" a")),
		chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift)),
	)
	// The page reloads after the move; poll rather than wait on nodes of
	// the document that goes away.
	moved := false
	for range 100 {
		ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('td[data-date="`+next+`"] `+chip+`') !== null`))
		if moved = ok; moved {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !moved {
		t.Fatal("the post did not move to the next day")
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.closest('`+chip+`') !== null`)); !focused {
		t.Error("after the move the focus is not back on the post")
	}
	postID, _ := strconv.ParseInt(id, 10, 64)
	p, err := s.Publish.Post(as(s.owner), "acme", postID)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.ScheduledAt.In(mustLoc(t, "Europe/Paris")).Format("2006-01-02 15:04"); got != next+" 18:30" || p.Status != model.PostScheduled {
		t.Errorf("after the move: %s %s", got, p.Status)
	}
	png, err := browser.Screenshot(ctx, 1280, 900)
	if err == nil {
		browser.SaveScreenshot(t, "publishing-calendar-1280", png)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
