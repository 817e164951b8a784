package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
)

func (p *page) loc() *time.Location {
	if p.WS != nil {
		if l, err := time.LoadLocation(p.WS.TimeZone); err == nil {
			return l
		}
	}
	return time.UTC
}

// calDay is one day cell of the calendar.
type calDay struct {
	Date    string // YYYY-MM-DD
	Day     int
	InRange bool // in the month shown (month view)
	Today   bool
	Posts   []calPost
}

// calPost is a post on the calendar.
type calPost struct {
	ID       int64
	Time     string // HH:MM in the workspace's zone
	Status   model.PostStatus
	Text     string
	Channels string
}

type calendarData struct {
	View                 string // month or week
	Title                string
	Weeks                [][]calDay
	Weekdays             []string
	PrevURL, NextURL     string
	TodayURL, OtherView  string
	Channels             []publish.ChannelView
	Statuses             []model.PostStatus
	InReview             []model.Post
	Held                 []model.Post
	Channel, Campaign    string
	Label                string
	Status               string
	RescheduleURLPattern string
}

var postStatuses = []model.PostStatus{model.PostDraft, model.PostInReview, model.PostApproved, model.PostScheduled, model.PostPublishing,
	model.PostPublished, model.PostFailed, model.PostHeld, model.PostCancelled}

func (s *server) calendarPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.calendar_title", "publishing"
	q := r.URL.Query()
	loc := p.loc()
	now := time.Now().In(loc)
	anchor := now
	if d, err := time.ParseInLocation("2006-01-02", q.Get("date"), loc); err == nil {
		anchor = d
	}
	d := calendarData{View: "month", Statuses: postStatuses, Channel: q.Get("channel"), Campaign: q.Get("campaign"), Label: q.Get("label"), Status: q.Get("status")}
	if q.Get("view") == "week" {
		d.View = "week"
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc) }
	monday := func(t time.Time) time.Time { return day(t).AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) }
	var from, until, prev, next time.Time
	if d.View == "week" {
		from = monday(anchor)
		until = from.AddDate(0, 0, 7)
		prev, next = from.AddDate(0, 0, -7), until
		d.Title = p.T("publish.week_of", from.Format("2006-01-02"))
	} else {
		first := time.Date(anchor.Year(), anchor.Month(), 1, 0, 0, 0, 0, loc)
		from = monday(first)
		last := first.AddDate(0, 1, 0)
		until = monday(last.AddDate(0, 0, -1)).AddDate(0, 0, 7)
		prev, next = first.AddDate(0, -1, 0), last
		d.Title = p.T("month."+strconv.Itoa(int(first.Month()))) + " " + strconv.Itoa(first.Year())
	}
	filters := url.Values{}
	for _, k := range []string{"channel", "campaign", "label", "status"} {
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	link := func(view string, t time.Time) string {
		v := url.Values{}
		for k, vs := range filters {
			v[k] = vs
		}
		v.Set("view", view)
		v.Set("date", t.Format("2006-01-02"))
		return wsURL(p, "publishing") + "?" + v.Encode()
	}
	d.PrevURL, d.NextURL, d.TodayURL = link(d.View, prev), link(d.View, next), link(d.View, now)
	if d.View == "week" {
		d.OtherView = link("month", from)
	} else {
		d.OtherView = link("week", anchor)
	}
	for i := 1; i <= 7; i++ {
		d.Weekdays = append(d.Weekdays, p.T("weekday."+strconv.Itoa(i%7)))
	}
	pq := publish.PostQuery{From: from.Format(time.RFC3339), Until: until.Format(time.RFC3339), Campaign: d.Campaign, Label: d.Label, Status: d.Status, Limit: 2000}
	if id, err := strconv.ParseInt(d.Channel, 10, 64); err == nil {
		pq.Channel = id
	}
	posts, err := s.Publish.Posts(r.Context(), p.WS.Slug, pq)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	byDay := map[string][]calPost{}
	for _, po := range posts {
		t := po.ScheduledAt.In(loc)
		var chans []string
		for _, v := range po.Variants {
			chans = append(chans, v.ChannelName)
		}
		key := t.Format("2006-01-02")
		byDay[key] = append(byDay[key], calPost{ID: po.ID, Time: t.Format("15:04"), Status: po.Status, Text: shorten(po.Text, 80), Channels: strings.Join(chans, ", ")})
	}
	for wk := from; wk.Before(until); wk = wk.AddDate(0, 0, 7) {
		var row []calDay
		for i := 0; i < 7; i++ {
			t := wk.AddDate(0, 0, i)
			key := t.Format("2006-01-02")
			row = append(row, calDay{Date: key, Day: t.Day(), InRange: d.View == "week" || t.Month() == anchor.Month(),
				Today: key == now.Format("2006-01-02"), Posts: byDay[key]})
		}
		d.Weeks = append(d.Weeks, row)
	}
	if d.Channels, err = s.Publish.Channels(r.Context(), p.WS.Slug); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if d.InReview, err = s.Publish.Posts(r.Context(), p.WS.Slug, publish.PostQuery{Status: string(model.PostInReview), Limit: 50}); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if d.Held, err = s.Publish.Posts(r.Context(), p.WS.Slug, publish.PostQuery{Status: string(model.PostHeld), Limit: 200}); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "publish_calendar", p)
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// composerData is the composer.
type composerData struct {
	Channels []publish.ChannelView
	Selected map[int64]bool
	Variants map[int64]string
	Thread   []string
}

// ThreadSlots are the follow-up inputs: those written, and two more.
func (d composerData) ThreadSlots() []string {
	return append(slices.Clone(d.Thread), "", "")
}

// Files numbers the attachment slots of the form.
func (d composerData) Files() []int { return []int{1, 2, 3, 4} }

// Checked and VariantText help the template refill the form.
func (d composerData) Checked(id int64) bool       { return d.Selected[id] }
func (d composerData) VariantText(id int64) string { return d.Variants[id] }

func (s *server) composerPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.compose_title", "publishing"
	cs, err := s.Publish.Channels(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["when"] = r.URL.Query().Get("date")
	if p.Fields["when"] != "" {
		p.Fields["when"] += "T09:00"
	}
	p.Data = composerData{Channels: cs, Selected: map[int64]bool{}, Variants: map[int64]string{}}
	s.render(w, r, http.StatusOK, "publish_composer", p)
}

// maxComposerUpload bounds a composer form with its attachments.
const maxComposerUpload = composerFiles*16<<20 + 1<<20

// composerFiles is how many attachments the composer offers.
const composerFiles = 4

func (s *server) composePost(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.compose_title", "publishing"
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, maxComposerUpload)
		if err = r.ParseMultipartForm(8 << 20); err != nil {
			err = httpx.JSONError(err, maxComposerUpload)
		}
	} else {
		err = s.form(w, r)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	cs, err := s.Publish.Channels(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d := composerData{Channels: cs, Selected: map[int64]bool{}, Variants: map[int64]string{}}
	in := publish.PostInput{Text: r.PostForm.Get("text"), ScheduledAt: r.PostForm.Get("when"), Campaign: r.PostForm.Get("campaign"),
		Notes: r.PostForm.Get("notes"), Variants: publish.Variants{}, Labels: strings.Split(r.PostForm.Get("labels"), ",")}
	for _, t := range r.PostForm["thread"] {
		if strings.TrimSpace(t) != "" { // the form's spare inputs stay empty
			in.Thread = append(in.Thread, t)
		}
	}
	d.Thread = in.Thread
	for _, v := range r.PostForm["channel"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Channels = append(in.Channels, id)
			d.Selected[id] = true
		}
	}
	for _, c := range cs {
		if t := strings.TrimSpace(r.PostForm.Get("variant_" + strconv.FormatInt(c.ID, 10))); t != "" {
			d.Variants[c.ID] = t
			if d.Selected[c.ID] {
				in.Variants[strconv.FormatInt(c.ID, 10)] = publish.VariantInput{Text: t}
			}
		}
	}
	if r.PostForm.Get("slot") == "next" {
		in.ScheduledAt, in.Slot = "", "next"
	}
	for _, k := range []string{"text", "when", "campaign", "labels", "notes"} {
		p.Fields[k] = r.PostForm.Get(k)
	}
	p.Data = d
	if r.MultipartForm != nil {
		for i := 1; i <= composerFiles; i++ {
			f, _, ferr := r.FormFile("media" + strconv.Itoa(i))
			if ferr != nil {
				continue // no file in this slot
			}
			m, err := s.Publish.UploadMedia(r.Context(), p.WS.Slug, f, r.PostForm.Get("alt"+strconv.Itoa(i)))
			f.Close()
			if err != nil {
				s.fail(w, r, err, "publish_composer", p)
				return
			}
			in.Media = append(in.Media, m.ID)
		}
	}
	post, err := s.Publish.CreatePost(r.Context(), p.WS.Slug, in)
	if err != nil {
		s.fail(w, r, err, "publish_composer", p)
		return
	}
	s.redirect(w, r, wsURL(p, "publishing/posts/"+strconv.FormatInt(post.ID, 10)), postFlash(post.Status))
}

type postData struct {
	Post     model.Post
	When     string // datetime-local value in the workspace's zone
	Attempts map[string][]model.PublishAttempt
}

// Allowed says which workflow buttons the post page shows (the service
// decides in the end).
func (d postData) Allowed(p *page, action string) bool {
	st := d.Post.Status
	open := st == model.PostDraft || st == model.PostInReview || st == model.PostApproved || st == model.PostScheduled || st == model.PostHeld || st == model.PostFailed
	switch action {
	case "submit":
		return st == model.PostDraft && p.Can("editor")
	case "approve", "reject":
		return st == model.PostInReview && p.Can("manager")
	case "publish-now":
		return open && p.Can("manager")
	case "cancel":
		return open && (p.Can("manager") || st == model.PostDraft || st == model.PostInReview)
	case "reschedule":
		return open && (p.Can("manager") || st == model.PostDraft || st == model.PostInReview)
	}
	return false
}

func (s *server) postPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.post_title", "publishing"
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.showPost(w, r, p, id, http.StatusOK)
}

func (s *server) showPost(w http.ResponseWriter, r *http.Request, p *page, id int64, status int) {
	post, err := s.Publish.Post(r.Context(), p.WS.Slug, id)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	d := postData{Post: post}
	if post.ScheduledAt != nil {
		d.When = post.ScheduledAt.In(p.loc()).Format("2006-01-02T15:04")
	}
	if d.Attempts, err = s.Publish.Attempts(r.Context(), p.WS.Slug, id); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	if p.Fields["when"] == "" {
		p.Fields["when"] = d.When
	}
	p.Data = d
	s.render(w, r, status, "publish_post", p)
}

// reschedulePost moves a post to another time: from the post page's form,
// or from the calendar (drag and drop, or the keyboard), which sends the
// new day with the post's time of day.
func (s *server) reschedulePost(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.post_title", "publishing"
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	when := r.PostForm.Get("when")
	if _, err := s.Publish.UpdatePost(r.Context(), p.WS.Slug, id, publish.PostUpdate{ScheduledAt: &when}); err != nil {
		p.Fields["when"] = when
		p.Error, p.FieldError = "", ""
		if r.Header.Get("X-Parvis-Calendar") != "" {
			status, d, _ := httpx.Describe(r.Context(), s.Log, err)
			http.Error(w, d.Message, status)
			return
		}
		s.failOnPost(w, r, p, id, err)
		return
	}
	if r.Header.Get("X-Parvis-Calendar") != "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	back := safeNext(r.PostForm.Get("back"))
	if back == "/" {
		back = wsURL(p, "publishing/posts/"+strconv.FormatInt(id, 10))
	}
	s.redirect(w, r, back, "flash.publish_rescheduled")
}

// postActionForm runs a workflow button of the post page.
func (s *server) postActionForm(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.post_title", "publishing"
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	ctx, ws := r.Context(), p.WS.Slug
	var post model.Post
	switch action := r.PathValue("action"); action {
	case "submit":
		post, err = s.Publish.Submit(ctx, ws, id)
	case "approve":
		post, err = s.Publish.Approve(ctx, ws, id)
	case "reject":
		p.Fields["comment"] = r.PostForm.Get("comment")
		post, err = s.Publish.Reject(ctx, ws, id, r.PostForm.Get("comment"))
	case "publish-now":
		post, err = s.Publish.PublishNow(ctx, ws, id)
	case "cancel":
		post, err = s.Publish.Cancel(ctx, ws, id)
	default:
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.failOnPost(w, r, p, id, err)
		return
	}
	s.redirect(w, r, wsURL(p, "publishing/posts/"+strconv.FormatInt(id, 10)), postFlash(post.Status))
}

// failOnPost shows the post page again with the error of an action.
func (s *server) failOnPost(w http.ResponseWriter, r *http.Request, p *page, id int64, err error) {
	status, d, e := httpx.Describe(r.Context(), s.Log, err)
	if e.Kind == apperr.KindNotFound || e.Kind == apperr.KindForbidden || e.Kind == apperr.KindInternal || e.Kind == apperr.KindUnauthenticated {
		s.fail(w, r, err, "", p)
		return
	}
	p.Error, p.FieldError = d.Message, d.Field
	s.showPost(w, r, p, id, status)
}

// Actions are the workflow buttons, in order.
func (d postData) Actions() []string { return []string{"submit", "approve", "publish-now", "cancel"} }

// postFlash is the message shown after a post reached a status.
func postFlash(st model.PostStatus) string {
	switch st {
	case model.PostDraft:
		return "flash.publish_draft"
	case model.PostInReview:
		return "flash.publish_in_review"
	case model.PostApproved:
		return "flash.publish_approved"
	case model.PostScheduled:
		return "flash.publish_scheduled"
	case model.PostPublishing:
		return "flash.publish_publishing"
	case model.PostPublished:
		return "flash.publish_published"
	case model.PostFailed:
		return "flash.publish_failed"
	case model.PostHeld:
		return "flash.publish_held"
	case model.PostCancelled:
		return "flash.publish_cancelled"
	}
	return ""
}

type channelsData struct {
	Channels []publish.ChannelView
	// AuthorizeURL is where to continue a Mastodon connection (a link, not
	// a redirect: the pages' form-action policy forbids leaving the site
	// after a form).
	AuthorizeURL string
}

func (s *server) channelsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.channels_title", "publishing"
	s.showChannels(w, r, p, http.StatusOK, "")
}

func (s *server) showChannels(w http.ResponseWriter, r *http.Request, p *page, status int, authorize string) {
	cs, err := s.Publish.Channels(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Data = channelsData{Channels: cs, AuthorizeURL: authorize}
	s.render(w, r, status, "publish_channels", p)
}

// connectMastodon starts the OAuth flow (new channel, or reconnecting one).
func (s *server) connectMastodon(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.channels_title", "publishing"
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	in := publish.OAuthStart{InstanceURL: r.PostForm.Get("instance_url"), Name: r.PostForm.Get("name")}
	in.ChannelID, _ = strconv.ParseInt(r.PostForm.Get("channel_id"), 10, 64)
	for _, k := range []string{"instance_url", "name"} {
		p.Fields[k] = r.PostForm.Get(k)
	}
	res, err := s.Publish.StartMastodonOAuth(r.Context(), p.WS.Slug, in)
	if err != nil {
		cs, _ := s.Publish.Channels(r.Context(), p.WS.Slug)
		p.Data = channelsData{Channels: cs}
		s.fail(w, r, err, "publish_channels", p)
		return
	}
	s.showChannels(w, r, p, http.StatusOK, res.AuthorizeURL)
}

// mastodonCallback is where the instance sends the person back.
func (s *server) mastodonCallback(w http.ResponseWriter, r *http.Request, p *page) {
	q := r.URL.Query()
	_, slug, err := s.Publish.FinishMastodonOAuth(r.Context(), q.Get("state"), q.Get("code"))
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, "/w/"+url.PathEscape(slug)+"/publishing/channels", "flash.publish_connected")
}
